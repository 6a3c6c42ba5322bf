package query

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// stmt resolves one statement and returns its command.
func (r *resolver) stmt(n *pg_query.Node, parent *scope) string {
	if n == nil || n.Node == nil {
		return "other"
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_RawStmt:
		return r.stmt(x.RawStmt.GetStmt(), parent)
	case *pg_query.Node_SelectStmt:
		r.outReadAll(r.selectStmt(x.SelectStmt, parent))
		if r.into {
			return "ddl" // SELECT ... INTO creates a table
		}
		return "select"
	case *pg_query.Node_InsertStmt:
		r.outReadAll(r.insertStmt(x.InsertStmt, parent))
		return "insert"
	case *pg_query.Node_UpdateStmt:
		r.outReadAll(r.updateStmt(x.UpdateStmt, parent))
		return "update"
	case *pg_query.Node_DeleteStmt:
		r.outReadAll(r.deleteStmt(x.DeleteStmt, parent))
		return "delete"
	case *pg_query.Node_MergeStmt:
		r.outReadAll(r.mergeStmt(x.MergeStmt, parent))
		return "merge"
	case *pg_query.Node_CopyStmt:
		r.copyStmt(x.CopyStmt)
		return "copy"
	case *pg_query.Node_CreateTableAsStmt:
		// CREATE TABLE AS and CREATE MATERIALIZED VIEW read their query; the new relation
		// is DDL.
		r.outReadAll(r.query(x.CreateTableAsStmt.GetQuery(), parent))
		return "ddl"
	case *pg_query.Node_ViewStmt:
		r.outReadAll(r.query(x.ViewStmt.GetQuery(), parent))
		return "ddl"
	case *pg_query.Node_DeclareCursorStmt:
		r.outReadAll(r.query(x.DeclareCursorStmt.GetQuery(), parent))
		return "select"
	case *pg_query.Node_PrepareStmt:
		return r.stmt(x.PrepareStmt.GetQuery(), parent)
	case *pg_query.Node_ExplainStmt:
		r.stmt(x.ExplainStmt.GetQuery(), parent)
		return "other"
	case *pg_query.Node_TruncateStmt:
		for _, rel := range x.TruncateStmt.GetRelations() {
			if rv := rel.GetRangeVar(); rv != nil {
				r.table(rv).write = true
			}
		}
		return "other"
	case *pg_query.Node_RefreshMatViewStmt:
		if rv := x.RefreshMatViewStmt.GetRelation(); rv != nil {
			r.table(rv).write = true
		}
		return "other"
	case *pg_query.Node_CallStmt:
		if fc := x.CallStmt.GetFunccall(); fc != nil {
			r.funcCall(fc, parent)
		}
		return "other"
	case *pg_query.Node_TransactionStmt, *pg_query.Node_VariableSetStmt, *pg_query.Node_VariableShowStmt,
		*pg_query.Node_DiscardStmt, *pg_query.Node_CheckPointStmt, *pg_query.Node_LockStmt,
		*pg_query.Node_ListenStmt, *pg_query.Node_NotifyStmt, *pg_query.Node_UnlistenStmt,
		*pg_query.Node_LoadStmt, *pg_query.Node_VacuumStmt, *pg_query.Node_ClusterStmt,
		*pg_query.Node_ReindexStmt, *pg_query.Node_ExecuteStmt, *pg_query.Node_DeallocateStmt,
		*pg_query.Node_FetchStmt, *pg_query.Node_ClosePortalStmt, *pg_query.Node_DoStmt,
		*pg_query.Node_ConstraintsSetStmt, *pg_query.Node_ReturnStmt, *pg_query.Node_PlassignStmt:
		return "other"
	}
	return "ddl"
}

// query resolves a node that produces rows (a SELECT, or DML with RETURNING) and returns its
// output columns.
func (r *resolver) query(n *pg_query.Node, parent *scope) *relOutput {
	if n == nil {
		return nil
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		return r.selectStmt(x.SelectStmt, parent)
	case *pg_query.Node_InsertStmt:
		return r.insertStmt(x.InsertStmt, parent)
	case *pg_query.Node_UpdateStmt:
		return r.updateStmt(x.UpdateStmt, parent)
	case *pg_query.Node_DeleteStmt:
		return r.deleteStmt(x.DeleteStmt, parent)
	case *pg_query.Node_MergeStmt:
		return r.mergeStmt(x.MergeStmt, parent)
	}
	r.stmt(n, parent)
	return nil
}

