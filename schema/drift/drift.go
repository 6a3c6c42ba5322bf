// Package drift compares the catalog the migrations build with the one a live
// database has, and reports each table, column, foreign key and trigger that only one
// of them has: the database was changed by hand, or migrations were not applied.
//
// What is compared:
//
//   - Tables by schema and name. A table only one side has is one finding; its
//     columns, foreign keys and triggers are not reported again.
//   - Columns of the tables both sides have, by name.
//   - Foreign keys by what they tie together: table, columns, referenced table and
//     referenced columns, in key order. A foreign key renamed by hand is not drift.
//   - Triggers by table and name, on tables and views both sides have.
//
// What is left out: the bookkeeping tables of migration tools, which only the
// database has (schema_migrations, goose_db_version, flyway_schema_history, ... see
// Bookkeeping), and partitions of a partitioned table both sides have, which tools
// such as pg_partman create and drop at run time (a partition belongs to its parent's
// context, so it never changes the coupling).
//
// Every finding has kind drift and severity info. It points at the migration that
// creates the object or its table when there is one, and names the object (e.g.
// public.products.legacy_code) in Object.
package drift

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// Bookkeeping lists the tables migration tools keep their state in, by name: the
// database has them and no migration creates them (config.Bookkeeping, which also
// makes them shared).
var Bookkeeping = config.Bookkeeping

// Compare returns the drift findings between the catalog the migrations build and
// the database's, sorted.
func Compare(migrations, database *schema.Catalog) []finding.Finding {
	var out []finding.Finding
	mig, db := tablesOf(migrations), tablesOf(database)

	for _, t := range migrations.Tables() {
		if db[t.QualifiedName()] == nil && !partitionOfCommon(t, mig, db) {
			out = append(out, tableOnlyIn(t, fromMigrations, t.Pos))
		}
	}
	for _, t := range database.Tables() {
		if mig[t.QualifiedName()] == nil && !partitionOfCommon(t, mig, db) && !slices.Contains(Bookkeeping, t.Name) {
			out = append(out, tableOnlyIn(t, fromDatabase, schema.Pos{}))
		}
	}
	for _, m := range migrations.Tables() {
		d := db[m.QualifiedName()]
		if d == nil {
			continue
		}
		out = append(out, columns(m, d)...)
		out = append(out, foreignKeys(m, d)...)
		out = append(out, triggers(m.Pos, m.QualifiedName(), m.Triggers, d.Triggers)...)
	}
	for _, m := range migrations.Views() {
		if d := database.Schemas[m.Schema]; d != nil && d.Views[m.Name] != nil {
			out = append(out, triggers(m.Pos, m.QualifiedName(), m.Triggers, d.Views[m.Name].Triggers)...)
		}
	}
	return finding.Sort(out)
}

// side says which catalog has an object the other lacks.
type side int

const (
	fromMigrations side = iota
	fromDatabase
)

func tablesOf(c *schema.Catalog) map[schema.Name]*schema.Table {
	m := map[schema.Name]*schema.Table{}
	for _, t := range c.Tables() {
		m[t.QualifiedName()] = t
	}
	return m
}

// partitionOfCommon reports whether t is a partition of a table both catalogs have.
func partitionOfCommon(t *schema.Table, mig, db map[schema.Name]*schema.Table) bool {
	p := t.PartitionOf
	return !p.IsZero() && mig[p] != nil && db[p] != nil
}

// newFinding starts a drift finding about object, placed at pos when pos is in a file.
func newFinding(subject, object string, pos schema.Pos, tables ...schema.Name) finding.Finding {
	f := finding.Finding{Kind: finding.Drift, Severity: finding.Info, Subject: subject, Object: object}
	if pos.IsValid() {
		f.File, f.Line, f.Column = pos.File, pos.Line, pos.Column
	}
	for _, t := range tables {
		f.Tables = append(f.Tables, t.String())
	}
	slices.Sort(f.Tables)
	f.Tables = slices.Compact(f.Tables)
	return f
}

func tableOnlyIn(t *schema.Table, s side, pos schema.Pos) finding.Finding {
	name, sql := t.QualifiedName().String(), sqlName(t.QualifiedName())
	f := newFinding("", name, pos, t.QualifiedName())
	if s == fromDatabase {
		f.Subject = "table " + name + " only in the database"
		f.Message = fmt.Sprintf("the database has table %s that no migration creates", name)
		f.Fix = fmt.Sprintf("write a migration that creates it (CREATE TABLE %s ...), or drop it: DROP TABLE %s;", sql, sql)
		return f
	}
	f.Subject = "table " + name + " only in the migrations"
	f.Message = fmt.Sprintf("the migrations create table %s but the database has no such table", name)
	f.Fix = fmt.Sprintf("apply the pending migrations to the database; if the table was dropped by hand, add a migration: DROP TABLE %s;", sql)
	return f
}

