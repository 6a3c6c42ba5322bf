// Package access decides which bounded contexts one resolved SQL statement reaches,
// column by column, and turns a context's reach into another's data into findings.
// The Go analyzer, query files and pg_stat_statements all judge SQL through it.
package access

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
)

// Resolver judges statements against a configuration and, when known, a catalog
// (for primary keys, partitions and the columns of SELECT *).
type Resolver struct {
	Config  *config.Config
	Catalog query.Catalog // may be nil
}

// Touch is what one statement does to the part of one table one owner owns.
type Touch struct {
	Owner config.Owner
	// TableOwner owns the table itself; it differs from Owner for the columns
	// another context claims (pricing's columns of coreproduct's products).
	TableOwner config.Owner
	Schema     string // "" when unknown
	Table      string // the table as owned: a partition is reported as its parent
	// Columns are the referenced columns of Table that Owner owns, sorted; empty
	// when the statement touches the table as a whole (count(*), DELETE).
	Columns     []string
	ReadCols    []string
	WrittenCols []string
	Read, Write bool
}

// QualifiedName is schema.table, or table when the schema is unknown.
func (t Touch) QualifiedName() string {
	if t.Schema == "" {
		return t.Table
	}
	return t.Schema + "." + t.Table
}

// Site is where a statement is issued: a file position, or a catalog object
// (a pg_stat_statements entry) when it came from a live database.
type Site struct {
	File         string
	Line, Column int
	Object       string
	// Via names the helper function the statement was attributed through, if any.
	Via string
}

// Touches returns, per owner and table, what the statement reads and writes,
// sorted by table then owner. Shared-kernel and unowned tables are included with
// their Owner saying so.
func (r *Resolver) Touches(st query.Statement) []Touch {
	var out []Touch
	for _, t := range st.Tables {
		out = append(out, r.tableTouches(t, len(st.Unresolved) > 0)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.QualifiedName() != b.QualifiedName() {
			return a.QualifiedName() < b.QualifiedName()
		}
		return a.Owner.String() < b.Owner.String()
	})
	return out
}

// tableTouches splits one table reference by the owners of its columns.
func (r *Resolver) tableTouches(t query.Table, unresolved bool) []Touch {
	schema, name := t.Schema, t.Name
	var info query.TableInfo
	var known bool
	if r.Catalog != nil {
		info, known = r.Catalog.Table(t.Schema, t.Name)
		if known {
			schema = info.Schema
			if info.PartitionOf != "" {
				// A partition belongs to its parent's context.
				if ps, pn, ok := strings.Cut(info.PartitionOf, "."); ok {
					schema, name = ps, pn
				} else {
					name = info.PartitionOf
				}
				if pi, ok := r.Catalog.Table(schema, name); ok {
					info = pi
				}
			}
		}
	}
	tableOwner := r.Config.TableOwner(schema, name)
	claims := r.Config.ColumnClaims(schema, name)
	if len(claims) == 0 {
		// The whole table has one owner: every column, resolved or not, is its.
		tc := Touch{Owner: tableOwner, TableOwner: tableOwner, Schema: schema, Table: name, Read: t.Read, Write: t.Write}
		for _, c := range t.Columns {
			tc.add(c)
		}
		return []Touch{tc}
	}

	owners := map[config.Owner]*Touch{}
	touch := func(o config.Owner) *Touch {
		if owners[o] == nil {
			owners[o] = &Touch{Owner: o, TableOwner: tableOwner, Schema: schema, Table: name}
		}
		return owners[o]
	}
	ownerOf := func(col string) config.Owner {
		for _, cl := range claims {
			if cl.Column == col {
				return config.Owner{Context: cl.Context}
			}
		}
		return tableOwner
	}
	// The primary key of a table split between contexts is their cross-system
	// identifier: using it to address one's own columns reaches no one else.
	pk := map[string]bool{}
	if known {
		for _, c := range info.PrimaryKey {
			pk[c] = true
		}
	}
	var keyCols []query.Column
	for _, c := range t.Columns {
		if pk[c.Name] {
			keyCols = append(keyCols, c)
			continue
		}
		touch(ownerOf(c.Name)).add(c)
	}
	if (t.AllColumns || t.AllColumnsWritten) && len(t.Columns) == 0 {
		// SELECT * or INSERT without a column list, and no catalog to list the
		// columns: every owner's columns are in it.
		for _, o := range append([]config.Owner{tableOwner}, claimOwners(claims)...) {
			tc := touch(o)
			tc.Read = tc.Read || t.AllColumns
			tc.Write = tc.Write || t.AllColumnsWritten
		}
	}
	if len(owners) == 0 {
		switch {
		case len(keyCols) > 0:
			// Only the key is used (SELECT sku FROM products): it is the table owner's.
			for _, c := range keyCols {
				touch(tableOwner).add(c)
			}
		case t.Write:
			// A row-level write (DELETE, TRUNCATE) removes every owner's columns.
			touch(tableOwner)
			for _, cl := range claims {
				touch(config.Owner{Context: cl.Context})
			}
		case unresolved:
			// Columns we could not attribute: never guess which owner they belong to.
			return nil
		default:
			touch(tableOwner)
		}
	} else if len(keyCols) > 0 {
		// Key columns written (INSERT of a new row) go with the owners writing.
		for _, c := range keyCols {
			if !c.Write {
				continue
			}
			for _, tc := range owners {
				tc.add(c)
			}
		}
	}
	out := make([]Touch, 0, len(owners))
	for _, tc := range owners {
		if !tc.Read && !tc.Write {
			tc.Read, tc.Write = t.Read && !t.Write, t.Write
		}
		out = append(out, *tc)
	}
	return out
}