func (r *resolver) selectStmt(s *pg_query.SelectStmt, parent *scope) *relOutput {
	if s == nil {
		return nil
	}
	if !r.enter() {
		r.leave()
		return nil
	}
	defer r.leave()
	sc := &scope{parent: parent}
	if s.WithClause != nil {
		r.with(s.WithClause, sc)
	}
	if s.Op != pg_query.SetOperation_SETOP_NONE && s.Op != pg_query.SetOperation_SET_OPERATION_UNDEFINED {
		l := r.selectStmt(s.Larg, sc)
		rr := r.selectStmt(s.Rarg, sc)
		out := &relOutput{arms: []*relOutput{l, rr}}
		if l != nil {
			out.names = l.names
		}
		// ORDER BY of a set operation names its output columns.
		r.orderBy(s.SortClause, sc, out.names)
		r.expr(s.LimitOffset, sc)
		r.expr(s.LimitCount, sc)
		return out
	}
	if s.IntoClause != nil {
		r.into = true
	}
	if len(s.ValuesLists) > 0 {
		width := 0
		for _, l := range s.ValuesLists {
			items := l.GetList().GetItems()
			for _, it := range items {
				r.expr(it, sc)
			}
			width = max(width, len(items))
		}
		out := &relOutput{names: make([]string, width)}
		for i := range out.names {
			out.names[i] = "column" + strconv.Itoa(i+1)
		}
		r.orderBy(s.SortClause, sc, out.names)
		r.expr(s.LimitOffset, sc)
		r.expr(s.LimitCount, sc)
		return out
	}
	r.from(s.FromClause, sc)
	r.expr(s.WhereClause, sc)
	out, aliases := r.targets(s.TargetList, sc)
	if out == nil {
		out = &relOutput{} // SELECT with no columns
	}
	r.groupBy(s.GroupClause, sc, aliases)
	r.expr(s.HavingClause, sc)
	for _, w := range s.WindowClause {
		r.expr(w, sc)
	}
	for _, d := range s.DistinctClause {
		r.sortKey(d, sc, out.names)
	}
	r.orderBy(s.SortClause, sc, out.names)
	r.expr(s.LimitOffset, sc)
	r.expr(s.LimitCount, sc)
	return out
}

// targets resolves a target or RETURNING list. Stars become lazy pass-through columns; it also
// returns the explicit output aliases (AS name), which GROUP BY may refer to.
func (r *resolver) targets(list []*pg_query.Node, sc *scope) (*relOutput, []string) {
	if len(list) == 0 {
		return nil, nil
	}
	out := &relOutput{names: make([]string, 0, len(list))}
	var aliases []string
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			r.expr(n, sc)
			continue
		}
		if cr := rt.Val.GetColumnRef(); cr != nil && isStar(cr) {
			if len(cr.Fields) == 1 {
				for _, e := range sc.rtes {
					if e.kind != relUsing {
						out.stars = append(out.stars, e)
					}
				}
			} else if e := r.findRel(fieldNames(cr.Fields[:len(cr.Fields)-1]), sc); e != nil {
				out.stars = append(out.stars, e)
			} else {
				r.columnRef(cr, sc) // reports the unknown relation
			}
			continue
		}
		r.expr(rt.Val, sc)
		for _, ind := range rt.Indirection {
			r.expr(ind, sc)
		}
		name := rt.Name
		if name != "" {
			aliases = append(aliases, name)
		} else {
			name = outputName(rt.Val)
		}
		out.names = append(out.names, name)
	}
	return out, aliases
}

