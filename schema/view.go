package schema

import (
	"slices"
	"sync"

	"github.com/faultline/faultline/query"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// View is a view or materialized view.
type View struct {
	Schema       string
	Name         string
	Materialized bool
	// Columns are the output column names in order.
	Columns []string
	// Definition is the view's query as written.
	Definition string
	// Query is what the query reads, resolved against the catalog when the view was
	// created (as PostgreSQL binds a view to its tables then).
	Query query.Statement
	// Triggers on the view (INSTEAD OF and statement triggers), sorted by name.
	Triggers []*Trigger
	// Pos is where the view was created (or last replaced, renamed or moved).
	Pos Pos
}

// QualifiedName is the view's schema-qualified name.
func (v *View) QualifiedName() Name { return Name{v.Schema, v.Name} }

// createView applies CREATE [OR REPLACE] VIEW: the query is resolved now, as
// PostgreSQL binds a view to the tables and columns it reads when it is created.
func (c *Catalog) createView(stmt *pg_query.ViewStmt, s *source) {
	rv := stmt.View
	sch := c.creationSchema(rv.Schemaname, s)
	if sch == nil {
		return
	}
	old := sch.Views[rv.Relname]
	if kind := sch.relationKind(rv.Relname); kind != "" {
		switch {
		case !stmt.Replace:
			s.errorf(CodeDuplicateTable, "relation %q already exists", rv.Relname)
			return
		case old == nil || old.Materialized:
			s.errorf(CodeWrongObjectType, "%q is not a view", rv.Relname)
			return
		}
	}
	v := &View{Schema: sch.Name, Name: rv.Relname, Pos: s.pos}
	c.defineView(v, stmt.Query, strs(stmt.Aliases), s)
	if old != nil {
		v.Triggers = old.Triggers
	}
	sch.Views[v.Name] = v
}

// createMaterializedView applies CREATE MATERIALIZED VIEW.
func (c *Catalog) createMaterializedView(stmt *pg_query.CreateTableAsStmt, s *source) {
	rv := stmt.Into.GetRel()
	if rv == nil {
		return
	}
	sch := c.newRelationSchema(rv, stmt.IfNotExists, s)
	if sch == nil {
		return
	}
	v := &View{Schema: sch.Name, Name: rv.Relname, Materialized: true, Pos: s.pos}
	c.defineView(v, stmt.Query, strs(stmt.Into.ColNames), s)
	sch.Views[v.Name] = v
}

// defineView fills a view's columns, definition and resolved reads from its query.
func (c *Catalog) defineView(v *View, q *pg_query.Node, aliases []string, s *source) {
	v.Columns = c.outputColumns(q, aliases)
	v.Definition = deparse(q)
	v.Query = analyzeNode(q, c)
	v.Query.Text = v.Definition
	v.Query.Offset = v.Pos.Offset
}

// deparse renders a query node back to SQL, "" when it cannot.
func deparse(q *pg_query.Node) string {
	out, err := pg_query.Deparse(&pg_query.ParseResult{Version: parseTreeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: q}}})
	if err != nil {
		return ""
	}
	return out
}

// outputColumns names the columns a query returns, as PostgreSQL would: the aliases
// given, then each target's name (its AS name, the column it reads, the function it
// calls, else ?column?), with * expanded from the catalog.
func (c *Catalog) outputColumns(q *pg_query.Node, aliases []string) []string {
	sel := q.GetSelectStmt()
	for sel != nil && len(sel.TargetList) == 0 && sel.Larg != nil {
		sel = sel.Larg // UNION and friends: the first branch names the columns
	}
	var out []string
	if sel != nil {
		for _, n := range sel.TargetList {
			rt := n.GetResTarget()
			if rt == nil {
				continue
			}
			if rt.Name != "" {
				out = append(out, rt.Name)
				continue
			}
			switch v := rt.Val; {
			case v.GetColumnRef() != nil:
				fields := v.GetColumnRef().Fields
				if last := fields[len(fields)-1]; last.GetAStar() != nil {
					out = append(out, c.starColumns(sel.FromClause, strs(fields[:len(fields)-1]))...)
				} else {
					out = append(out, last.GetString_().GetSval())
				}
			case v.GetFuncCall() != nil:
				out = append(out, nameOf(v.GetFuncCall().Funcname).Name)
			case v.GetTypeCast() != nil && v.GetTypeCast().Arg.GetColumnRef() != nil:
				f := strs(v.GetTypeCast().Arg.GetColumnRef().Fields)
				out = append(out, f[len(f)-1])
			case v.GetTypeCast() != nil && v.GetTypeCast().TypeName != nil:
				out = append(out, nameOf(v.GetTypeCast().TypeName.Names).Name)
			case v.GetCaseExpr() != nil:
				out = append(out, "case")
			default:
				out = append(out, "?column?")
			}
		}
	}
	for i, a := range aliases {
		if i < len(out) {
			out[i] = a
		} else {
			out = append(out, a)
		}
	}
	return out
}

// starColumns expands * (qualifier empty) or qualifier.* over a FROM clause.
func (c *Catalog) starColumns(from []*pg_query.Node, qualifier []string) []string {
	var out []string
	var visit func(n *pg_query.Node)
	visit = func(n *pg_query.Node) {
		switch {
		case n.GetJoinExpr() != nil:
			visit(n.GetJoinExpr().Larg)
			visit(n.GetJoinExpr().Rarg)
		case n.GetRangeVar() != nil:
			rv := n.GetRangeVar()
			ref := rv.Relname
			if rv.Alias != nil {
				ref = rv.Alias.Aliasname
			}
			if len(qualifier) > 0 && qualifier[len(qualifier)-1] != ref {
				return
			}
			if t := c.FindTable(rv.Schemaname, rv.Relname); t != nil {
				out = append(out, t.ColumnNames()...)
			} else if v := c.FindView(rv.Schemaname, rv.Relname); v != nil {
				out = append(out, v.Columns...)
			}
		}
	}
	for _, n := range from {
		visit(n)
	}
	return out
}

// viewsReading returns the views that read the relation n (column col of it, when
// col is not empty), sorted.
func (c *Catalog) viewsReading(n Name, col string) []*View {
	var out []*View
	for _, v := range c.Views() {
		for _, t := range v.Query.Tables {
			if t.Schema != n.Schema || t.Name != n.Name {
				continue
			}
			if col == "" || t.AllColumns || slices.ContainsFunc(t.Columns, func(x query.Column) bool { return x.Name == col }) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// dropView applies DROP VIEW / DROP MATERIALIZED VIEW to one view; views reading it
// need CASCADE, which drops them.
func (c *Catalog) dropView(v *View, cascade bool, s *source) {
	deps := c.viewsReading(v.QualifiedName(), "")
	deps = slices.DeleteFunc(deps, func(x *View) bool { return x == v })
	if len(deps) > 0 && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop view %s because other objects depend on it", v.Name)
		return
	}
	delete(c.Schemas[v.Schema].Views, v.Name)
	for _, d := range deps {
		if c.Schemas[d.Schema] != nil && c.Schemas[d.Schema].Views[d.Name] == d {
			c.dropView(d, true, s)
		}
	}
}

// parseTreeVersion is the version of the parse trees pg_query produces, which
// Deparse insists on; the package does not export it, so a parse tells.
var parseTreeVersion = sync.OnceValue(func() int32 {
	r, err := pg_query.Parse("SELECT")
	if err != nil {
		return 0
	}
	return r.Version
})
