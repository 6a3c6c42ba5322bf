package sqlaccess

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// builderStarts are the functions (or StatementBuilder and goqu.Database methods)
// that begin a squirrel or goqu statement, by the statement.
var builderStarts = map[string]string{
	"Select": "SELECT", "From": "SELECT", "Insert": "INSERT", "Update": "UPDATE", "Delete": "DELETE",
}

// squirrelRunners send a squirrel statement on the runner given to RunWith.
var squirrelRunners = map[string]bool{
	"Exec": true, "Query": true, "QueryRow": true, "Scan": true,
	"ExecContext": true, "QueryContext": true, "QueryRowContext": true, "ScanContext": true,
}

// goquRunners send a goqu statement on the database it was built from.
var goquRunners = map[string]bool{
	"ScanStructs": true, "ScanStruct": true, "ScanVals": true, "ScanVal": true, "Count": true, "Pluck": true,
	"ScanStructsContext": true, "ScanStructContext": true, "ScanValsContext": true, "ScanValContext": true,
	"CountContext": true, "PluckContext": true, "Executor": true,
}

// builderText is the SQL a squirrel ToSql or goqu ToSQL call returns, when its
// chain names its tables with constants.
func (x *extractor) builderText(call *ast.CallExpr) (sqlText, bool) {
	if x.a == nil {
		return sqlText{}, false
	}
	var s *ormStmt
	switch pkg := calleePkg(x.info, call); {
	case pkg == pkgSquirrel && calleeMethod(x.info, call) == "ToSql":
		links, _ := x.chain(call, pkgSquirrel)
		s = x.a.squirrelStmt(links)
	case pkg == pkgGoqu && calleeMethod(x.info, call) == "ToSQL":
		links, _ := x.chain(call, pkgGoqu)
		s = x.a.goquStmt(links)
	default:
		return sqlText{}, false
	}
	if s == nil || s.table == "" {
		return sqlText{}, false
	}
	text := s.sql()
	if _, err := x.a.parse(text); err != nil && len(s.where) > 0 {
		bare := *s
		bare.where = nil
		text = bare.sql()
	}
	var tb textBuilder
	tb.opaque(text, call.Pos())
	// What does not parse was built by the library: it is dynamic SQL, no error.
	tb.ph = true
	return tb.done(), true
}

// calleeMethod returns the name of the function or method a call calls.
func calleeMethod(info *types.Info, call *ast.CallExpr) string {
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		return fn.Name()
	}
	return ""
}

// squirrelCall handles a runner method of a squirrel builder: it sends the
// statement on what RunWith was given.
func (w *walker) squirrelCall(call *ast.CallExpr, fn *types.Func) {
	if !squirrelRunners[fn.Name()] {
		return
	}
	links, root := w.a.x.chain(call, pkgSquirrel)
	for _, l := range links {
		if l.name == "RunWith" {
			root = l.arg(0)
		}
	}
	w.issueORM(call, root, w.a.squirrelStmt(links))
}

// squirrelStmt builds the statement of a squirrel chain.
func (a *analyzer) squirrelStmt(links []link) *ormStmt {
	x := a.x
	var s *ormStmt
	for _, l := range links {
		if s == nil {
			if c := builderStarts[l.name]; c != "" && l.name != "From" {
				s = &ormStmt{command: c}
			} else {
				continue
			}
		}
		switch l.name {
		case "Select", "Columns":
			cols, ok := x.constStrings(l.call, 0)
			if !ok {
				return nil
			}
			s.cols = append(s.cols, cols...)
		case "Insert", "Into", "Update", "Table", "Delete", "From":
			if len(l.call.Args) == 0 {
				continue
			}
			t, ok := x.constString(l.arg(0))
			if !ok {
				return nil
			}
			s.table = t
		case "Join", "InnerJoin", "LeftJoin", "RightJoin", "FullJoin", "CrossJoin":
			j, ok := x.constString(l.arg(0))
			if !ok {
				return nil
			}
			kw := map[string]string{"Join": "JOIN", "InnerJoin": "INNER JOIN", "LeftJoin": "LEFT JOIN",
				"RightJoin": "RIGHT JOIN", "FullJoin": "FULL JOIN", "CrossJoin": "CROSS JOIN"}[l.name]
			s.joins = append(s.joins, kw+" "+j)
		case "Where":
			if c, ok := x.constString(l.arg(0)); ok {
				s.where = append(s.where, c)
			} else if cols, ok := a.literalColumns(l.arg(0), ""); ok {
				s.where = append(s.where, eqConditions(cols)...)
			}
		case "Set":
			if c, ok := x.constString(l.arg(0)); ok {
				s.cols = append(s.cols, c)
			}
		case "SetMap":
			if cols, ok := a.literalColumns(l.arg(0), ""); ok {
				s.cols = append(s.cols, cols...)
			}
		}
	}
	return s
}