// outputName is the column name PostgreSQL gives an unaliased output expression.
func outputName(n *pg_query.Node) string {
	if n == nil {
		return "?column?"
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		f := x.ColumnRef.GetFields()
		if len(f) > 0 {
			if s := f[len(f)-1].GetString_(); s != nil {
				return s.Sval
			}
		}
	case *pg_query.Node_FuncCall:
		f := x.FuncCall.GetFuncname()
		if len(f) > 0 {
			if s := f[len(f)-1].GetString_(); s != nil {
				return s.Sval
			}
		}
	case *pg_query.Node_TypeCast:
		return outputName(x.TypeCast.GetArg())
	case *pg_query.Node_AIndirection:
		ind := x.AIndirection.GetIndirection()
		if len(ind) > 0 {
			if s := ind[len(ind)-1].GetString_(); s != nil {
				return s.Sval
			}
		}
		return outputName(x.AIndirection.GetArg())
	case *pg_query.Node_CaseExpr:
		return "case"
	case *pg_query.Node_CoalesceExpr:
		return "coalesce"
	}
	return "?column?"
}

// bareName returns the name of an unqualified single-field column reference.
func bareName(n *pg_query.Node) (string, bool) {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) != 1 {
		return "", false
	}
	s := cr.Fields[0].GetString_()
	if s == nil {
		return "", false
	}
	return s.Sval, true
}

// orderBy resolves ORDER BY items: a bare name that is an output column of the query refers to
// it, not to a table column.
func (r *resolver) orderBy(items []*pg_query.Node, sc *scope, outputs []string) {
	for _, it := range items {
		if sb := it.GetSortBy(); sb != nil {
			r.sortKey(sb.Node, sc, outputs)
			for _, u := range sb.UseOp {
				r.expr(u, sc)
			}
			continue
		}
		r.sortKey(it, sc, outputs)
	}
}

func (r *resolver) sortKey(n *pg_query.Node, sc *scope, outputs []string) {
	if name, ok := bareName(n); ok && contains(outputs, name) {
		return
	}
	r.expr(n, sc)
}

// groupBy resolves GROUP BY items: a bare name is an input column first, then an output alias.
func (r *resolver) groupBy(items []*pg_query.Node, sc *scope, aliases []string) {
	for _, it := range items {
		if gs := it.GetGroupingSet(); gs != nil {
			r.groupBy(gs.Content, sc, aliases)
			continue
		}
		if name, ok := bareName(it); ok && contains(aliases, name) && !r.levelHas(sc, name) {
			continue
		}
		r.expr(it, sc)
	}
}

// levelHas reports whether some relation of this query level surely has column name.
func (r *resolver) levelHas(sc *scope, name string) bool {
	for _, e := range sc.rtes {
		if r.has(e, name) == yes {
			return true
		}
	}
	return false
}

// with resolves a WITH clause into sc.ctes. Without RECURSIVE a CTE sees only the ones before
// it; with RECURSIVE it sees all of them, itself included.
func (r *resolver) with(w *pg_query.WithClause, sc *scope) {
	defs := make([]*cte, 0, len(w.Ctes))
	nodes := make([]*pg_query.CommonTableExpr, 0, len(w.Ctes))
	for _, n := range w.Ctes {
		c := n.GetCommonTableExpr()
		if c == nil {
			continue
		}
		d := &cte{name: c.Ctename, out: &relOutput{}}
		if w.Recursive {
			d.out.names = stringList(c.Aliascolnames)
			if d.out.names == nil {
				d.out.names = leftmostNames(c.Ctequery)
			}
		}
		defs = append(defs, d)
		nodes = append(nodes, c)
	}
	for i, c := range nodes {
		visible := defs[:i]
		if w.Recursive {
			visible = defs
		}
		cs := &scope{parent: sc.parent, ctes: visible}
		out := r.query(c.Ctequery, cs)
		res := relOutput{}
		if out != nil {
			res = relOutput{names: out.names, stars: out.stars, arms: out.arms}
		}
		if names := stringList(c.Aliascolnames); names != nil {
			res.names = renamed(res.names, names)
		}
		*defs[i].out = res
		r.gen++ // outputs that pass this CTE through may answer differently now
	}
	sc.ctes = append(sc.ctes, defs...)
}