// claimOwners returns the contexts that claim columns, once each.
func claimOwners(claims []config.ColumnClaim) []config.Owner {
	var out []config.Owner
	for _, cl := range claims {
		o := config.Owner{Context: cl.Context}
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

func (tc *Touch) add(c query.Column) {
	if !slices.Contains(tc.Columns, c.Name) {
		tc.Columns = append(tc.Columns, c.Name)
		slices.Sort(tc.Columns)
	}
	if c.Read && !slices.Contains(tc.ReadCols, c.Name) {
		tc.ReadCols = append(tc.ReadCols, c.Name)
		slices.Sort(tc.ReadCols)
		tc.Read = true
	}
	if c.Write && !slices.Contains(tc.WrittenCols, c.Name) {
		tc.WrittenCols = append(tc.WrittenCols, c.Name)
		slices.Sort(tc.WrittenCols)
		tc.Write = true
	}
}

// Contexts returns the distinct contexts (not the shared kernel, not unowned) a
// statement's touches reach, sorted.
func Contexts(touches []Touch) []string {
	var out []string
	for _, t := range touches {
		if t.Owner.Context != "" && !slices.Contains(out, t.Owner.Context) {
			out = append(out, t.Owner.Context)
		}
	}
	slices.Sort(out)
	return out
}

// Check returns the findings for a statement that context from issues at site:
// foreign-table for each other context's table or columns it reads or writes (a
// write is an error, a read a warning), and cross-join when the statement spans
// two or more contexts. from may be "" for SQL of unknown origin, which yields
// only cross-join findings. Findings an allow entry covers are returned with
// AllowedBy set.
func (r *Resolver) Check(from string, st query.Statement, at Site) []finding.Finding {
	return r.check(from, st, at, finding.ForeignTable, finding.CrossJoin)
}

// CheckRuntime is Check for statements seen in pg_stat_statements: the cross-join
// kind is runtime-cross-join.
func (r *Resolver) CheckRuntime(from string, st query.Statement, at Site) []finding.Finding {
	return r.check(from, st, at, finding.ForeignTable, finding.RuntimeCrossJoin)
}

func (r *Resolver) check(from string, st query.Statement, at Site, foreign, cross finding.Kind) []finding.Finding {
	touches := r.Touches(st)
	var out []finding.Finding
	base := finding.Finding{From: from, File: at.File, Line: at.Line, Column: at.Column, Object: at.Object}
	via := ""
	if at.Via != "" {
		via = " through " + at.Via
	}

	if from != "" {
		byTable := map[string][]Touch{}
		var keys []string
		for _, t := range touches {
			if t.Owner.Context == "" || t.Owner.Context == from {
				continue
			}
			k := t.Owner.Context + "\x00" + t.QualifiedName()
			if byTable[k] == nil {
				keys = append(keys, k)
			}
			byTable[k] = append(byTable[k], t)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t := byTable[k][0]
			f := base
			f.Kind = foreign
			f.To = t.Owner.Context
			f.Tables = []string{t.QualifiedName()}
			f.Subject, f.Message, f.Fix = describeForeign(from, t, via)
			f.Access, f.Severity = finding.Read, finding.Warning
			if t.Write {
				f.Access, f.Severity = finding.Write, finding.Error
			}
			for _, c := range t.Columns {
				f.Columns = append(f.Columns, t.Table+"."+c)
			}
			r.Config.Allowed(&f)
			out = append(out, f)
		}
	}

	if from != "" {
		// Writing one's own columns of another context's table still writes that
		// table (its rows, locks and triggers) until the table is split.
		for _, t := range touches {
			if t.Owner.Context != from || !t.Write || t.TableOwner.Context == "" || t.TableOwner.Context == from {
				continue
			}
			f := base
			f.Kind, f.Severity, f.Access = foreign, finding.Error, finding.Write
			f.To = t.TableOwner.Context
			f.Tables = []string{t.QualifiedName()}
			cols := t.WrittenCols
			f.Subject = "write " + t.QualifiedName()
			if len(cols) > 0 {
				f.Subject += "(" + strings.Join(cols, ", ") + ")"
			}
			for _, c := range cols {
				f.Columns = append(f.Columns, t.Table+"."+c)
			}
			what, live := "its own "+columnList(t.QualifiedName(), cols)+", which", "lives"
			switch {
			case len(cols) == 0:
				what, live = "rows that", "live"
			case len(cols) > 1:
				live = "live"
			}
			f.Message = fmt.Sprintf("%s%s writes %s %s in %s's table %s until it is split", from, via, what, live, t.TableOwner.Context, t.QualifiedName())
			f.Fix = fmt.Sprintf("split %s (see its shared-table finding) and write %s's own table instead", t.QualifiedName(), from)
			r.Config.Allowed(&f)
			out = append(out, f)
		}
	}

	ctxs := Contexts(touches)
	if len(ctxs) >= 2 && spansTables(touches) {
		var tables []string
		var parts []string
		for _, t := range touches {
			if t.Owner.Context == "" {
				continue
			}
			q := t.QualifiedName()
			if !slices.Contains(tables, q) {
				tables = append(tables, q)
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", ownedPart(t), t.Owner.Context))
		}
		slices.Sort(tables)
		for _, to := range ctxs {
			if to == from {
				continue
			}
			f := base
			f.Kind = cross
			f.Severity = finding.Error
			f.To = to
			f.Tables = tables
			f.Subject = strings.Join(parts, " + ")
			who := "this statement"
			if from != "" {
				who = from + "'s statement"
			}
			f.Message = fmt.Sprintf("%s%s spans contexts %s: %s", who, via, strings.Join(ctxs, ", "), strings.Join(parts, ", "))
			f.Fix = fmt.Sprintf("split it: query each context's data on its own (%s through its API) and combine the results in code", to)
			if cross == finding.RuntimeCrossJoin {
				f.Fix = "find the code issuing this statement and " + f.Fix
			}
			r.Config.Allowed(&f)
			out = append(out, f)
		}
	}
	return out
}

// spansTables reports whether contexts meet across two different tables: one
// table whose columns belong to two contexts is a shared-table problem, reported
// on the table, not a join.
func spansTables(touches []Touch) bool {
	for i, a := range touches {
		for _, b := range touches[i+1:] {
			if a.Owner.Context != "" && b.Owner.Context != "" && a.Owner.Context != b.Owner.Context && a.QualifiedName() != b.QualifiedName() {
				return true
			}
		}
	}
	return false
}

// ownedPart renders the part of a table one owner owns: products(name, sku), or
// the table alone for a table-level touch.
func ownedPart(t Touch) string {
	if len(t.Columns) == 0 {
		return t.QualifiedName()
	}
	return t.QualifiedName() + "(" + strings.Join(t.Columns, ", ") + ")"
}

// describeForeign words a foreign-table finding: subject, message and fix.
func describeForeign(from string, t Touch, via string) (subject, message, fix string) {
	var modes []string
	if len(t.WrittenCols) > 0 {
		modes = append(modes, "write "+t.QualifiedName()+"("+strings.Join(t.WrittenCols, ", ")+")")
	} else if t.Write {
		modes = append(modes, "write "+t.QualifiedName())
	}
	if len(t.ReadCols) > 0 {
		modes = append(modes, "read "+t.QualifiedName()+"("+strings.Join(t.ReadCols, ", ")+")")
	} else if t.Read && len(t.WrittenCols) == 0 && !t.Write {
		modes = append(modes, "read "+t.QualifiedName())
	}
	subject = strings.Join(modes, "; ")
	owner := t.Owner.Context + "'s "
	var verbs []string
	switch {
	case len(t.WrittenCols) > 0:
		verbs = append(verbs, "writes "+owner+columnList(t.QualifiedName(), t.WrittenCols))
		owner = ""
	case t.Write:
		verbs = append(verbs, "writes "+owner+"table "+t.QualifiedName())
		owner = ""
	}
	switch {
	case len(t.ReadCols) > 0:
		verbs = append(verbs, "reads "+owner+columnList(t.QualifiedName(), t.ReadCols))
	case len(verbs) == 0:
		verbs = append(verbs, "reads "+owner+"table "+t.QualifiedName())
	}
	message = fmt.Sprintf("%s%s %s", from, via, strings.Join(verbs, " and "))
	if t.Write {
		fix = fmt.Sprintf("route the write through %s's API: %s must own every change to its data", t.Owner.Context, t.Owner.Context)
	} else {
		fix = fmt.Sprintf("get this data from %s's API (or a copy %s publishes) instead of reading its table", t.Owner.Context, t.Owner.Context)
	}
	return subject, message, fix
}

// columnList renders "column t.a" or "columns t.a, t.b".
func columnList(table string, cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = table + "." + c
	}
	if len(q) == 1 {
		return "column " + q[0]
	}
	return "columns " + strings.Join(q, ", ")
}
