package query

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// expr resolves the column references and subqueries of an expression.
func (r *resolver) expr(n *pg_query.Node, sc *scope) {
	if n == nil || n.Node == nil {
		return
	}
	if !r.enter() {
		r.leave()
		return
	}
	defer r.leave()
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		r.columnRef(x.ColumnRef, sc)
	case *pg_query.Node_AConst, *pg_query.Node_ParamRef, *pg_query.Node_SqlvalueFunction,
		*pg_query.Node_SetToDefault, *pg_query.Node_CurrentOfExpr, *pg_query.Node_String_,
		*pg_query.Node_Integer, *pg_query.Node_Float, *pg_query.Node_Boolean,
		*pg_query.Node_BitString, *pg_query.Node_AStar, *pg_query.Node_TypeName:
	case *pg_query.Node_AExpr:
		r.expr(x.AExpr.GetLexpr(), sc)
		r.expr(x.AExpr.GetRexpr(), sc)
	case *pg_query.Node_BoolExpr:
		r.exprs(x.BoolExpr.GetArgs(), sc)
	case *pg_query.Node_FuncCall:
		r.funcCall(x.FuncCall, sc)
	case *pg_query.Node_TypeCast:
		r.expr(x.TypeCast.GetArg(), sc)
	case *pg_query.Node_SubLink:
		sl := x.SubLink
		r.expr(sl.GetTestexpr(), sc)
		out := r.query(sl.GetSubselect(), sc)
		if sl.GetSubLinkType() != pg_query.SubLinkType_EXISTS_SUBLINK {
			// EXISTS ignores its select list; every other sublink uses it.
			r.outReadAll(out)
		}
	case *pg_query.Node_List:
		r.exprs(x.List.GetItems(), sc)
	case *pg_query.Node_ResTarget:
		r.exprs(x.ResTarget.GetIndirection(), sc)
		r.expr(x.ResTarget.GetVal(), sc)
	case *pg_query.Node_SortBy:
		r.expr(x.SortBy.GetNode(), sc)
	case *pg_query.Node_WindowDef:
		r.windowDef(x.WindowDef, sc)
	case *pg_query.Node_AIndirection:
		r.expr(x.AIndirection.GetArg(), sc)
		r.exprs(x.AIndirection.GetIndirection(), sc)
	case *pg_query.Node_AIndices:
		r.expr(x.AIndices.GetLidx(), sc)
		r.expr(x.AIndices.GetUidx(), sc)
	case *pg_query.Node_AArrayExpr:
		r.exprs(x.AArrayExpr.GetElements(), sc)
	case *pg_query.Node_RowExpr:
		r.exprs(x.RowExpr.GetArgs(), sc)
	case *pg_query.Node_CaseExpr:
		r.expr(x.CaseExpr.GetArg(), sc)
		r.exprs(x.CaseExpr.GetArgs(), sc)
		r.expr(x.CaseExpr.GetDefresult(), sc)
	case *pg_query.Node_CaseWhen:
		r.expr(x.CaseWhen.GetExpr(), sc)
		r.expr(x.CaseWhen.GetResult(), sc)
	case *pg_query.Node_CoalesceExpr:
		r.exprs(x.CoalesceExpr.GetArgs(), sc)
	case *pg_query.Node_MinMaxExpr:
		r.exprs(x.MinMaxExpr.GetArgs(), sc)
	case *pg_query.Node_NullTest:
		r.expr(x.NullTest.GetArg(), sc)
	case *pg_query.Node_BooleanTest:
		r.expr(x.BooleanTest.GetArg(), sc)
	case *pg_query.Node_NamedArgExpr:
		r.expr(x.NamedArgExpr.GetArg(), sc)
	case *pg_query.Node_CollateClause:
		r.expr(x.CollateClause.GetArg(), sc)
	case *pg_query.Node_MultiAssignRef:
		r.expr(x.MultiAssignRef.GetSource(), sc)
	case *pg_query.Node_GroupingSet:
		r.exprs(x.GroupingSet.GetContent(), sc)
	case *pg_query.Node_GroupingFunc:
		r.exprs(x.GroupingFunc.GetArgs(), sc)
	case *pg_query.Node_XmlExpr:
		r.exprs(x.XmlExpr.GetNamedArgs(), sc)
		r.exprs(x.XmlExpr.GetArgs(), sc)
	case *pg_query.Node_XmlSerialize:
		r.expr(x.XmlSerialize.GetExpr(), sc)
	case *pg_query.Node_SelectStmt, *pg_query.Node_InsertStmt, *pg_query.Node_UpdateStmt,
		*pg_query.Node_DeleteStmt, *pg_query.Node_MergeStmt:
		r.outReadAll(r.query(n, sc))
	default:
		// Rare expression nodes (SQL/JSON constructors and the like): walk every child.
		r.generic(n.ProtoReflect(), sc)
	}
}

func (r *resolver) exprs(ns []*pg_query.Node, sc *scope) {
	for _, n := range ns {
		r.expr(n, sc)
	}
}

func (r *resolver) funcCall(f *pg_query.FuncCall, sc *scope) {
	if f == nil {
		return
	}
	r.sequenceCall(f)
	r.exprs(f.Args, sc)
	r.exprs(f.AggOrder, sc)
	r.expr(f.AggFilter, sc)
	if f.Over != nil {
		r.windowDef(f.Over, sc)
	}
}