// leftmostNames derives the output names of a query from its leftmost SELECT, without resolving
// anything: what a recursive CTE's self-reference sees before the CTE is resolved.
func leftmostNames(n *pg_query.Node) []string {
	s := n.GetSelectStmt()
	for s != nil && s.Larg != nil && s.Op != pg_query.SetOperation_SETOP_NONE {
		s = s.Larg
	}
	if s == nil {
		return nil
	}
	var names []string
	for _, t := range s.TargetList {
		if rt := t.GetResTarget(); rt != nil {
			if rt.Name != "" {
				names = append(names, rt.Name)
			} else {
				names = append(names, outputName(rt.Val))
			}
		}
	}
	return names
}

// renamed applies column aliases (AS s(a, b)) to the first output names.
func renamed(names, aliases []string) []string {
	out := make([]string, max(len(names), len(aliases)))
	copy(out, names)
	copy(out, aliases)
	return out
}

func (r *resolver) lookupCTE(name string, sc *scope) *cte {
	for s := sc; s != nil; s = s.parent {
		for i := len(s.ctes) - 1; i >= 0; i-- {
			if s.ctes[i].name == name {
				return s.ctes[i]
			}
		}
	}
	return nil
}

// from resolves a FROM list into sc.rtes. Each item sees the items before it only through
// LATERAL (and function calls, which are implicitly lateral).
func (r *resolver) from(items []*pg_query.Node, sc *scope) {
	for _, it := range items {
		before := sc.rtes[:len(sc.rtes):len(sc.rtes)]
		sc.rtes = append(sc.rtes, r.fromItem(it, sc, before)...)
	}
}

// fromItem resolves one FROM item and returns the entries it makes visible.
func (r *resolver) fromItem(n *pg_query.Node, sc *scope, lateral []*rte) []*rte {
	if n == nil {
		return nil
	}
	if !r.enter() {
		r.leave()
		return nil
	}
	defer r.leave()
	switch x := n.Node.(type) {
	case *pg_query.Node_RangeVar:
		if x.RangeVar == nil {
			return nil
		}
		return []*rte{r.rangeVar(x.RangeVar, sc)}
	case *pg_query.Node_RangeSubselect:
		rs := x.RangeSubselect
		ls := &scope{parent: sc.parent, ctes: sc.ctes}
		if rs.GetLateral() {
			ls.rtes = lateral
		}
		out := r.query(rs.GetSubquery(), ls)
		e := &rte{kind: relDerived, out: out}
		if rs.GetAlias() != nil {
			e.name = rs.Alias.Aliasname
			if names := stringList(rs.Alias.Colnames); names != nil {
				e.out = renamedOutput(out, names)
			}
		}
		return []*rte{e}
	case *pg_query.Node_RangeFunction:
		return []*rte{r.rangeFunction(x.RangeFunction, sc, lateral)}
	case *pg_query.Node_JoinExpr:
		return r.join(x.JoinExpr, sc, lateral)
	case *pg_query.Node_RangeTableSample:
		ts := x.RangeTableSample
		out := r.fromItem(ts.GetRelation(), sc, lateral)
		ls := &scope{parent: sc.parent, ctes: sc.ctes, rtes: lateral}
		r.exprs(ts.GetArgs(), ls)
		r.expr(ts.GetRepeatable(), ls)
		return out
	case *pg_query.Node_RangeTableFunc:
		tf := x.RangeTableFunc
		ls := &scope{parent: sc.parent, ctes: sc.ctes, rtes: lateral}
		r.expr(tf.GetDocexpr(), ls)
		r.expr(tf.GetRowexpr(), ls)
		e := &rte{kind: relFunc}
		for _, c := range tf.GetColumns() {
			if col := c.GetRangeTableFuncCol(); col != nil {
				e.cols = append(e.cols, col.Colname)
				r.expr(col.Colexpr, ls)
				r.expr(col.Coldefexpr, ls)
			}
		}
		if tf.GetAlias() != nil {
			e.name = tf.Alias.Aliasname
			if names := stringList(tf.Alias.Colnames); names != nil {
				e.cols = renamed(e.cols, names)
			}
		}
		return []*rte{e}
	case *pg_query.Node_JsonTable:
		jt := x.JsonTable
		ls := &scope{parent: sc.parent, ctes: sc.ctes, rtes: lateral}
		r.expr(jt.GetContextItem().GetRawExpr(), ls)
		r.exprs(jt.GetPassing(), ls)
		e := &rte{kind: relFunc}
		jsonTableColumns(jt.GetColumns(), &e.cols)
		if jt.GetAlias() != nil {
			e.name = jt.Alias.Aliasname
		}
		return []*rte{e}
	}
	r.expr(n, sc)
	return nil
}

