package query

import (
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// maxWalk bounds the recursion of the resolver itself. Trees that pg_query decodes stay far
// below it (protobuf refuses nesting beyond 10,000 messages and every level of the walk
// consumes at least two); it guards nodes built by hand.
const maxWalk = 6000

// resolver accumulates what one statement touches.
type resolver struct {
	cat        Catalog
	tables     []*tableAcc
	seen       []seenRel // catalog lookups by the name as written
	unresolved []string
	sequences  []string // named by nextval, currval or setval calls
	depth      int
	tooDeep    bool
	into       bool // SELECT ... INTO: creates a table
	gen        int  // generation of the relOutput memos; a new CTE output starts a new one

	// Names that are not columns: PL/pgSQL variables, function parameters, NEW and OLD.
	vars map[string]bool
	// varsFirst: a variable shadows a column of the same name (PL/pgSQL); otherwise a column
	// shadows a parameter (SQL functions).
	varsFirst bool
}

type seenRel struct {
	schema, name string
	acc          *tableAcc
}

// tableAcc is the access to one table, merged over every reference to it.
type tableAcc struct {
	schema, name      string
	info              *TableInfo
	read, write       bool
	allRead, allWrite bool
	cols              []Column
}

func (t *tableAcc) col(name string) *Column {
	for i := range t.cols {
		if t.cols[i].Name == name {
			return &t.cols[i]
		}
	}
	t.cols = append(t.cols, Column{Name: name})
	return &t.cols[len(t.cols)-1]
}

func (t *tableAcc) readCol(name string) {
	t.read = true
	t.col(name).Read = true
}

func (t *tableAcc) writeCol(name string) {
	t.write = true
	t.col(name).Write = true
}

// relKind tells what a range table entry stands for.
type relKind uint8

const (
	relTable   relKind = iota // a base table or view
	relDerived                // a subquery in FROM or a CTE reference
	relFunc                   // a table function, VALUES or EXCLUDED: never a table
	relJoin                   // an aliased join: its columns are its children's
	relUsing                  // the merged columns of JOIN ... USING
)

// rte is one entry of a FROM clause (or a DML target), visible to column references by name.
type rte struct {
	kind     relKind
	name     string // the reference name: alias, or relation name; "" when there is none
	schema   string // for unaliased tables: the schema as resolved, to match schema.table.col
	aliased  bool
	tbl      *tableAcc
	aliasCol []string   // for tables: column aliases, renaming the first columns in order
	out      *relOutput // derived
	cols     []string   // func, using: the known column names
	open     bool       // func: may have columns beyond cols (a function of unknown row type)
	left     []*rte     // using: the two sides; join: all children
	right    []*rte
}

// tri is the answer to "does this relation have that column?" when the schema may be unknown.
type tri uint8

const (
	no tri = iota
	maybe
	yes
)

// has reports whether column name is visible through e.
func (r *resolver) has(e *rte, name string) tri {
	switch e.kind {
	case relTable:
		if _, ok := e.realColumn(name); ok {
			return yes
		}
		if e.tbl.info == nil {
			return maybe
		}
		// Columns past the aliased ones keep their names.
		cs := e.tbl.info.Columns
		for i := len(e.aliasCol); i < len(cs); i++ {
			if cs[i] == name {
				return yes
			}
		}
		return no
	case relDerived:
		return r.outHas(e.out, name)
	case relFunc, relUsing:
		for _, c := range e.cols {
			if c == name {
				return yes
			}
		}
		if e.open {
			return maybe
		}
		return no
	case relJoin:
		best := no
		for _, c := range e.left {
			if t := r.has(c, name); t > best {
				best = t
			}
		}
		return best
	}
	return no
}

// realColumn maps a column alias of an aliased table (FROM t AS x(a, b)) to the table's column.
func (e *rte) realColumn(name string) (string, bool) {
	for i, a := range e.aliasCol {
		if a != name {
			continue
		}
		if e.tbl.info != nil && i < len(e.tbl.info.Columns) {
			return e.tbl.info.Columns[i], true
		}
		return "", true
	}
	return "", false
}

// readCol records that column name of e is read.
func (r *resolver) readCol(e *rte, name string) {
	switch e.kind {
	case relTable:
		if real, ok := e.realColumn(name); ok {
			if real == "" {
				// Renamed without a catalog: the table is read, the column is unknown.
				e.tbl.read = true
				r.addUnresolved(e.name + "." + name)
				return
			}
			name = real
		}
		e.tbl.readCol(name)
	case relDerived:
		r.outRead(e.out, name)
	case relJoin:
		switch c, n := r.pick(e.left, name); {
		case n == 1:
			r.readCol(c, name)
		case n > 1:
			r.addUnresolved(name)
		}
	case relUsing:
		// Both sides were marked read when the join was resolved.
	}
}

// pick chooses the relation of rtes that has column name: the one that surely has it, else the
// one that may. n is how many are in the running: 0 none, 1 c, more is ambiguous. The merged
// column of a USING join wins over the columns it merges.
func (r *resolver) pick(rtes []*rte, name string) (c *rte, n int) {
	var hit, guess *rte
	nYes, nMaybe := 0, 0
	for _, e := range rtes {
		switch r.has(e, name) {
		case yes:
			if e.kind == relUsing {
				return e, 1
			}
			hit = e
			nYes++
		case maybe:
			guess = e
			nMaybe++
		}
	}
	if nYes > 0 {
		return hit, nYes
	}
	return guess, nMaybe
}

// readAll records that every column of e is read (e.*, SELECT *, a whole-row reference).
func (r *resolver) readAll(e *rte) {
	switch e.kind {
	case relTable:
		e.tbl.read = true
		e.tbl.allRead = true
	case relDerived:
		r.outReadAll(e.out)
	case relJoin:
		for _, c := range e.left {
			r.readAll(c)
		}
	}
}

// relOutput describes the columns a query produces, so references to a subquery or CTE map
// back to the tables beneath. Explicit output columns are recorded as read when the query
// itself is resolved; stars (SELECT *, t.*) are expanded lazily, so that only what the outer
// query uses of them is read.
type relOutput struct {
	names []string     // output column names, in order, where known
	stars []*rte       // relations whose every column is passed through
	arms  []*relOutput // a set operation: its arms, positional
	busy  bool         // guards recursive CTEs

	// Memos, valid while gen equals resolver.gen: a CTE referenced twice by each of a chain
	// of CTEs would otherwise be walked an exponential number of times.
	gen     int
	hasMemo map[string]tri
	read    map[string]bool
	allRead bool
}

// memo readies o's memos for the current generation.
func (r *resolver) memo(o *relOutput) {
	if o.gen != r.gen {
		o.gen = r.gen
		o.hasMemo = nil
		o.read = nil
		o.allRead = false
	}
}

func (r *resolver) outHas(o *relOutput, name string) tri {
	if o == nil || o.busy {
		return no
	}
	for _, n := range o.names {
		if n == name {
			return yes
		}
	}
	if len(o.stars) == 0 && len(o.arms) == 0 {
		return no
	}
	r.memo(o)
	if t, ok := o.hasMemo[name]; ok {
		return t
	}
	o.busy = true
	best := no
	for _, s := range o.stars {
		if t := r.has(s, name); t > best {
			best = t
		}
	}
	if len(o.arms) > 0 {
		if t := r.outHas(o.arms[0], name); t > best {
			best = t
		}
	}
	o.busy = false
	if o.hasMemo == nil {
		o.hasMemo = make(map[string]tri)
	}
	o.hasMemo[name] = best
	return best
}

func (r *resolver) outRead(o *relOutput, name string) {
	if o == nil || o.busy || len(o.stars) == 0 && len(o.arms) == 0 {
		return
	}
	r.memo(o)
	if o.allRead || o.read[name] {
		return
	}
	if o.read == nil {
		o.read = make(map[string]bool)
	}
	o.read[name] = true
	o.busy = true
	defer func() { o.busy = false }()
	if len(o.arms) > 0 {
		// Set operations match columns by position, and the names are the first arm's. An arm
		// whose positions a star hides is read whole.
		for i, a := range o.arms {
			if len(a.stars) == 0 && len(a.arms) == 0 {
				continue
			}
			if i == 0 {
				r.outRead(a, name)
			} else {
				r.outReadAll(a)
			}
		}
		return
	}
	if contains(o.names, name) {
		return
	}
	for _, s := range o.stars {
		if r.has(s, name) != no {
			r.readCol(s, name)
		}
	}
}

func (r *resolver) outReadAll(o *relOutput) {
	if o == nil || o.busy || len(o.stars) == 0 && len(o.arms) == 0 {
		return
	}
	r.memo(o)
	if o.allRead {
		return
	}
	o.allRead = true
	o.busy = true
	defer func() { o.busy = false }()
	for _, s := range o.stars {
		r.readAll(s)
	}
	for _, a := range o.arms {
		r.outReadAll(a)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// scope is one query level: the relations its FROM clause makes visible, and its CTEs.
type scope struct {
	parent *scope
	rtes   []*rte
	ctes   []*cte
}

type cte struct {
	name string
	out  *relOutput
}

func (r *resolver) addUnresolved(name string) {
	for _, u := range r.unresolved {
		if u == name {
			return
		}
	}
	r.unresolved = append(r.unresolved, name)
}

// enter and leave bound the depth of the walk.
func (r *resolver) enter() bool {
	r.depth++
	if r.depth > maxWalk {
		r.tooDeep = true
	}
	return !r.tooDeep
}

func (r *resolver) leave() { r.depth-- }

// table returns the access record for a relation named in the statement, resolving it through
// the catalog.
func (r *resolver) table(rv *pg_query.RangeVar) *tableAcc {
	schema, name := rv.Schemaname, rv.Relname
	for _, s := range r.seen {
		if s.schema == schema && s.name == name {
			return s.acc
		}
	}
	rs, rn := schema, name
	var info *TableInfo
	if r.cat != nil {
		if ti, ok := r.cat.Table(schema, name); ok {
			info = &ti
			if ti.Schema != "" {
				rs = ti.Schema
			}
			if ti.Name != "" {
				rn = ti.Name
			}
		}
	}
	var acc *tableAcc
	for _, t := range r.tables {
		if t.schema == rs && t.name == rn {
			acc = t
			break
		}
	}
	if acc == nil {
		acc = &tableAcc{schema: rs, name: rn, info: info}
		r.tables = append(r.tables, acc)
	} else if acc.info == nil {
		acc.info = info
	}
	r.seen = append(r.seen, seenRel{schema: schema, name: name, acc: acc})
	return acc
}

// tableRTE makes the range table entry for a base relation.
func (r *resolver) tableRTE(rv *pg_query.RangeVar) *rte {
	acc := r.table(rv)
	e := &rte{kind: relTable, tbl: acc, name: rv.Relname, schema: acc.schema}
	if rv.Alias != nil && rv.Alias.Aliasname != "" {
		e.name = rv.Alias.Aliasname
		e.aliased = true
		e.schema = ""
		e.aliasCol = stringList(rv.Alias.Colnames)
	}
	return e
}

// result turns the accumulated access into the sorted, de-duplicated form of Statement.
func (r *resolver) result() ([]Table, []string) {
	var tables []Table
	if len(r.tables) > 0 {
		tables = make([]Table, 0, len(r.tables))
	}
	for _, t := range r.tables {
		if !t.read && !t.write {
			continue
		}
		if t.info != nil && (t.allRead || t.allWrite) {
			for _, c := range t.info.Columns {
				col := t.col(c)
				if t.allRead {
					col.Read = true
				}
				if t.allWrite {
					col.Write = true
				}
			}
		}
		sort.Slice(t.cols, func(i, j int) bool { return t.cols[i].Name < t.cols[j].Name })
		tables = append(tables, Table{
			Schema:            t.schema,
			Name:              t.name,
			Read:              t.read,
			Write:             t.write,
			Columns:           t.cols,
			AllColumns:        t.allRead,
			AllColumnsWritten: t.allWrite,
		})
	}
	sort.Slice(tables, func(i, j int) bool {
		if tables[i].Schema != tables[j].Schema {
			return tables[i].Schema < tables[j].Schema
		}
		return tables[i].Name < tables[j].Name
	})
	sort.Strings(r.unresolved)
	return tables, r.unresolved
}

// stringList returns the String values of a list of nodes (column name lists).
func stringList(ns []*pg_query.Node) []string {
	if len(ns) == 0 {
		return nil
	}
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		if s, ok := n.Node.(*pg_query.Node_String_); ok {
			out = append(out, s.String_.Sval)
		}
	}
	return out
}
