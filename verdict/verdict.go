// Package verdict decides, once for the complete findings of a run, which of them
// fail: allow entries of faultline.yaml, faultline:ignore comments and the baseline
// are applied here and nowhere else, and an entry, comment or baseline line that
// covers nothing in that complete list is reported stale.
//
// Detectors (the analyzers, the query files, the schema and live checks) only
// produce findings. A go vet run, which sees one package at a time, asks Excused
// what to leave out of what it prints and never judges staleness.
package verdict

import (
	"fmt"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/suppress"
)

// Options say what to judge a run's findings by.
type Options struct {
	Config *config.Config
	// Sources are files to read faultline:ignore comments from besides those the
	// findings point at (suppress.ProjectFiles), relative to Config.Dir or absolute.
	Sources []string
	// Baseline is the recorded findings; nil judges without one.
	Baseline *baseline.Baseline
	// Whole says the run covered the whole project, so that an allow entry, a
	// comment or a baseline entry covering nothing is stale rather than unseen.
	Whole bool
	// Derive, when set, computes the findings that depend on the verdict of the
	// others (the cycles of the graph, excused when every edge of the loop is); it
	// gets the findings with allow entries and comments applied.
	Derive func(judged []finding.Finding) []finding.Finding
}

// Result is the verdict on a run.
type Result struct {
	// Findings are every finding of the run, those an allow entry or a comment lets
	// through marked with their Excuse, those the baseline knows left out, plus
	// the reports of stale entries and comments.
	Findings []finding.Finding
	// Known are the findings the baseline lets through.
	Known []finding.Finding
	// Stale counts the baseline entries that no longer occur.
	Stale int
}

// Apply judges the complete findings of a run, paths relative to opts.Config.Dir.
func Apply(findings []finding.Finding, opts Options) (*Result, error) {
	cfg := opts.Config
	used := make([]bool, len(cfg.Allow))
	allow := func(fs []finding.Finding) {
		for i := range fs {
			if fs[i].Excuse != nil {
				continue
			}
			if j := allowIndex(cfg, fs[i]); j >= 0 {
				a := cfg.Allow[j]
				used[j] = true
				fs[i].SetExcuse(finding.Excuse{By: finding.ByAllow, Reason: a.Reason, File: a.Pos.File, Line: a.Pos.Line, Column: a.Pos.Column})
			}
		}
	}
	out := append([]finding.Finding(nil), findings...)
	allow(out)
	var sources []string
	if opts.Whole {
		sources = opts.Sources
	}
	out, problems, err := suppress.Filter(cfg.Dir, out, sources)
	if err != nil {
		return nil, err
	}
	if opts.Derive != nil {
		derived := opts.Derive(out)
		allow(derived)
		out = append(out, derived...)
	}
	if opts.Whole {
		out = append(out, problems...)
		out = append(out, staleAllows(cfg, used)...)
	}
	res := &Result{}
	var stale []finding.Finding
	out, res.Known, stale = opts.Baseline.Apply(out)
	if opts.Whole {
		out = append(out, stale...)
		res.Stale = len(stale)
	}
	res.Findings = finding.Sort(out)
	return res, nil
}

// Excused reports whether an allow entry of cfg, or a faultline:ignore comment that
// ignores reads, lets f through. It is what a go vet run, which sees one package,
// leaves out of what it prints.
func Excused(cfg *config.Config, ignores *suppress.Files, f finding.Finding) bool {
	return allowIndex(cfg, f) >= 0 || ignores != nil && ignores.Covers(f)
}

// allowIndex is the index of the first allow entry covering f, -1 when none does.
func allowIndex(cfg *config.Config, f finding.Finding) int {
	if !finding.Excusable(f.Kind) {
		return -1
	}
	for i, a := range cfg.Allow {
		if a.Covers(f) {
			return i
		}
	}
	return -1
}

// staleAllows reports the allow entries that covered nothing, at their position.
func staleAllows(cfg *config.Config, used []bool) []finding.Finding {
	var out []finding.Finding
	for i, a := range cfg.Allow {
		if used[i] {
			continue
		}
		subject := a.Kind
		if a.Subject != "" {
			subject += " " + a.Subject
		}
		info, _ := finding.Lookup(finding.StaleAllow)
		out = append(out, finding.Finding{
			Kind: finding.StaleAllow, Severity: info.Severity,
			From: a.From, To: a.To, Subject: subject,
			File: cfg.Rel(a.Pos.File), Line: a.Pos.Line, Column: a.Pos.Column,
			Message: fmt.Sprintf("allow entry %s %s->%s covers no finding", a.Kind, a.From, a.To),
			Fix:     "remove this allow entry from faultline.yaml: the coupling it excused is gone",
		})
	}
	return out
}
