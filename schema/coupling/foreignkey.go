package coupling

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// foreignKeys reports each foreign key between tables of two contexts, once where
// it is declared: a partition's copy of its parent's key is not reported again,
// unless faultline.yaml lists the partition by name. PostgreSQL clones a
// partitioned table's foreign keys onto every partition, and such a clone is
// judged for the partition (as GitLab's no_cross_db_foreign_keys spec does): a
// partition listed under another context may hold a cross-context key its parent
// does not, or none where its parent does.
func (k *checker) foreignKeys() {
	kids := k.children()
	for _, fk := range k.cat.ForeignKeys() {
		t := k.cat.FindTable(fk.Table.Schema, fk.Table.Name)
		ref := k.cat.FindTable(fk.RefTable.Schema, fk.RefTable.Name)
		if t == nil || ref == nil || k.inherited(t, fk) {
			continue
		}
		k.foreignKey(t, t, ref, fk)
		for _, p := range k.listedDescendants(kids, t) {
			k.foreignKey(p, t, ref, fk)
		}
	}
}

// children maps each partitioned table to its partitions.
func (k *checker) children() map[*schema.Table][]*schema.Table {
	kids := map[*schema.Table][]*schema.Table{}
	for _, t := range k.cat.Tables() {
		// PostgreSQL clones foreign keys onto partitions, not onto INHERITS
		// children.
		if p := t.PartitionOf; !p.IsZero() {
			if pt := k.cat.FindTable(p.Schema, p.Name); pt != nil && pt != t {
				kids[pt] = append(kids[pt], t)
			}
		}
	}
	return kids
}

// listedDescendants returns the partitions below t, at any depth,
// that faultline.yaml lists by name under another owner than t's.
func (k *checker) listedDescendants(kids map[*schema.Table][]*schema.Table, t *schema.Table) []*schema.Table {
	var out []*schema.Table
	seen := map[*schema.Table]bool{t: true}
	queue := slices.Clone(kids[t])
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if seen[c] {
			continue
		}
		seen[c] = true
		if k.root(c) == c && k.tableOwner(c) != k.tableOwner(t) {
			out = append(out, c)
		}
		queue = append(queue, kids[c]...)
	}
	return out
}

// foreignKey reports fk, declared on decl, as it holds on t (decl itself, or a
// partition of decl holding PostgreSQL's clone of it) when it ties two contexts.
func (k *checker) foreignKey(t, decl, ref *schema.Table, fk *schema.Constraint) {
	from := k.columnsOwner(t, fk.Columns)
	to := k.columnsOwner(ref, fk.RefColumns)
	if from.Context == "" || to.Context == "" || from.Context == to.Context {
		return
	}
	on := t.QualifiedName()
	tn, rn := display(k.root(t).QualifiedName()), display(k.root(ref).QualifiedName())
	cols, refCols := strings.Join(fk.Columns, ", "), strings.Join(fk.RefColumns, ", ")
	f := finding.Finding{
		Kind: finding.ForeignKey, Severity: finding.Error,
		From: from.Context, To: to.Context,
		Subject: display(on) + "." + fk.Name,
		Tables:  sortedUnique(on.String(), fk.RefTable.String()),
		Access:  finding.Write,
		Message: fmt.Sprintf("foreign key %s ties %s's %s(%s) to %s's %s(%s): the database checks one context's rows against the other's, so the two cannot live in separate databases",
			fk.Name, from.Context, tn, cols, to.Context, rn, refCols),
		Fix: fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s; then validate that the %s exists by calling %s's API before insert%s",
			fk.Table.SQL(), schema.QuoteIdent(fk.Name), keyNoun(fk.Columns), to.Context, onDelete(fk, tn, to.Context, rn)),
	}
	if t != decl {
		f.Message += fmt.Sprintf(" (PostgreSQL cloned it from %s onto its partition %s, which faultline.yaml gives to %s)", display(decl.QualifiedName()), display(on), from.Context)
		f.Fix = fmt.Sprintf("the key is declared on %s: %s; or give %s back to the context of %s", display(decl.QualifiedName()), f.Fix, display(on), display(decl.QualifiedName()))
	}
	for _, c := range fk.Columns {
		f.Columns = append(f.Columns, on.String()+"."+c)
	}
	for _, c := range fk.RefColumns {
		f.Columns = append(f.Columns, fk.RefTable.String()+"."+c)
	}
	slices.Sort(f.Columns)
	k.add(f, fk.Pos)
}

// inherited reports whether fk, declared on a partition or child table, repeats a
// foreign key of an ancestor (same columns, same referenced table and columns).
func (k *checker) inherited(t *schema.Table, fk *schema.Constraint) bool {
	for p := t.Parent(); !p.IsZero(); {
		pt := k.cat.FindTable(p.Schema, p.Name)
		if pt == nil {
			return false
		}
		for _, o := range pt.Constraints {
			if o.Type == schema.ForeignKey && o.RefTable == fk.RefTable &&
				slices.Equal(o.Columns, fk.Columns) && slices.Equal(o.RefColumns, fk.RefColumns) {
				return true
			}
		}
		if p = pt.Parent(); p == t.QualifiedName() {
			return false
		}
	}
	return false
}

// keyNoun names what a foreign key's columns identify: "sku", or "(a, b)".
func keyNoun(cols []string) string {
	if len(cols) == 1 {
		return strings.TrimSuffix(cols[0], "_id")
	}
	return "(" + strings.Join(cols, ", ") + ")"
}

// onDelete says what the dropped constraint's ON DELETE did and code must now do.
func onDelete(fk *schema.Constraint, table, to, ref string) string {
	switch fk.OnDelete {
	case schema.Cascade:
		return fmt.Sprintf(", and delete the matching %s rows when %s deletes a %s row (ON DELETE CASCADE did it so far)", table, to, ref)
	case schema.SetNull:
		return fmt.Sprintf(", and clear %s.%s when %s deletes a %s row (ON DELETE SET NULL did it so far)", table, strings.Join(fk.Columns, ", "), to, ref)
	case schema.SetDefault:
		return fmt.Sprintf(", and reset %s.%s when %s deletes a %s row (ON DELETE SET DEFAULT did it so far)", table, strings.Join(fk.Columns, ", "), to, ref)
	}
	return fmt.Sprintf("; %s can then delete %s rows that %s still references, so decide what %s does with them", to, ref, table, table)
}

// sortedUnique returns the distinct strings, sorted.
func sortedUnique(ss ...string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}