func jsonTableColumns(cols []*pg_query.Node, out *[]string) {
	for _, c := range cols {
		if jc := c.GetJsonTableColumn(); jc != nil {
			if jc.Name != "" {
				*out = append(*out, jc.Name)
			}
			jsonTableColumns(jc.Columns, out)
		}
	}
}

// renamedOutput applies column aliases to a derived relation's output.
func renamedOutput(o *relOutput, names []string) *relOutput {
	if o == nil {
		return &relOutput{names: names}
	}
	return &relOutput{names: renamed(o.names, names), stars: o.stars, arms: o.arms}
}

// rangeVar resolves a relation name in FROM: a CTE when one of that name is visible, else a
// table or view, which is read.
func (r *resolver) rangeVar(rv *pg_query.RangeVar, sc *scope) *rte {
	if rv.Schemaname == "" && rv.Catalogname == "" {
		if c := r.lookupCTE(rv.Relname, sc); c != nil {
			e := &rte{kind: relDerived, name: rv.Relname, out: c.out}
			if rv.Alias != nil && rv.Alias.Aliasname != "" {
				e.name = rv.Alias.Aliasname
				if names := stringList(rv.Alias.Colnames); names != nil {
					e.out = renamedOutput(c.out, names)
				}
			}
			return e
		}
	}
	e := r.tableRTE(rv)
	e.tbl.read = true
	return e
}

// rangeFunction resolves a function in FROM: its arguments may refer to the items before it;
// it is never a table, but its column names shadow others.
func (r *resolver) rangeFunction(f *pg_query.RangeFunction, sc *scope, lateral []*rte) *rte {
	if f == nil {
		return nil
	}
	ls := &scope{parent: sc.parent, ctes: sc.ctes, rtes: lateral}
	e := &rte{kind: relFunc}
	var names []string // function names, for the columns PostgreSQL derives from them
	defined := len(f.Coldeflist) > 0
	for _, fn := range f.Functions {
		items := fn.GetList().GetItems()
		if len(items) == 0 {
			r.expr(fn, ls)
			continue
		}
		r.expr(items[0], ls)
		names = append(names, outputName(items[0]))
		if len(items) > 1 {
			for _, d := range items[1].GetList().GetItems() {
				if cd := d.GetColumnDef(); cd != nil {
					e.cols = append(e.cols, cd.Colname)
					defined = true
				}
			}
		}
	}
	for _, d := range f.Coldeflist {
		if cd := d.GetColumnDef(); cd != nil {
			e.cols = append(e.cols, cd.Colname)
		}
	}
	if len(names) > 0 {
		e.name = names[0]
	}
	if !defined {
		for _, n := range names {
			if cols, ok := functionColumns[n]; ok {
				e.cols = append(e.cols, cols...)
			} else if scalarFunctions[n] || len(names) > 1 {
				e.cols = append(e.cols, n)
			} else {
				e.open = true // a user function may return any row type
			}
		}
	}
	if f.Alias != nil && f.Alias.Aliasname != "" {
		e.name = f.Alias.Aliasname
		if colnames := stringList(f.Alias.Colnames); colnames != nil {
			e.cols = renamed(e.cols, colnames)
			e.open = false
		} else if len(names) == 1 && !defined {
			if _, ok := functionColumns[names[0]]; !ok {
				e.cols = []string{e.name} // a scalar column takes the alias
			}
		}
	} else if len(names) == 1 && !defined && e.open {
		e.cols = []string{names[0]}
	}
	if f.Ordinality {
		e.cols = append(e.cols, "ordinality")
	}
	return e
}

// scalarFunctions are set-returning functions of one unnamed column, named for the function
// (or its alias).
var scalarFunctions = map[string]bool{
	"generate_series": true, "generate_subscripts": true, "unnest": true,
	"regexp_split_to_table": true, "string_to_table": true, "regexp_matches": true,
	"jsonb_object_keys": true, "json_object_keys": true, "jsonb_path_query": true,
}

