package coupling

import (
	"fmt"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
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
		tableOwner := k.tableOwner(t)
		owner := k.triggerOwner(t, g, tableOwner)
		if owner.Context == "" {
			continue
		}
		tn := display(k.root(t).QualifiedName())
		// The subject names the table the trigger is declared on (a partition
		// names the partition): that is where DROP TRIGGER finds it.
		on := display(t.QualifiedName())
		if owner.Context != tableOwner.Context && tableOwner.Context != "" {
			// The trigger fires only on another context's columns: it is that
			// context's logic, hosted on this table, and leaves with those columns.
			what := "runs " + fn.QualifiedName().SQL() + "()"
			var does []string
			for _, r := range k.reaches(fn.Statements) {
				verb := "reads"
				if r.write {
					verb = "writes"
				}
				does = append(does, verb+" "+r.context+"'s "+strings.Join(r.parts, ", "))
			}
			if len(does) > 0 {
				what += ", which " + strings.Join(does, " and ")
			}
			k.add(finding.Finding{
				Kind: finding.Trigger, Severity: finding.Error,
				From: owner.Context, To: tableOwner.Context,
				Subject: on + "." + g.Name,
				Tables:  []string{g.Table.String()},
				Access:  finding.Read,
				Message: fmt.Sprintf("trigger %s fires on %s's columns %s of %s's table %s and %s: %s's logic lives on another context's table",
					g.Name, owner.Context, strings.Join(g.Columns, ", "), tableOwner.Context, tn, what, owner.Context),
				Fix: fmt.Sprintf("DROP TRIGGER %s ON %s; when %s's columns leave %s (the shared-table split), create it on %s's new table, or have %s record the change in code",
					g.Name, g.Table.SQL(), owner.Context, tn, owner.Context, owner.Context),
			}, g.Pos)
		}
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
				Subject: on + "." + g.Name,
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

// triggerOwner is the context a trigger belongs to: the one owning every column
// of its UPDATE OF list when that is not the table's owner (pricing's trigger on
// products.original_price), else the table's owner.
func (k *checker) triggerOwner(t *schema.Table, g *schema.Trigger, tableOwner config.Owner) config.Owner {
	if len(g.Columns) == 0 || len(g.Events) != 1 {
		return tableOwner
	}
	r := k.root(t)
	var owner config.Owner
	for i, c := range g.Columns {
		o := k.columnOwner(r, c)
		if i > 0 && o != owner {
			return tableOwner
		}
		owner = o
	}
	if owner.Context == "" {
		return tableOwner
	}
	return owner
}