// goquCall handles a method of a goqu dataset that runs it.
func (w *walker) goquCall(call *ast.CallExpr, fn *types.Func) {
	if !goquRunners[fn.Name()] {
		return
	}
	links, root := w.a.x.chain(call, pkgGoqu)
	s := w.a.goquStmt(links)
	if s != nil && s.command == "SELECT" && len(s.cols) == 0 && len(s.items) == 0 {
		last := links[len(links)-1]
		switch strings.TrimSuffix(last.name, "Context") {
		case "ScanStructs", "ScanStruct":
			// goqu selects the columns of the destination's fields.
			if m := w.a.modelOf(w.a.pass.TypesInfo.TypeOf(last.arg(len(last.call.Args)-1)), ""); m != nil {
				s.cols = m.cols
			}
		case "Count":
			s.items = []string{"count(*)"}
		case "Pluck":
			if c, ok := w.a.x.constString(last.arg(len(last.call.Args) - 1)); ok {
				s.cols = []string{c}
			}
		}
	}
	w.issueORM(call, root, s)
}

// goquStmt builds the statement of a goqu chain.
func (a *analyzer) goquStmt(links []link) *ormStmt {
	var s *ormStmt
	for _, l := range links {
		if s == nil {
			c := builderStarts[l.name]
			if c == "" || l.name == "Select" {
				continue
			}
			s = &ormStmt{command: c}
		}
		if !a.goquLink(s, l) {
			return nil
		}
	}
	return s
}

// goquLink applies one call of a goqu chain; false when it makes the statement
// unknowable.
func (a *analyzer) goquLink(s *ormStmt, l link) bool {
	switch l.name {
	case "From", "Insert", "Update", "Delete", "Into", "Table":
		if len(l.call.Args) == 0 {
			return true
		}
		t, ok := a.goquIdent(l.arg(0))
		if !ok {
			return false
		}
		s.table = t
	case "Select", "SelectAppend", "Cols":
		for _, arg := range l.call.Args {
			if c, ok := a.goquIdent(arg); ok {
				s.cols = append(s.cols, c)
			} else {
				s.items = append(s.items, "NULL")
			}
		}
	case "Join", "InnerJoin", "LeftJoin", "RightJoin", "FullJoin", "LeftOuterJoin", "RightOuterJoin", "FullOuterJoin":
		t, ok := a.goquIdent(l.arg(0))
		if !ok {
			return false
		}
		s.joins = append(s.joins, "LEFT JOIN "+tableRef(t)+" ON true")
	case "Where":
		for _, arg := range l.call.Args {
			if cols, ok := a.literalColumns(arg, ""); ok {
				s.where = append(s.where, eqConditions(cols)...)
			}
		}
	case "Rows", "Set":
		if cols := a.recordColumns(l.arg(0)); cols != nil {
			s.cols = cols
		}
	}
	return true
}

// recordColumns are the columns a goqu record writes: the keys of a goqu.Record
// literal or the db-tagged fields of a struct.
func (a *analyzer) recordColumns(e ast.Expr) []string {
	if e == nil {
		return nil
	}
	if cols, ok := a.literalColumns(e, ""); ok {
		return cols
	}
	if m := a.modelOf(a.pass.TypesInfo.TypeOf(e), ""); m != nil {
		return m.cols
	}
	return nil
}

// goquIdent evaluates a table or column argument of goqu: a constant string, or
// goqu.T, goqu.C or goqu.I of one.
func (a *analyzer) goquIdent(e ast.Expr) (string, bool) {
	if s, ok := a.x.constString(e); ok {
		return s, true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || calleePkg(a.pass.TypesInfo, call) != pkgGoqu || len(call.Args) != 1 {
		return "", false
	}
	switch calleeMethod(a.pass.TypesInfo, call) {
	case "T", "C", "I":
		return a.x.constString(call.Args[0])
	}
	return "", false
}