// functionColumns are the output columns of common set-returning functions with named ones.
var functionColumns = map[string][]string{
	"jsonb_each": {"key", "value"}, "json_each": {"key", "value"},
	"jsonb_each_text": {"key", "value"}, "json_each_text": {"key", "value"},
	"jsonb_array_elements": {"value"}, "json_array_elements": {"value"},
	"jsonb_array_elements_text": {"value"}, "json_array_elements_text": {"value"},
	"pg_options_to_table": {"option_name", "option_value"},
}

// join resolves a JOIN: the right side sees the left side through LATERAL; ON sees only the
// join's own children; USING and NATURAL read the shared columns on both sides.
func (r *resolver) join(j *pg_query.JoinExpr, sc *scope, lateral []*rte) []*rte {
	if j == nil {
		return nil
	}
	left := r.fromItem(j.Larg, sc, lateral)
	rl := make([]*rte, 0, len(lateral)+len(left))
	rl = append(append(rl, lateral...), left...)
	right := r.fromItem(j.Rarg, sc, rl)
	children := make([]*rte, 0, len(left)+len(right)+1)
	children = append(append(children, left...), right...)

	var using []string
	if len(j.UsingClause) > 0 {
		using = stringList(j.UsingClause)
	} else if j.IsNatural {
		using = r.commonColumns(left, right)
	}
	if len(using) > 0 {
		ls := &scope{rtes: left}
		rs := &scope{rtes: right}
		for _, c := range using {
			r.sideColumn(c, ls)
			r.sideColumn(c, rs)
		}
		u := &rte{kind: relUsing, cols: using}
		if j.JoinUsingAlias != nil {
			u.name = j.JoinUsingAlias.Aliasname
		}
		children = append(children, u)
	}
	js := &scope{parent: sc.parent, ctes: sc.ctes, rtes: children}
	r.expr(j.Quals, js)
	if j.Alias != nil && j.Alias.Aliasname != "" {
		return []*rte{{kind: relJoin, name: j.Alias.Aliasname, left: children}}
	}
	return children
}

// sideColumn reads a USING column from one side of a join.
func (r *resolver) sideColumn(name string, side *scope) {
	switch c, n := r.pick(side.rtes, name); {
	case n == 1:
		r.readCol(c, name)
	case n > 1:
		r.addUnresolved(name)
	}
}