// columns reports the columns of a table that only one side has.
func columns(m, d *schema.Table) []finding.Finding {
	var out []finding.Finding
	tn, sql := m.QualifiedName(), sqlName(m.QualifiedName())
	for _, c := range m.Columns {
		if d.Column(c.Name) != nil {
			continue
		}
		obj := tn.String() + "." + c.Name
		f := newFinding("column "+obj+" only in the migrations", obj, c.Pos, tn)
		f.Columns = []string{m.Name + "." + c.Name}
		f.Message = fmt.Sprintf("the migrations create column %s (%s) but the database's table has no such column", obj, c.Type)
		f.Fix = fmt.Sprintf("apply the pending migrations to the database; if the column was dropped by hand, add a migration: ALTER TABLE %s DROP COLUMN %s;", sql, quote(c.Name))
		out = append(out, f)
	}
	for _, c := range d.Columns {
		if m.Column(c.Name) != nil {
			continue
		}
		obj := tn.String() + "." + c.Name
		f := newFinding("column "+obj+" only in the database", obj, m.Pos, tn)
		f.Columns = []string{m.Name + "." + c.Name}
		f.Message = fmt.Sprintf("the database has column %s (%s) that no migration creates", obj, c.Type)
		f.Fix = fmt.Sprintf("write a migration for it (ALTER TABLE %s ADD COLUMN %s %s;) or drop it: ALTER TABLE %s DROP COLUMN %s;",
			sql, quote(c.Name), c.Type, sql, quote(c.Name))
		out = append(out, f)
	}
	return out
}

// fkKey identifies a foreign key by what it ties together.
func fkKey(k *schema.Constraint) string {
	return fmt.Sprintf("%s(%s)->%s(%s)", k.Table, strings.Join(k.Columns, ","), k.RefTable, strings.Join(k.RefColumns, ","))
}

// foreignKeys reports the foreign keys of a table that only one side has.
func foreignKeys(m, d *schema.Table) []finding.Finding {
	keys := func(t *schema.Table) map[string][]*schema.Constraint {
		out := map[string][]*schema.Constraint{}
		for _, k := range t.Constraints {
			if k.Type == schema.ForeignKey {
				out[fkKey(k)] = append(out[fkKey(k)], k)
			}
		}
		return out
	}
	mk, dk := keys(m), keys(d)
	var out []finding.Finding
	report := func(k *schema.Constraint, s side, pos schema.Pos) {
		obj := k.Table.String() + "." + k.Name
		def := fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s (%s)", strings.Join(quoteAll(k.Columns), ", "), sqlName(k.RefTable), strings.Join(quoteAll(k.RefColumns), ", "))
		what := fmt.Sprintf("foreign key %s %s", obj, def)
		f := newFinding("", obj, pos, k.Table, k.RefTable)
		for _, c := range k.Columns {
			f.Columns = append(f.Columns, k.Table.Name+"."+c)
		}
		for _, c := range k.RefColumns {
			f.Columns = append(f.Columns, k.RefTable.Name+"."+c)
		}
		slices.Sort(f.Columns)
		f.Columns = slices.Compact(f.Columns)
		drop := fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s;", sqlName(k.Table), quote(k.Name))
		if s == fromDatabase {
			f.Subject = what + " only in the database"
			f.Message = fmt.Sprintf("the database has %s that no migration creates", what)
			f.Fix = fmt.Sprintf("write a migration for it (ALTER TABLE %s ADD CONSTRAINT %s %s;) or drop it: %s", sqlName(k.Table), quote(k.Name), def, drop)
		} else {
			f.Subject = what + " only in the migrations"
			f.Message = fmt.Sprintf("the migrations create %s but the database does not have it", what)
			f.Fix = "apply the pending migrations to the database; if the foreign key was dropped by hand, add a migration: " + drop
		}
		out = append(out, f)
	}
	for key, ks := range mk {
		for _, k := range ks[min(len(dk[key]), len(ks)):] {
			report(k, fromMigrations, k.Pos)
		}
	}
	for key, ks := range dk {
		for _, k := range ks[min(len(mk[key]), len(ks)):] {
			report(k, fromDatabase, m.Pos)
		}
	}
	return out
}

// triggers reports the triggers of a table or view that only one side has.
func triggers(tablePos schema.Pos, rel schema.Name, m, d []*schema.Trigger) []finding.Finding {
	var out []finding.Finding
	has := func(list []*schema.Trigger, name string) bool {
		return slices.ContainsFunc(list, func(g *schema.Trigger) bool { return g.Name == name })
	}
	describe := func(g *schema.Trigger) string {
		return fmt.Sprintf("trigger %s on %s (%s %s, executes %s)", quote(g.Name), rel, g.Timing, strings.Join(g.Events, " OR "), g.Function)
	}
	for _, g := range m {
		if has(d, g.Name) {
			continue
		}
		obj := rel.String() + "." + g.Name
		f := newFinding("trigger "+obj+" only in the migrations", obj, g.Pos, rel)
		f.Message = fmt.Sprintf("the migrations create %s but the database does not have it", describe(g))
		f.Fix = fmt.Sprintf("apply the pending migrations to the database; if the trigger was dropped by hand, add a migration: DROP TRIGGER %s ON %s;", quote(g.Name), sqlName(rel))
		out = append(out, f)
	}
	for _, g := range d {
		if has(m, g.Name) {
			continue
		}
		obj := rel.String() + "." + g.Name
		f := newFinding("trigger "+obj+" only in the database", obj, tablePos, rel)
		f.Message = fmt.Sprintf("the database has %s that no migration creates", describe(g))
		f.Fix = fmt.Sprintf("write a migration for it (CREATE TRIGGER %s ...) or drop it: DROP TRIGGER %s ON %s;", quote(g.Name), quote(g.Name), sqlName(rel))
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b finding.Finding) int { return cmp.Compare(a.Subject, b.Subject) })
	return out
}

// quote quotes an identifier when SQL needs it.
func quote(s string) string {
	plain := s != "" && (s[0] == '_' || s[0] >= 'a' && s[0] <= 'z')
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '$'
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// sqlName renders a qualified name as SQL.
func sqlName(n schema.Name) string {
	if n.Schema == "" {
		return quote(n.Name)
	}
	return quote(n.Schema) + "." + quote(n.Name)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}
