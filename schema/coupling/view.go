package coupling

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
)

// views reports each view or materialized view over tables of two or more contexts,
// from its owner (the context listing it, else the one whose tables it reads, else
// the one that uses the others) to each other context.
func (k *checker) views() {
	for _, v := range k.cat.Views() {
		rs := k.reaches([]query.Statement{v.Query})
		var ctxs []string
		for _, r := range rs {
			ctxs = append(ctxs, r.context)
		}
		owner := k.ownerOf(v.QualifiedName()).Context
		if owner == "" && len(ctxs) < 2 {
			continue
		}
		if owner == "" {
			owner = k.dependent(ctxs)
		}
		kind := "view"
		if v.Materialized {
			kind = "materialized view"
		}
		name := display(v.QualifiedName())
		var own []string
		for _, r := range rs {
			if r.context == owner {
				own = r.parts
			}
		}
		for _, r := range rs {
			if r.context == owner {
				continue
			}
			var reads []string
			for _, o := range rs {
				reads = append(reads, fmt.Sprintf("%s's %s", o.context, strings.Join(o.parts, ", ")))
			}
			composeWith := "its own data"
			if len(own) > 0 {
				composeWith = "its own " + strings.Join(own, ", ")
			}
			f := finding.Finding{
				Kind: finding.View, Severity: finding.Warning,
				From: owner, To: r.context,
				Subject: name,
				Tables:  r.tables,
				Columns: r.columns,
				Access:  finding.Read,
				Message: fmt.Sprintf("%s %s reads %s: it joins contexts' data inside the database", kind, name, strings.Join(reads, " and ")),
				Fix: fmt.Sprintf("DROP %s %s; then have %s build it in code from %s's API (or a read model fed by %s's events) and %s",
					strings.ToUpper(kind), v.QualifiedName().SQL(), owner, r.context, r.context, composeWith),
			}
			f.Tables = slices.Clone(r.tables)
			k.add(f, v.Pos)
		}
	}
}