// commonColumns lists the columns a NATURAL join shares, where the catalog knows both sides.
func (r *resolver) commonColumns(left, right []*rte) []string {
	var out []string
	for _, l := range left {
		if l.kind != relTable || l.tbl.info == nil {
			continue
		}
		for _, c := range l.tbl.info.Columns {
			for _, rr := range right {
				if r.has(rr, c) == yes && !contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func (r *resolver) insertStmt(s *pg_query.InsertStmt, parent *scope) *relOutput {
	if s == nil {
		return nil
	}
	sc, target := r.writeTarget(s.WithClause, s.Relation, parent)
	if target == nil {
		return nil
	}
	src := &scope{parent: parent, ctes: sc.ctes}
	for _, c := range s.Cols {
		if rt := c.GetResTarget(); rt != nil {
			target.tbl.writeCol(rt.Name)
			for _, ind := range rt.Indirection {
				r.expr(ind, src)
			}
		}
	}
	if s.SelectStmt != nil {
		if len(s.Cols) == 0 {
			target.tbl.allWrite = true
		}
		r.outReadAll(r.query(s.SelectStmt, src))
	}
	ts := &scope{parent: parent, ctes: sc.ctes, rtes: []*rte{target}}
	if oc := s.OnConflictClause; oc != nil {
		if inf := oc.Infer; inf != nil {
			for _, ie := range inf.IndexElems {
				if el := ie.GetIndexElem(); el != nil {
					if el.Name != "" {
						r.readCol(target, el.Name)
					}
					r.expr(el.Expr, ts)
				}
			}
			r.expr(inf.WhereClause, ts)
		}
		if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
			// EXCLUDED is the row proposed for insertion, not a table.
			us := &scope{parent: parent, ctes: sc.ctes, rtes: []*rte{target, {kind: relFunc, name: "excluded"}}}
			r.setTargets(oc.TargetList, target, us)
			r.expr(oc.WhereClause, us)
		}
	}
	out, _ := r.targets(s.ReturningList, ts)
	return out
}

// setTargets resolves UPDATE SET (and ON CONFLICT DO UPDATE SET, MERGE UPDATE SET): the named
// columns are written, the values read.
func (r *resolver) setTargets(list []*pg_query.Node, target *rte, sc *scope) {
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		target.tbl.writeCol(rt.Name)
		for _, ind := range rt.Indirection {
			r.expr(ind, sc)
		}
		r.expr(rt.Val, sc)
	}
}

// writeTarget opens the scope of a data-modifying statement: its WITH clause,
// then its target table, written. target is nil when the statement names none.
func (r *resolver) writeTarget(with *pg_query.WithClause, rel *pg_query.RangeVar, parent *scope) (*scope, *rte) {
	sc := &scope{parent: parent}
	if with != nil {
		r.with(with, sc)
	}
	if rel == nil {
		return sc, nil
	}
	target := r.tableRTE(rel)
	target.tbl.write = true
	return sc, target
}

func (r *resolver) updateStmt(s *pg_query.UpdateStmt, parent *scope) *relOutput {
	if s == nil {
		return nil
	}
	sc, target := r.writeTarget(s.WithClause, s.Relation, parent)
	if target == nil {
		return nil
	}
	sc.rtes = append(sc.rtes, target)
	r.from(s.FromClause, sc)
	r.setTargets(s.TargetList, target, sc)
	r.expr(s.WhereClause, sc)
	out, _ := r.targets(s.ReturningList, sc)
	return out
}

func (r *resolver) deleteStmt(s *pg_query.DeleteStmt, parent *scope) *relOutput {
	if s == nil {
		return nil
	}
	sc, target := r.writeTarget(s.WithClause, s.Relation, parent)
	if target == nil {
		return nil
	}
	sc.rtes = append(sc.rtes, target)
	r.from(s.UsingClause, sc)
	r.expr(s.WhereClause, sc)
	out, _ := r.targets(s.ReturningList, sc)
	return out
}

func (r *resolver) mergeStmt(s *pg_query.MergeStmt, parent *scope) *relOutput {
	if s == nil {
		return nil
	}
	sc, target := r.writeTarget(s.WithClause, s.Relation, parent)
	if target == nil {
		return nil
	}
	sc.rtes = append(sc.rtes, target)
	r.from([]*pg_query.Node{s.SourceRelation}, sc)
	r.expr(s.JoinCondition, sc)
	for _, w := range s.MergeWhenClauses {
		mw := w.GetMergeWhenClause()
		if mw == nil {
			continue
		}
		r.expr(mw.Condition, sc)
		switch mw.CommandType {
		case pg_query.CmdType_CMD_UPDATE:
			r.setTargets(mw.TargetList, target, sc)
		case pg_query.CmdType_CMD_INSERT:
			for _, c := range mw.TargetList {
				if rt := c.GetResTarget(); rt != nil {
					target.tbl.writeCol(rt.Name)
				}
			}
			if len(mw.TargetList) == 0 && len(mw.Values) > 0 {
				target.tbl.allWrite = true
			}
			for _, v := range mw.Values {
				r.expr(v, sc)
			}
		}
	}
	out, _ := r.targets(s.ReturningList, sc)
	return out
}

func (r *resolver) copyStmt(s *pg_query.CopyStmt) {
	if s == nil {
		return
	}
	if s.Relation != nil {
		t := r.table(s.Relation)
		cols := stringList(s.Attlist)
		if s.IsFrom {
			t.write = true
			for _, c := range cols {
				t.writeCol(c)
			}
			t.allWrite = len(cols) == 0
		} else {
			t.read = true
			for _, c := range cols {
				t.readCol(c)
			}
			t.allRead = len(cols) == 0
		}
	}
	if s.Query != nil {
		r.outReadAll(r.query(s.Query, nil))
	}
}
