// Package baseline reads and writes faultline.baseline.yaml, the list of couplings
// a project already has, so that `faultline check` fails only on new ones.
//
// The file holds finding keys (kind, from, to, subject), never positions, so moving
// code leaves it alone. Each entry carries a count: how many findings share its key.
//
// Counting rules, applied by Apply:
//   - When a check finds more findings of a key than the entry counts, the extra ones
//     are new: the known ones are the first in file order (path, line, column), so the
//     ones reported as new are the last. A coupling added above an old one of the same
//     key therefore shows up at the old one's place; the key and the count are right
//     either way.
//   - When it finds fewer, the entry is stale, wholly or in part: Apply reports a
//     stale-baseline finding at the entry's line, which fails the check until
//     `faultline baseline` shrinks the file. A partly stale entry fails too, so that
//     a coupling once cut cannot come back unnoticed under the old count (the ratchet
//     only turns one way).
//
// Only findings that would fail a check go into a baseline (errors and warnings no
// allow entry or faultline:ignore covers), and never faultline's findings about its
// own files (stale-baseline, stale-allow, unused-ignore, config): those are fixed by
// editing the file they point at. See Eligible.
package baseline

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/faultline/faultline/finding"
)

// FileName is the baseline's file name; it lives beside faultline.yaml.
const FileName = "faultline.baseline.yaml"

// Version is the file format version written and understood.
const Version = 1

// Path returns the baseline file of the configuration directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Baseline is the set of known couplings.
type Baseline struct {
	// File is the path stale-baseline findings point at. Read sets it to the path
	// it read; Load sets it to FileName, relative to the configuration directory
	// like the paths of check.Result.
	File string
	// Entries are sorted by From, Kind, To and Subject; no two share a key.
	Entries []Entry
}

// Entry is one key of the baseline and how many findings share it.
type Entry struct {
	Kind    finding.Kind
	From    string
	To      string
	Subject string
	Count   int
	// Line and Column locate the entry in the file it was read from; 0 for
	// entries built by FromFindings.
	Line, Column int
}

// Key is the key of the findings the entry stands for (finding.Finding.Key).
func (e Entry) Key() string {
	return finding.Finding{Kind: e.Kind, From: e.From, To: e.To, Subject: e.Subject}.Key()
}

// String renders the entry as "kind from->to subject (×count)".
func (e Entry) String() string {
	return fmt.Sprintf("%s (×%d)", e.Key(), e.Count)
}

func compareEntries(a, b Entry) int {
	return cmp.Or(
		cmp.Compare(a.From, b.From),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.To, b.To),
		cmp.Compare(a.Subject, b.Subject),
	)
}

// Eligible reports whether a baseline holds f: an error or warning that no allow
// entry (or faultline:ignore, which the suppress package records the same way)
// covers, of a kind other than faultline's own file checks. These are also the
// findings Apply matches against the baseline; any other finding passes through.
func Eligible(f finding.Finding) bool {
	return f.AllowedBy == "" && (f.Severity == finding.Error || f.Severity == finding.Warning) && finding.Excusable(f.Kind)
}

// FromFindings builds the baseline of the eligible findings: one entry per key,
// counting the findings that share it.
func FromFindings(findings []finding.Finding) *Baseline {
	byKey := map[string]int{}
	b := &Baseline{File: FileName}
	for _, f := range findings {
		if !Eligible(f) {
			continue
		}
		if i, ok := byKey[f.Key()]; ok {
			b.Entries[i].Count++
			continue
		}
		byKey[f.Key()] = len(b.Entries)
		b.Entries = append(b.Entries, Entry{Kind: f.Kind, From: f.From, To: f.To, Subject: f.Subject, Count: 1})
	}
	slices.SortFunc(b.Entries, compareEntries)
	return b
}

// Len returns how many findings the baseline counts, over all its entries.
func (b *Baseline) Len() int {
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	return n
}

