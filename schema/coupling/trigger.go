package coupling

import (
	"fmt"
	"strings"

	"github.com/faultline/faultline/finding"
)

// triggers reports each trigger on one context's table whose function reads or
// writes another context's tables: one finding per (trigger, other context).
func (k *checker) triggers() {
	for _, g := range k.cat.Triggers() {
		t := k.cat.FindTable(g.Table.Schema, g.Table.Name)
		fn := k.cat.TriggerFunction(g)
		if t == nil || fn == nil {
			continue // a trigger on a view: the view's own finding covers it
		}
		owner := k.tableOwner(t)
		if owner.Context == "" {
			continue
		}
		tn := display(k.root(t).QualifiedName())
		for _, r := range k.reaches(fn.Statements) {
			if r.context == owner.Context {
				continue
			}
			verb, acc := "reads", finding.Read
			if r.write {
				verb, acc = "writes", finding.Write
			}
			f := finding.Finding{
				Kind: finding.Trigger, Severity: finding.Error,
				From: owner.Context, To: r.context,
				Subject: tn + "." + g.Name,
				Tables:  sortedUnique(append([]string{g.Table.String()}, r.tables...)...),
				Columns: r.columns,
				Access:  acc,
				Message: fmt.Sprintf("trigger %s on %s's %s runs %s, which %s %s's %s: a change in one context's table reaches into the other's data",
					g.Name, owner.Context, tn, fn.QualifiedName().SQL()+"()", verb, r.context, strings.Join(r.parts, ", ")),
				Fix: fmt.Sprintf("DROP TRIGGER %s ON %s; then have %s publish the change (an event, or a call to %s's API) and let %s %s %s itself",
					g.Name, g.Table.SQL(), owner.Context, r.context, r.context, strings.TrimSuffix(verb, "s"), strings.Join(r.parts, ", ")),
			}
			if fn.Dynamic {
				f.Message += "; it also runs dynamic SQL, which may reach further"
			}
			k.add(f, g.Pos)
		}
	}
}
