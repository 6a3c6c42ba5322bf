package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Dump lists every object of the catalog, one per line (columns, constraints and
// triggers indented under their table), sorted, so that two catalogs can be compared
// as text: one built from migrations and one introspected from a live database.
// Positions, default expressions (other than the sequence a nextval draws from),
// check expressions, view definitions and function bodies are left out, as pg_dump
// and introspection may spell them differently; types are canonical.
func (c *Catalog) Dump() string {
	var b strings.Builder
	for _, name := range c.SchemaNames() {
		if name != "pg_catalog" {
			fmt.Fprintf(&b, "schema %s\n", name)
		}
	}
	for _, t := range c.Tables() {
		fmt.Fprintf(&b, "table %s", t.QualifiedName())
		if t.PartitionKey != "" {
			fmt.Fprintf(&b, " partition by %s", t.PartitionKey)
		}
		if !t.PartitionOf.IsZero() {
			fmt.Fprintf(&b, " partition of %s", t.PartitionOf)
		}
		if len(t.Inherits) > 0 {
			fmt.Fprintf(&b, " inherits %s", joinNames(t.Inherits))
		}
		b.WriteString("\n")
		for _, col := range t.Columns {
			fmt.Fprintf(&b, "  column %s %s", col.Name, col.Type)
			if col.NotNull {
				b.WriteString(" not null")
			}
			switch {
			case !col.Sequence.IsZero():
				fmt.Fprintf(&b, " default nextval(%s)", col.Sequence)
			case col.Default != "":
				b.WriteString(" default")
			}
			if col.Identity != "" {
				fmt.Fprintf(&b, " generated %s as identity", strings.ToLower(col.Identity))
			}
			if col.Generated != "" {
				b.WriteString(" generated always as stored")
			}
			b.WriteString("\n")
		}
		ks := slices.Clone(t.Constraints)
		slices.SortFunc(ks, func(a, b *Constraint) int { return cmp.Compare(a.Name, b.Name) })
		for _, k := range ks {
			fmt.Fprintf(&b, "  constraint %s\n", k.describe())
		}
		for _, g := range t.Triggers {
			fmt.Fprintf(&b, "  trigger %s\n", g.describe())
		}
	}
	for _, q := range c.Sequences() {
		fmt.Fprintf(&b, "sequence %s %s", q.QualifiedName(), q.Type)
		if !q.OwnedBy.IsZero() {
			fmt.Fprintf(&b, " owned by %s.%s", q.OwnedBy, q.OwnedByColumn)
		}
		if q.Identity {
			b.WriteString(" identity")
		}
		b.WriteString("\n")
	}
	for _, v := range c.Views() {
		kind := "view"
		if v.Materialized {
			kind = "materialized view"
		}
		fmt.Fprintf(&b, "%s %s (%s)", kind, v.QualifiedName(), strings.Join(v.Columns, ", "))
		var reads []string
		for _, t := range v.Query.Tables {
			reads = append(reads, t.QualifiedName())
		}
		slices.Sort(reads)
		if len(reads) > 0 {
			fmt.Fprintf(&b, " reads %s", strings.Join(slices.Compact(reads), ", "))
		}
		b.WriteString("\n")
		for _, g := range v.Triggers {
			fmt.Fprintf(&b, "  trigger %s\n", g.describe())
		}
	}
	for _, f := range c.Functions() {
		kind := "function"
		if f.Procedure {
			kind = "procedure"
		}
		fmt.Fprintf(&b, "%s %s.%s", kind, f.Schema, f.Signature())
		if f.Returns != "" {
			fmt.Fprintf(&b, " returns %s", f.Returns)
		}
		fmt.Fprintf(&b, " language %s\n", f.Language)
	}
	return b.String()
}

// describe renders a constraint as its definition reads, without expressions.
func (k *Constraint) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", k.Name, k.Type)
	if len(k.Columns) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(k.Columns, ", "))
	}
	if k.Type == ForeignKey {
		fmt.Fprintf(&b, " REFERENCES %s(%s)", k.RefTable, strings.Join(k.RefColumns, ", "))
		if k.Match != "" && k.Match != MatchSimple {
			fmt.Fprintf(&b, " MATCH %s", k.Match)
		}
		if k.OnUpdate != "" && k.OnUpdate != NoAction {
			fmt.Fprintf(&b, " ON UPDATE %s", k.OnUpdate)
		}
		if k.OnDelete != "" && k.OnDelete != NoAction {
			fmt.Fprintf(&b, " ON DELETE %s", k.OnDelete)
		}
	}
	if k.Deferrable {
		b.WriteString(" DEFERRABLE")
		if k.InitiallyDeferred {
			b.WriteString(" INITIALLY DEFERRED")
		}
	}
	if k.NotValid {
		b.WriteString(" NOT VALID")
	}
	return b.String()
}

// describe renders a trigger as CREATE TRIGGER reads, without its WHEN condition.
func (g *Trigger) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s ", g.Name, g.Timing)
	for i, e := range g.Events {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(e)
		if e == "UPDATE" && len(g.Columns) > 0 {
			fmt.Fprintf(&b, " OF %s", strings.Join(g.Columns, ", "))
		}
	}
	fmt.Fprintf(&b, " ON %s", g.Table)
	if g.ForEachRow {
		b.WriteString(" FOR EACH ROW")
	} else {
		b.WriteString(" FOR EACH STATEMENT")
	}
	if g.When != "" {
		b.WriteString(" WHEN (...)")
	}
	args := make([]string, len(g.Args))
	for i, a := range g.Args {
		args[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
	}
	fmt.Fprintf(&b, " EXECUTE FUNCTION %s(%s)", g.Function, strings.Join(args, ", "))
	return b.String()
}

func joinNames(ns []Name) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.String()
	}
	return strings.Join(out, ", ")
}
