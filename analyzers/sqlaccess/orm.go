package sqlaccess

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/faultline/faultline/query"
)

// The ORMs and query builders whose calls are read as SQL. Each call chain
// (db.Model(&p).Where("sku = ?", s).Update("sale_price", v)) is turned into the
// statement the library would send, built from what is known before run time: the
// tables named by constants or by the Go types of the models, the columns of those
// types, the constant conditions and joins. See docs/orm.md.
const (
	pkgGorm     = "gorm.io/gorm"
	pkgBun      = "github.com/uptrace/bun"
	pkgSquirrel = "github.com/Masterminds/squirrel"
	pkgGoqu     = "github.com/doug-martin/goqu/v9"
)

// link is one call of a builder chain, in source order.
type link struct {
	name string
	call *ast.CallExpr
}

// arg returns the i-th argument of the call, or nil.
func (l link) arg(i int) ast.Expr {
	if i >= 0 && i < len(l.call.Args) {
		return l.call.Args[i]
	}
	return nil
}

// chain returns the calls into package pkg that end in e, in source order, and
// the expression the chain starts from (the *gorm.DB variable; nil when it starts
// with a function of pkg). A variable assigned once with a chain is followed.
func (x *extractor) chain(e ast.Expr, pkg string) (links []link, root ast.Expr) {
	for range 64 {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			init := x.locals[x.info.Uses[id]]
			if c, ok := ast.Unparen(init).(*ast.CallExpr); ok && calleePkg(x.info, c) == pkg {
				e = c
				continue
			}
		}
		call, ok := e.(*ast.CallExpr)
		if !ok || calleePkg(x.info, call) != pkg {
			root = e
			break
		}
		fn := typeutil.Callee(x.info, call).(*types.Func)
		links = append(links, link{fn.Name(), call})
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		if s := x.info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
			// A function of the package starts the chain.
			break
		}
		e = sel.X
	}
	for i, j := 0, len(links)-1; i < j; i, j = i+1, j-1 {
		links[i], links[j] = links[j], links[i]
	}
	return links, root
}