// Apply sets the findings of a check against the baseline. Of each key, as many
// eligible findings as the entry counts are known (the first in file order); the
// rest are fresh. fresh holds every finding that is not known, in the order given:
// the new ones, and those a baseline never holds (allowed, info, faultline's own),
// so the caller keeps showing them as before. stale has one stale-baseline finding
// (severity error) per entry that now counts more than occur, at the entry's line.
//
// A nil baseline knows nothing: fresh is findings, known and stale are nil.
func (b *Baseline) Apply(findings []finding.Finding) (fresh, known, stale []finding.Finding) {
	if b == nil {
		return findings, nil, nil
	}
	left := make(map[string]int, len(b.Entries))
	for _, e := range b.Entries {
		left[e.Key()] += e.Count
	}
	// Decide which findings are known in file order, whatever order they came in.
	order := make([]int, 0, len(findings))
	for i, f := range findings {
		if Eligible(f) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return finding.Compare(findings[i], findings[j]) })
	isKnown := make([]bool, len(findings))
	for _, i := range order {
		k := findings[i].Key()
		if left[k] > 0 {
			left[k]--
			isKnown[i] = true
		}
	}
	for i, f := range findings {
		if isKnown[i] {
			known = append(known, f)
		} else {
			fresh = append(fresh, f)
		}
	}
	for _, e := range b.Entries {
		gone := min(left[e.Key()], e.Count)
		if gone == 0 {
			continue
		}
		left[e.Key()] -= gone
		stale = append(stale, b.staleFinding(e, gone))
	}
	return fresh, known, stale
}

func (b *Baseline) staleFinding(e Entry, gone int) finding.Finding {
	arrow := e.From + "->" + e.To
	var msg string
	if gone == e.Count {
		msg = fmt.Sprintf("baseline entry %s %s %q no longer occurs: the coupling is gone", e.Kind, arrow, e.Subject)
	} else {
		msg = fmt.Sprintf("baseline entry %s %s %q counts %d but %d occur now: %d of them are gone", e.Kind, arrow, e.Subject, e.Count, e.Count-gone, gone)
	}
	file := b.File
	if file == "" {
		file = FileName
	}
	return finding.Finding{
		Kind:     finding.StaleBaseline,
		Severity: finding.Error,
		From:     e.From,
		To:       e.To,
		Subject:  string(e.Kind) + " " + e.Subject,
		File:     file,
		Line:     e.Line,
		Column:   e.Column,
		Message:  msg,
		Fix:      "run `faultline baseline` to shrink " + FileName + " and commit it, so the coupling cannot come back unnoticed",
	}
}

// Delta is how one baseline differs from another.
type Delta struct {
	// Added are the keys the new baseline has more of, with Count the increase;
	// Removed those it has fewer of, with Count the decrease. Both are sorted.
	Added, Removed []Entry
}

// Grows reports whether the new baseline adds keys or counts.
func (d Delta) Grows() bool { return len(d.Added) > 0 }

// Empty reports whether the two baselines hold the same keys and counts.
func (d Delta) Empty() bool { return len(d.Added) == 0 && len(d.Removed) == 0 }

// Diff compares the baseline next with old; a nil old is empty.
func Diff(old, next *Baseline) Delta {
	counts := map[string]int{}
	entries := map[string]Entry{}
	if old != nil {
		for _, e := range old.Entries {
			counts[e.Key()] -= e.Count
			entries[e.Key()] = e
		}
	}
	if next != nil {
		for _, e := range next.Entries {
			counts[e.Key()] += e.Count
			if _, ok := entries[e.Key()]; !ok {
				entries[e.Key()] = e
			}
		}
	}
	var d Delta
	for k, n := range counts {
		e := entries[k]
		e.Line, e.Column = 0, 0
		switch {
		case n > 0:
			e.Count = n
			d.Added = append(d.Added, e)
		case n < 0:
			e.Count = -n
			d.Removed = append(d.Removed, e)
		}
	}
	slices.SortFunc(d.Added, compareEntries)
	slices.SortFunc(d.Removed, compareEntries)
	return d
}
