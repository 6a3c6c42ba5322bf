package coupling

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// tables reports the tables whose columns belong to two or more contexts, with the
// split that separates them, and the tables nobody owns. Partitions and inheritance
// children go with their root and are not reported on their own, unless
// faultline.yaml lists them by name.
func (k *checker) tables() {
	for _, t := range k.cat.Tables() {
		if k.root(t) != t {
			continue
		}
		owner := k.ownerOf(t.QualifiedName())
		by := map[string][]*schema.Column{}
		var ctxs []string
		for _, cl := range k.columnClaims(t.QualifiedName()) {
			col := t.Column(cl.Column)
			if col == nil || cl.Context == owner.Context {
				continue
			}
			if by[cl.Context] == nil {
				ctxs = append(ctxs, cl.Context)
			}
			by[cl.Context] = append(by[cl.Context], col)
		}
		slices.Sort(ctxs)
		for _, ctx := range ctxs {
			k.sharedTable(t, owner.Context, ctx, by[ctx])
		}
		if !owner.Owned() && len(ctxs) == 0 {
			name := display(t.QualifiedName())
			k.add(finding.Finding{
				Kind: finding.UnownedTable, Severity: finding.Info,
				Subject: name,
				Tables:  []string{t.QualifiedName().String()},
				Message: fmt.Sprintf("table %s belongs to no context and not to the shared kernel, so nothing says who may use it", name),
				Fix:     fmt.Sprintf("add %s to the tables of the context that owns it in faultline.yaml (or to shared.tables if every context may use it)", name),
			}, t.Pos)
		}
	}
}

// sharedTable reports that context ctx owns cols of t, whose owner is owner, and
// spells out the split: a new table keyed like t holding ctx's columns, filled from
// t, and the columns dropped from t once ctx uses only the new table.
func (k *checker) sharedTable(t *schema.Table, owner, ctx string, cols []*schema.Column) {
	slices.SortFunc(cols, func(a, b *schema.Column) int {
		return slices.Index(t.Columns, a) - slices.Index(t.Columns, b)
	})
	name := display(t.QualifiedName())
	var names, qualified []string
	for _, c := range cols {
		names = append(names, c.Name)
		qualified = append(qualified, t.QualifiedName().String()+"."+c.Name)
	}
	ownerText := owner + "'s"
	if owner == "" {
		ownerText = "unowned"
	}
	f := finding.Finding{
		Kind: finding.SharedTable, Severity: finding.Error, Access: finding.Write,
		From: ctx, To: owner,
		Subject: name,
		Tables:  []string{t.QualifiedName().String()},
		Columns: sortedUnique(qualified...),
		Message: fmt.Sprintf("table %s holds %s's columns %s next to %s columns: two contexts share one table, so neither can move its data alone",
			name, ctx, strings.Join(names, ", "), ownerText),
		Fix: splitFix(t, ctx, cols),
	}
	k.add(f, t.Pos)
}

// splitFix writes the DDL that moves cols of t into a table of ctx's own.
func splitFix(t *schema.Table, ctx string, cols []*schema.Column) string {
	newName := schema.Name{Schema: t.Schema, Name: ctx + "_" + t.Name}
	var drops, names []string
	for _, c := range cols {
		drops = append(drops, "DROP COLUMN "+schema.QuoteIdent(c.Name))
		names = append(names, schema.QuoteIdent(c.Name))
	}
	dropStep := fmt.Sprintf("ALTER TABLE %s %s;", t.QualifiedName().SQL(), strings.Join(drops, ", "))
	pk := t.PrimaryKey()
	if pk == nil || len(pk.Columns) == 0 {
		return fmt.Sprintf("%s has no primary key: add one first (the identifier both contexts will share), move %s's columns %s into a table %s keyed by it, and then %s",
			display(t.QualifiedName()), ctx, strings.Join(names, ", "), newName.SQL(), dropStep)
	}
	var defs, keyNames []string
	for _, kc := range pk.Columns {
		typ := ""
		if c := t.Column(kc); c != nil {
			typ = c.Type
		}
		keyNames = append(keyNames, schema.QuoteIdent(kc))
		def := schema.QuoteIdent(kc) + " " + typ
		if len(pk.Columns) == 1 {
			def += " PRIMARY KEY"
		} else {
			def += " NOT NULL"
		}
		defs = append(defs, def)
	}
	for _, c := range cols {
		def := schema.QuoteIdent(c.Name) + " " + c.Type
		if c.NotNull {
			def += " NOT NULL"
		}
		if c.Default != "" && c.Sequence.IsZero() {
			def += " DEFAULT " + c.Default
		}
		defs = append(defs, def)
	}
	if len(pk.Columns) > 1 {
		defs = append(defs, "PRIMARY KEY ("+strings.Join(keyNames, ", ")+")")
	}
	all := strings.Join(append(slices.Clone(keyNames), names...), ", ")
	return fmt.Sprintf("split the table: CREATE TABLE %s (%s); INSERT INTO %s (%s) SELECT %s FROM %s; then, once %s reads and writes only %s, %s (%s is a suggested name; rename it as you like)",
		newName.SQL(), strings.Join(defs, ", "),
		newName.SQL(), all, all, t.QualifiedName().SQL(),
		ctx, newName.SQL(), dropStep, newName.SQL())
}