// calleePkg returns the import path of the package declaring the function or
// method a call calls, "" when unknown.
func calleePkg(info *types.Info, call *ast.CallExpr) string {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// ormStmt is a statement an ORM or builder would send, as far as it is known.
type ormStmt struct {
	command string // SELECT, INSERT, UPDATE or DELETE
	table   string // as written: "products", "public.products", "products AS p"
	// cols are the columns read (SELECT) or written (INSERT, UPDATE), qualified
	// with the table when mdl says so; items are raw select or SET items.
	cols  []string
	items []string
	joins []string
	where []string
	// model is the Go type the statement maps rows to, if any.
	model *model
}

// sql renders the statement. Conditions are ANDed; their ? markers become
// PostgreSQL's numbered ones.
func (s *ormStmt) sql() string {
	var b strings.Builder
	n := 0
	marks := func(t string) string { return numberMarks(t, &n) }
	switch s.command {
	case "SELECT":
		list := append(s.qualifiedCols(), s.items...)
		if len(list) == 0 {
			list = []string{"*"}
		}
		b.WriteString("SELECT " + marks(strings.Join(list, ", ")) + " FROM " + tableRef(s.table))
		for _, j := range s.joins {
			b.WriteString(" " + marks(j))
		}
	case "INSERT":
		b.WriteString("INSERT INTO " + tableRef(s.table))
		if len(s.cols) == 0 {
			b.WriteString(" DEFAULT VALUES")
			break
		}
		var cols, vals []string
		for _, c := range s.cols {
			n++
			cols = append(cols, quoteIdent(c))
			vals = append(vals, "$"+strconv.Itoa(n))
		}
		b.WriteString(" (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")")
		return b.String()
	case "UPDATE":
		var sets []string
		for _, c := range s.cols {
			n++
			sets = append(sets, quoteIdent(c)+" = $"+strconv.Itoa(n))
		}
		for _, it := range s.items {
			sets = append(sets, marks(it))
		}
		b.WriteString("UPDATE " + tableRef(s.table) + " SET " + strings.Join(sets, ", "))
	case "DELETE":
		b.WriteString("DELETE FROM " + tableRef(s.table))
	}
	if len(s.where) > 0 {
		var conds []string
		for _, w := range s.where {
			conds = append(conds, "("+marks(w)+")")
		}
		b.WriteString(" WHERE " + strings.Join(conds, " AND "))
	}
	return b.String()
}

// qualifiedCols are the columns, qualified with the table's name (or alias) when
// the statement joins others.
func (s *ormStmt) qualifiedCols() []string {
	out := make([]string, 0, len(s.cols))
	for _, c := range s.cols {
		if strings.ContainsAny(c, " (.*\"") {
			out = append(out, c)
			continue
		}
		out = append(out, quoteIdent(tableAlias(s.table))+"."+quoteIdent(c))
	}
	return out
}

// tableRef renders a table as written: a plain or schema-qualified name is
// quoted, anything else ("products AS p") is taken as SQL.
func tableRef(t string) string {
	parts := strings.Split(t, ".")
	for _, p := range parts {
		if !plainIdent(p) {
			return t
		}
	}
	for i, p := range parts {
		parts[i] = quoteIdent(p)
	}
	return strings.Join(parts, ".")
}

// tableAlias is the name a table's columns are qualified with.
func tableAlias(t string) string {
	f := strings.Fields(t)
	if len(f) == 0 {
		return t
	}
	if len(f) > 1 {
		return strings.Trim(f[len(f)-1], `"`)
	}
	parts := strings.Split(f[0], ".")
	return strings.Trim(parts[len(parts)-1], `"`)
}

// plainIdent reports whether s is a bare SQL identifier.
func plainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// numberMarks replaces the ? markers of a condition, outside quotes, with $1, $2...
func numberMarks(s string, n *int) string {
	var b strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			*n++
			b.WriteString("$" + strconv.Itoa(*n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// issueORM parses the statements an ORM call sends and issues them at the call,
// on the connection the chain starts from. A statement whose table is unknown, or
// that does not parse (a condition only the library understands), is counted as
// dynamic SQL.
func (w *walker) issueORM(call *ast.CallExpr, root ast.Expr, stmts ...*ormStmt) {
	c := noConn
	if root != nil {
		c = w.classify(root)
	}
	for _, s := range stmts {
		if s == nil || s.table == "" {
			w.dynamic(call)
			continue
		}
		parsed, ok := w.parseORM(s)
		if !ok {
			w.dynamic(call)
			continue
		}
		w.issueStatements(call.Pos(), parsed, c, nil)
	}
}

// parseORM parses a built statement; when its conditions do not parse they are
// dropped, since they only narrow the rows.
func (w *walker) parseORM(s *ormStmt) ([]query.Statement, bool) {
	stmts, err := w.a.parse(s.sql())
	if err == nil && len(stmts) > 0 {
		return stmts, true
	}
	if len(s.where) == 0 {
		return nil, false
	}
	bare := *s
	bare.where = nil
	stmts, err = w.a.parse(bare.sql())
	return stmts, err == nil && len(stmts) > 0
}

// ormCall handles a call into an ORM or builder package; it reports whether the
// call was one (issuing nothing unless it ends a chain).
func (w *walker) ormCall(call *ast.CallExpr, fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case pkgGorm:
		w.gormCall(call, fn)
	case pkgBun:
		w.bunCall(call, fn)
	case pkgSquirrel:
		w.squirrelCall(call, fn)
	case pkgGoqu:
		w.goquCall(call, fn)
	default:
		return false
	}
	return true
}

// constString evaluates e as SQL text known before run time.
func (x *extractor) constString(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	t, ok := x.eval(e)
	return t.text, ok
}

// constStrings evaluates the variadic string arguments of a call from index i.
func (x *extractor) constStrings(call *ast.CallExpr, i int) ([]string, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	var out []string
	for _, a := range call.Args[min(i, len(call.Args)):] {
		s, ok := x.constString(a)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// splitList splits a comma-separated column list ("sku, name") into its items.
func splitList(s string) []string {
	var out []string
	depth := 0
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if item := strings.TrimSpace(s[start:i]); item != "" {
			out = append(out, item)
		}
		start = i + 1
	}
	return out
}

// literalColumns returns the constant keys of a map or struct composite literal (sq.Eq{"sku": s},
// goqu.Ex{...}, gorm's map[string]any{...}); for a struct, the column of each field set.
func (a *analyzer) literalColumns(e ast.Expr, lib string) ([]string, bool) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	t := a.pass.TypesInfo.TypeOf(lit)
	if t == nil {
		return nil, false
	}
	if _, isStruct := t.Underlying().(*types.Struct); isStruct {
		m := a.modelOf(t, lib)
		if m == nil {
			return nil, false
		}
		var out []string
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return m.cols, true
			}
			if id, ok := kv.Key.(*ast.Ident); ok {
				if c, ok := m.fieldCol[id.Name]; ok {
					out = append(out, c)
				}
			}
		}
		return out, true
	}
	var out []string
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		k, ok := a.x.constString(kv.Key)
		if !ok {
			return nil, false
		}
		out = append(out, k)
	}
	return out, true
}

// eqConditions turns column keys into conditions "col = ?".
func eqConditions(cols []string) []string {
	var out []string
	for _, c := range cols {
		out = append(out, quoteColumn(c)+" = ?")
	}
	return out
}

// quoteColumn quotes a column, or table.column, name.
func quoteColumn(c string) string {
	parts := strings.Split(c, ".")
	for _, p := range parts {
		if !plainIdent(p) {
			return c
		}
	}
	for i, p := range parts {
		parts[i] = quoteIdent(p)
	}
	return strings.Join(parts, ".")
}
