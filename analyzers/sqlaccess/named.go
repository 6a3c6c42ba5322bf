package sqlaccess

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"

	"github.com/faultline/faultline/finding"
)

// Named queries: SQL kept in query files (goyesql, dotsql, sqlc) and reached
// from Go by name. The binding is visible in three forms:
//
//	q.GetSubscriber.Get(&s, id)       a struct field tagged `query:"get-subscriber"`
//	queries["get-subscriber"]         a goyesql.Queries map indexed by a constant
//	dot.Exec(db, "create-user")       a dotsql method given a constant name
//
// The text of the named query then flows like any other SQL text: into a
// driver call, through strings.ReplaceAll, into a parameter of a helper.

// stmtRunners are the methods of a prepared statement (database/sql's Stmt,
// sqlx's Stmt and NamedStmt, and look-alikes) that run it.
var stmtRunners = map[string]bool{}

func init() {
	for _, m := range []string{"Get", "Select", "Exec", "Query", "QueryRow", "Queryx", "QueryRowx", "MustExec"} {
		stmtRunners[m] = true
		stmtRunners[m+"Context"] = true
	}
}

// dotsqlMethods are the methods of dotsql's DotSql that run a query by name:
// the index of the connection and of the name argument.
var dotsqlMethods = map[string][2]int{
	"Exec": {0, 1}, "Query": {0, 1}, "QueryRow": {0, 1}, "Prepare": {0, 1},
	"ExecContext": {1, 2}, "QueryContext": {1, 2}, "QueryRowContext": {1, 2}, "PrepareContext": {1, 2},
}

// isDotSQL reports whether t is dotsql's DotSql (or a pointer to it).
func isDotSQL(t types.Type) bool {
	n := typeName(t)
	return strings.HasSuffix(n, "/dotsql.DotSql")
}

// isStmtType reports whether t is a prepared statement type: a named type
// called Stmt or NamedStmt, or a pointer to one.
func isStmtType(t types.Type) bool {
	n := typeName(t)
	return strings.HasSuffix(n, ".Stmt") || strings.HasSuffix(n, ".NamedStmt")
}

// named returns the text of the named query name, found at pos.
func (x *extractor) named(name string, pos token.Pos) (sqlText, bool) {
	if x.queries == nil {
		return sqlText{}, false
	}
	ref, text, ok := x.queries(name)
	if !ok {
		return sqlText{}, false
	}
	var tb textBuilder
	tb.opaque(text, pos)
	t := tb.done()
	t.named, t.template = &ref, true
	return t, true
}

// taggedField evaluates a selector of a struct field tagged `query:"name"`
// (goyesql's ScanToStruct, listmonk's models.Queries): tagged is set when the
// field has such a tag, ok when the query is found.
func (x *extractor) taggedField(sel *ast.SelectorExpr) (t sqlText, ok, tagged bool) {
	s := x.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return sqlText{}, false, false
	}
	name := reflect.StructTag(fieldTag(s)).Get("query")
	if name == "" {
		return sqlText{}, false, false
	}
	t, ok = x.named(name, sel.Sel.Pos())
	return t, ok, true
}

// fieldTag returns the struct tag of the field a selection selects.
func fieldTag(s *types.Selection) string {
	t := s.Recv()
	idx := s.Index()
	for i, n := range idx {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || n >= st.NumFields() {
			return ""
		}
		if i == len(idx)-1 {
			return st.Tag(n)
		}
		t = st.Field(n).Type()
	}
	return ""
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// lookup evaluates queries["name"] on goyesql's Queries map.
func (x *extractor) lookup(e *ast.IndexExpr) (sqlText, bool) {
	t := x.info.TypeOf(e.X)
	if t == nil || !strings.HasSuffix(typeName(t), "goyesql.Queries") && !strings.Contains(typeName(t), "/goyesql/") {
		return sqlText{}, false
	}
	key := x.info.Types[e.Index].Value
	if key == nil || key.Kind() != constant.String {
		return sqlText{}, false
	}
	return x.named(constant.StringVal(key), e.Pos())
}

// replace evaluates strings.ReplaceAll and strings.Replace. A replacement not
// known before run time fills a template placeholder: the text is kept as it
// is and read around the placeholder.
func (x *extractor) replace(call *ast.CallExpr) (sqlText, bool) {
	if len(call.Args) < 3 {
		return sqlText{}, false
	}
	s, ok := x.eval(call.Args[0])
	if !ok {
		return sqlText{}, false
	}
	return x.replaceOn(s, call)
}

// replaceOn applies strings.ReplaceAll or strings.Replace, call, to the text s
// of its first argument.
func (x *extractor) replaceOn(s sqlText, call *ast.CallExpr) (sqlText, bool) {
	old, ok := x.eval(call.Args[1])
	if !ok || old.text == "" {
		return sqlText{}, false
	}
	n := -1
	if len(call.Args) == 4 {
		v := x.info.Types[call.Args[3]].Value
		if v == nil || v.Kind() != constant.Int {
			return sqlText{}, false
		}
		i, exact := constant.Int64Val(v)
		if !exact {
			return sqlText{}, false
		}
		n = int(i)
	}
	repl, ok := x.eval(call.Args[2])
	if !ok {
		s.template = true
		return s, true
	}
	var tb textBuilder
	tb.opaque(strings.Replace(s.text, old.text, repl.text, n), call.Pos())
	out := tb.done()
	out.named, out.template, out.params = s.named, s.template || repl.template, s.params || repl.params
	return out, true
}

// namedCall evaluates the calls that hand a named query on: dotsql's Raw(name),
// and a transaction's Stmt, Stmtx or NamedStmt(stmt) that binds a prepared
// statement to it.
func (x *extractor) namedCall(call *ast.CallExpr) (sqlText, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return sqlText{}, false
	}
	switch name := sel.Sel.Name; {
	case name == "Raw" && isDotSQL(x.info.TypeOf(sel.X)):
		key := x.info.Types[call.Args[0]].Value
		if key == nil || key.Kind() != constant.String {
			return sqlText{}, false
		}
		return x.named(constant.StringVal(key), call.Args[0].Pos())
	case strings.HasPrefix(name, "Stmt") || strings.HasPrefix(name, "NamedStmt"):
		t, ok := x.eval(call.Args[len(call.Args)-1])
		if !ok || t.named == nil {
			return sqlText{}, false
		}
		return t, true
	}
	return sqlText{}, false
}

