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
			schema, name, info = r.owningTable(info)
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

// owningTable returns the table whose owner owns the table of info: a partition
// belongs to its parent's context (up to the root), unless faultline.yaml lists
// the partition by name, which wins (DESIGN.md).
func (r *Resolver) owningTable(info query.TableInfo) (schema, name string, _ query.TableInfo) {
	for range 32 { // partitions nest a few levels; a cycle must not hang
		if info.PartitionOf == "" {
			break
		}
		if _, listed := r.Config.Listed(info.Schema, info.Name); listed {
			break
		}
		ps, pn, ok := strings.Cut(info.PartitionOf, ".")
		if !ok {
			ps, pn = info.Schema, info.PartitionOf
		}
		pi, ok := r.Catalog.Table(ps, pn)
		if !ok {
			return ps, pn, info
		}
		info = pi
	}
	return info.Schema, info.Name, info
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
			f.Message, f.Fix = describeForeign(from, t, via)
			f.Access, f.Severity = finding.Read, finding.Warning
			if t.Write {
				f.Access, f.Severity = finding.Write, finding.Error
			}
			f.Subject = Subject(at.Object, string(f.Access)+" "+t.QualifiedName())
			for _, c := range t.Columns {
				f.Columns = append(f.Columns, t.Table+"."+c)
			}
			out = append(out, f)
		}
	}

	if from != "" {
		out = append(out, r.splitWork(from, touches, base)...)
		out = append(out, r.sequences(from, st, base, via)...)
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
			f.Subject = Subject(at.Object, strings.Join(tables, " + "))
			who := "this statement"
			if from != "" {
				who = from + "'s statement"
			}
			f.Message = fmt.Sprintf("%s%s spans contexts %s: %s", who, via, strings.Join(ctxs, ", "), strings.Join(parts, ", "))
			f.Fix = fmt.Sprintf("split it: query each context's data on its own (%s through its API) and combine the results in code", to)
			if cross == finding.RuntimeCrossJoin {
				f.Fix = "find the code issuing this statement and " + f.Fix
			}
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

// describeForeign words a foreign-table finding: message and fix.
func describeForeign(from string, t Touch, via string) (message, fix string) {
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
	return message, fix
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

// Subject is the subject of a finding about SQL in code or a query file: the
// enclosing function (or the query's name) and what the statement does to which
// tables, never its column list, so that a query gaining a column keeps its key
// (DESIGN.md, Findings). object may be "" (package-level SQL).
func Subject(object, what string) string {
	if object == "" {
		return what
	}
	return object + ": " + what
}

// splitWork returns, for each table of another context (or of the shared kernel,
// or of no one) whose columns from claims and the statement uses, a shared-table
// finding of severity info carrying the statement: from working on its own
// columns is not reaching across (no foreign-table), but the statement has to
// follow the columns when the table is split. FoldSplitWork hands these
// statements to the table's shared-table finding.
func (r *Resolver) splitWork(from string, touches []Touch, base finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, t := range touches {
		if t.Owner.Context != from || t.TableOwner.Context == from {
			continue
		}
		st := finding.Statement{Table: t.QualifiedName(), Access: finding.Read,
			File: base.File, Line: base.Line, Column: base.Column, Object: base.Object}
		if t.Write {
			st.Access = finding.Write
		}
		for _, c := range t.Columns {
			st.Columns = append(st.Columns, t.QualifiedName()+"."+c)
		}
		f := base
		f.Kind, f.Severity, f.Access = finding.SharedTable, finding.Info, st.Access
		f.To = t.TableOwner.Context
		f.Subject = tableSubject(t.Schema, t.Table)
		f.Tables = []string{t.QualifiedName()}
		f.Columns = st.Columns
		owner := "no context's"
		switch {
		case t.TableOwner.Context != "":
			owner = t.TableOwner.Context + "'s"
		case t.TableOwner.Shared:
			owner = "the shared kernel's"
		}
		verb := "reads"
		if t.Write {
			verb = "writes"
		}
		what := "its own rows"
		if len(t.Columns) > 0 {
			what = "its own " + columnList(t.QualifiedName(), t.Columns)
		}
		f.Message = fmt.Sprintf("%s %s %s of %s table %s: no reach across contexts, but work of the table's split", from, verb, what, owner, t.QualifiedName())
		f.Fix = fmt.Sprintf("when %s is split (step 3, its shared-table finding), point this statement at %s's new table", t.QualifiedName(), from)
		f.Statements = []finding.Statement{st}
		out = append(out, f)
	}
	return out
}

// tableSubject names a table as the shared-table finding does: without the
// schema when it is public or unknown.
func tableSubject(schema, table string) string {
	if schema == "" || schema == "public" {
		return table
	}
	return schema + "." + table
}

// FoldSplitWork hands the statements of the info shared-table findings that
// Check returns for a context's work on its own columns to the shared-table
// finding of the catalog with the same key (the table's split), and drops them.
// Where the catalog has no such finding (no migrations), the statements of one
// key are kept together on the first of them. The result is sorted.
func FoldSplitWork(fs []finding.Finding) []finding.Finding {
	fs = finding.Sort(fs)
	out := make([]finding.Finding, 0, len(fs))
	var work []finding.Finding
	index := map[string]int{} // key -> the shared-table finding taking its statements
	for _, f := range fs {
		if isSplitWork(f) {
			work = append(work, f)
			continue
		}
		if _, ok := index[f.Key()]; !ok && f.Kind == finding.SharedTable {
			index[f.Key()] = len(out)
		}
		f.Statements = slices.Clone(f.Statements)
		out = append(out, f)
	}
	for _, w := range work {
		i, ok := index[w.Key()]
		if !ok {
			index[w.Key()] = len(out)
			out = append(out, w)
			continue
		}
		out[i].Statements = append(out[i].Statements, w.Statements...)
	}
	for i := range out {
		slices.SortFunc(out[i].Statements, compareStatements)
		out[i].Statements = slices.CompactFunc(out[i].Statements, func(a, b finding.Statement) bool { return compareStatements(a, b) == 0 })
	}
	return finding.Sort(out)
}

// isSplitWork reports whether f is one of the findings splitWork makes.
func isSplitWork(f finding.Finding) bool {
	return f.Kind == finding.SharedTable && f.Severity == finding.Info && len(f.Statements) > 0
}

func compareStatements(a, b finding.Statement) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Column != b.Column {
		return a.Column - b.Column
	}
	return strings.Compare(a.Object+"\x00"+a.Table+"\x00"+string(a.Access), b.Object+"\x00"+b.Table+"\x00"+string(b.Access))
}

// sequences reports the sequences of other contexts that a statement of from
// names in nextval, currval or setval: kind sequence, not foreign-table, because
// what the two contexts share is an id space, not data, and the cut is the
// sequence finding's (an id source of from's own), not a call to the owner's
// API. A sequence belongs to the context whose tables entries match its name.
func (r *Resolver) sequences(from string, st query.Statement, base finding.Finding, via string) []finding.Finding {
	var out []finding.Finding
	for _, seq := range st.Sequences {
		schema, name, ok := strings.Cut(seq, ".")
		if !ok {
			schema, name = "", seq
		}
		owner := r.Config.TableOwner(schema, name)
		if owner.Context == "" || owner.Context == from {
			continue
		}
		f := base
		f.Kind, f.Severity, f.Access = finding.Sequence, finding.Error, finding.Write
		f.To = owner.Context
		f.Subject = Subject(base.Object, "nextval "+seq)
		f.Tables = []string{seq}
		f.Message = fmt.Sprintf("%s%s draws from sequence %s of %s: the two contexts share one id space", from, via, seq, owner.Context)
		f.Fix = fmt.Sprintf("give %s an id source of its own (a sequence it owns, or ids it makes itself) instead of %s's %s", from, owner.Context, seq)
		out = append(out, f)
	}
	return out
}
