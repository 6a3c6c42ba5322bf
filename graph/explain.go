package graph

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/finding"
)

// explain says in one sentence why a candidate ranks where it does: who depends
// on it and through what hard constraints, what it depends on, what its own
// table split takes care of, the loop it is in, and its value.
func explain(g *Graph, m *model, c *Candidate) string {
	x := c.Context
	var parts []string

	if c.Level == "leaf" {
		parts = append(parts, "nothing depends on it (leaf)")
	} else {
		var names []string
		for _, l := range c.Inbound.Contexts {
			if l.Dependency() {
				names = append(names, l.Context)
			}
		}
		verb := "depend"
		if len(names) == 1 {
			verb = "depends"
		}
		s := fmt.Sprintf("%s %s on it", joinAnd(names), verb)
		if h := hardPhrase(g, m, x); h != "" {
			s += ", with " + h
		}
		if c.Level == "hub" {
			s += " (hub)"
		}
		parts = append(parts, s)
		if m.last[m.index[x]] {
			parts = append(parts, "every other context depends on it, so it ranks last whatever its value")
		}
	}

	if c.Outbound.dependents() == 0 {
		parts = append(parts, "it depends on no other context")
	} else {
		var deps []string
		for _, l := range c.Outbound.Contexts {
			if !l.Dependency() {
				continue
			}
			s := l.Context + " through " + familyList(l.kept)
			if len(deps) == 0 {
				s = "it depends on " + s
			} else {
				s = "on " + s
			}
			deps = append(deps, s)
		}
		parts = append(parts, strings.Join(deps, "; "))
	}

	// Triggers that go with x's columns when x splits a shared table: work of
	// the split, whichever way the analysis points them (x's logic on another
	// context's table, or another context's trigger firing on x's columns).
	for _, ev := range m.split[m.index[x]] {
		var tables []string
		for _, t := range ev.Tables {
			if g.tableOwner(t, ev) != x {
				tables = append(tables, displayTable(t))
			}
		}
		where := "the shared table"
		if len(tables) > 0 {
			where = joinAnd(tables)
		}
		parts = append(parts, fmt.Sprintf("the %s %s on %s goes with %s's columns when %s is split (step 3), so it counts as part of the split, not as a dependency",
			FamilyNoun(ev.Family, 1), quoteSubject(ev.Subject), where, x, where))
	}

	if cy := c.Cycle; cy != nil {
		var cuts []string
		for i, b := range cy.Break {
			if i == 3 {
				cuts = append(cuts, fmt.Sprintf("%d more", len(cy.Break)-3))
				break
			}
			s := fmt.Sprintf("%s -> %s (%s, weight %s)", b.From, b.To, b.Summary, num(b.Weight))
			if b.SplitBy != "" && b.SplitBy != x {
				s += ", which " + b.SplitBy + "'s table split removes"
			}
			cuts = append(cuts, s)
		}
		with := joinAnd(cy.With)
		if len(cy.With) > 3 {
			with = fmt.Sprintf("%d contexts (%s, ...)", len(cy.With), strings.Join(cy.With[:3], ", "))
		}
		switch {
		case cy.BrokenBySplit:
			var closing []string
			for i, b := range cy.Closing {
				if i == 3 {
					closing = append(closing, fmt.Sprintf("%d more", len(cy.Closing)-3))
					break
				}
				closing = append(closing, fmt.Sprintf("%s -> %s (%s, weight %s)", b.From, b.To, b.Summary, num(b.Weight)))
			}
			parts = append(parts, fmt.Sprintf("its loop with %s is closed only by %s, which its own table split removes, so it can go alone", with, joinAnd(closing)))
		case len(cuts) == 0:
			parts = append(parts, fmt.Sprintf("it is in a loop with %s: extract them together, or first cut the %d edges that break the loop (none of them its own)", with, cy.Cut))
		case len(cy.Break) == cy.Cut:
			parts = append(parts, fmt.Sprintf("it is in a loop with %s: extract them together, or first cut %s", with, joinAnd(cuts)))
		default:
			parts = append(parts, fmt.Sprintf("it is in a loop with %s: extract them together, or first cut the %d edges that break the loop, of which %s touch it", with, cy.Cut, joinAnd(cuts)))
		}
	}

	v := "value " + num(c.Value)
	if c.ValueNote != "" {
		v += " (" + c.ValueNote + ")"
	}
	parts = append(parts, v)
	return x + ": " + strings.Join(parts, "; ") + "."
}

// hardPhrase words the hard constraints into x: "foreign keys from
// price_history and stock, the shared table products, a foreign write from
// pricing".
func hardPhrase(g *Graph, m *model, x string) string {
	removed := map[string]bool{}
	for _, ev := range m.split[m.index[x]] {
		removed[evidenceKey(ev)] = true
	}
	byFamily := map[string][]Evidence{}
	for _, e := range g.In(x) {
		for _, ev := range e.Evidence {
			if Hard(ev.Family) && (len(removed) == 0 || !removed[evidenceKey(ev)]) {
				byFamily[ev.Family] = append(byFamily[ev.Family], ev)
			}
		}
	}
	var out []string
	for _, fi := range finding.Families() {
		fam := fi.Name
		evs := byFamily[fam]
		if len(evs) == 0 {
			continue
		}
		var where []string
		addWhere := func(s string) {
			if !slices.Contains(where, s) {
				where = append(where, s)
			}
		}
		prep := "from"
		for _, ev := range evs {
			switch fam {
			case string(finding.ForeignKey), string(finding.Trigger), string(finding.SharedTable):
				// For a key, the other context's tables that hold it; for a
				// trigger, the tables it sits on and writes; for a shared
				// table, x's table that the other one shares.
				found := false
				for _, t := range ev.Tables {
					if fam != string(finding.ForeignKey) || g.tableOwner(t, ev) != x {
						addWhere(displayTable(t))
						found = true
					}
				}
				if !found {
					addWhere(ev.From)
				}
			default:
				addWhere(ev.From)
			}
		}
		switch fam {
		case string(finding.Trigger):
			prep = "on"
		case string(finding.SharedTable):
			prep = ""
		case string(finding.CrossTransaction):
			prep = "in"
		}
		slices.Sort(where)
		noun := FamilyNoun(fam, len(evs))
		count := strconv.Itoa(len(evs))
		switch {
		case fam == string(finding.SharedTable):
			count = "the"
		case len(evs) == 1 && strings.IndexAny(noun[:1], "aeiou") == 0:
			count = "an"
		case len(evs) == 1:
			count = "a"
		}
		s := count + " " + noun
		if prep != "" {
			s += " " + prep
		}
		out = append(out, s+" "+joinAnd(where))
	}
	return joinAnd(out)
}

// familyList words family counts: "3 foreign reads, 1 shared table and 2 uses of
// internals".
func familyList(fs []FamilyCount) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%d %s", f.Count, FamilyNoun(f.Family, f.Count)))
	}
	return joinAnd(parts)
}

// quoteSubject is a subject for a sentence: the last part of a dotted name.
func quoteSubject(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 && !strings.Contains(s, " ") {
		return s[i+1:]
	}
	return s
}

// num renders a number with at most one decimal: 3, 8.5.
func num(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}