// stmtCall handles a method run on a prepared statement: a named query when the
// statement is one (q.GetSubscriber.Get(...), tx.Stmtx(q.X).Exec()), or a
// statement handed in as a parameter, which the callers say. It reports
// whether the call was such a run.
func (w *walker) stmtCall(call *ast.CallExpr, fn *types.Func, recv ast.Expr) bool {
	if !stmtRunners[fn.Name()] {
		return false
	}
	if i, ok := w.forwarded(recv); ok {
		if w.fn.helper.SQLArg == 0 {
			w.fn.helper.SQLArg = i + 1
		}
		return true
	}
	t, ok := w.a.x.eval(recv)
	if sel, isSel := ast.Unparen(recv).(*ast.SelectorExpr); !ok && isSel {
		if _, _, tagged := w.a.x.taggedField(sel); tagged {
			// A tagged statement whose query no file names: not known here.
			w.dynamic(call)
			return true
		}
	}
	if !ok || t.named == nil {
		return false
	}
	c := noConn
	if inner, ok := ast.Unparen(recv).(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(inner.Fun).(*ast.SelectorExpr); ok {
			c = w.classify(sel.X)
		}
	}
	stmts, ref := w.textStatements(call, recv, t)
	w.issueStatements(recv.Pos(), stmts, c, ref)
	return true
}

// dotsqlCall handles dotsql's Exec, Query, QueryRow and Prepare given a name.
func (w *walker) dotsqlCall(call *ast.CallExpr, fn *types.Func, recv ast.Expr) bool {
	idx, ok := dotsqlMethods[fn.Name()]
	if !ok || recv == nil || !isDotSQL(w.a.pass.TypesInfo.TypeOf(recv)) || idx[1] >= len(call.Args) {
		return false
	}
	key := w.a.pass.TypesInfo.Types[call.Args[idx[1]]].Value
	if key == nil || key.Kind() != constant.String {
		w.dynamic(call)
		return true
	}
	t, ok := w.a.x.named(constant.StringVal(key), call.Args[idx[1]].Pos())
	if !ok {
		w.dynamic(call)
		return true
	}
	stmts, ref := w.textStatements(call, call.Args[idx[1]], t)
	w.issueStatements(call.Args[idx[1]].Pos(), stmts, w.classify(call.Args[idx[0]]), ref)
	return true
}

// queryIndex answers the extractor's look-ups of named queries from the query
// files under the directory of faultline.yaml, read on first use.
func (a *analyzer) queryIndex(name string) (finding.QueryRef, string, bool) {
	q, ok, _ := a.index().Lookup(name)
	if !ok {
		return finding.QueryRef{}, "", false
	}
	return finding.QueryRef{Name: q.Name, File: q.File, Line: q.Line, Column: q.Column}, q.Text, true
}

// sqlcQuery returns the named query that SQL generated by sqlc is: sqlc keeps
// the query's `-- name: GetPrice :one` line at the top of the constant, and
// the query file names it the same. nil when the text is no such query.
func (a *analyzer) sqlcQuery(text string) *finding.QueryRef {
	m := sqlcName.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	q, ok, _ := a.index().Lookup(m[1])
	if !ok || normalize(q.Text) != normalize(text[len(m[0]):]) {
		return nil
	}
	return &finding.QueryRef{Name: q.Name, File: q.File, Line: q.Line, Column: q.Column}
}

// sqlcName matches the name line sqlc puts at the top of a generated query.
var sqlcName = regexp.MustCompile(`^\s*--\s*name:\s*(\S+)[^\n]*\n`)

// normalize drops comment lines, runs of white space and a final semicolon, as
// sqlc does when it copies a query into Go.
func normalize(sql string) string {
	var b strings.Builder
	for line := range strings.Lines(sql) {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "--") {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	return strings.TrimRight(strings.Join(strings.Fields(b.String()), " "), "; ")
}