func (r *resolver) windowDef(w *pg_query.WindowDef, sc *scope) {
	if w == nil {
		return
	}
	r.exprs(w.PartitionClause, sc)
	r.exprs(w.OrderClause, sc)
	r.expr(w.StartOffset, sc)
	r.expr(w.EndOffset, sc)
}

// generic walks the children of any message, handing each Node to expr.
func (r *resolver) generic(m protoreflect.Message, sc *scope) {
	if !r.enter() {
		r.leave()
		return
	}
	defer r.leave()
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				r.genericChild(l.Get(i).Message(), sc)
			}
			return true
		}
		if fd.IsMap() {
			return true
		}
		r.genericChild(v.Message(), sc)
		return true
	})
}

func (r *resolver) genericChild(m protoreflect.Message, sc *scope) {
	if n, ok := m.Interface().(*pg_query.Node); ok {
		r.expr(n, sc)
		return
	}
	r.generic(m, sc)
}

// isStar reports whether a column reference ends in * (t.* or *).
func isStar(c *pg_query.ColumnRef) bool {
	f := c.GetFields()
	if len(f) == 0 {
		return false
	}
	_, ok := f[len(f)-1].Node.(*pg_query.Node_AStar)
	return ok
}

func fieldNames(fs []*pg_query.Node) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		if s := f.GetString_(); s != nil {
			out = append(out, s.Sval)
		} else {
			out = append(out, "*")
		}
	}
	return out
}

// columnRef resolves a column reference: qualified through the relation it names, unqualified
// through the relations in scope, innermost query level first.
func (r *resolver) columnRef(c *pg_query.ColumnRef, sc *scope) {
	f := c.GetFields()
	n := len(f)
	if n == 0 {
		return
	}
	star := isStar(c)
	if n == 1 {
		if star {
			for _, e := range sc.rtes {
				r.readAll(e)
			}
			return
		}
		if s := f[0].GetString_(); s != nil {
			r.unqualified(s.Sval, sc)
		}
		return
	}
	names := fieldNames(f)
	if star {
		if e := r.findRel(names[:n-1], sc); e != nil {
			r.readAll(e)
			return
		}
		r.unknownQualifier(names, sc)
		return
	}
	if n >= 3 {
		// schema.table.column (or db.schema.table.column)
		if e := r.findRel(names[n-3:n-1], sc); e != nil {
			r.readCol(e, names[n-1])
			return
		}
	}
	if e := r.findRel(names[:1], sc); e != nil {
		r.readCol(e, names[1]) // table.column, then composite fields
		return
	}
	r.unknownQualifier(names, sc)
}

// unknownQualifier handles a.b where no relation a is in scope: a variable (PL/pgSQL record,
// NEW, OLD), a composite column a with field b, or an error.
func (r *resolver) unknownQualifier(names []string, sc *scope) {
	q := names[0]
	if r.vars[q] || q == "new" || q == "old" {
		return
	}
	for s := sc; s != nil; s = s.parent {
		for _, e := range s.rtes {
			if r.has(e, q) == yes {
				r.readCol(e, q)
				return
			}
		}
	}
	r.addUnresolved(q + "." + names[1])
}

// findRel finds the relation a qualifier names: [name] or [schema, name].
func (r *resolver) findRel(q []string, sc *scope) *rte {
	if len(q) == 0 || len(q) > 3 {
		return nil
	}
	if len(q) == 3 {
		q = q[1:] // catalog.schema.name: the catalog is the current database
	}
	for s := sc; s != nil; s = s.parent {
		for _, e := range s.rtes {
			if e.name == "" || e.name != q[len(q)-1] {
				continue
			}
			if len(q) == 1 {
				return e
			}
			if e.kind == relTable && !e.aliased && (e.schema == q[0] || e.schema == "") {
				return e
			}
		}
	}
	return nil
}

// unqualified resolves a bare column name. At each query level, innermost first: exactly one
// relation surely having the column wins; else a relation of that name is a whole-row
// reference; else exactly one relation that may have it (its schema unknown) wins. Several
// candidates leave the name unresolved; none moves on to the enclosing level.
func (r *resolver) unqualified(name string, sc *scope) {
	if r.varsFirst && r.vars[name] {
		return
	}
	for s := sc; s != nil; s = s.parent {
		var hit, guess *rte
		nYes, nMaybe := 0, 0
		for _, e := range s.rtes {
			switch r.has(e, name) {
			case yes:
				if e.kind == relUsing {
					return // the merged column of JOIN ... USING: both sides already read
				}
				hit = e
				nYes++
			case maybe:
				guess = e
				nMaybe++
			}
		}
		if nYes == 1 {
			r.readCol(hit, name)
			return
		}
		if nYes > 1 {
			r.addUnresolved(name)
			return
		}
		if r.vars[name] {
			return // a parameter or variable, unless the catalog said otherwise above
		}
		for _, e := range s.rtes {
			if e.name == name && e.kind != relUsing {
				r.readAll(e)
				return
			}
		}
		if nMaybe == 1 {
			r.readCol(guess, name)
			return
		}
		if nMaybe > 1 {
			r.addUnresolved(name)
			return
		}
	}
	if r.vars[name] {
		return
	}
	r.addUnresolved(name)
}
