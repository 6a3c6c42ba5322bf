package sqlaccess

import (
	"go/ast"
	"go/types"
	"strings"
)

// gormFinishers are the methods of *gorm.DB that send the statement the chain
// built, by the statement they send.
var gormFinishers = map[string]string{
	"Find": "SELECT", "First": "SELECT", "Take": "SELECT", "Last": "SELECT",
	"Scan": "SELECT", "Count": "SELECT", "Pluck": "SELECT", "Row": "SELECT", "Rows": "SELECT",
	"FindInBatches": "SELECT", "FirstOrInit": "SELECT", "FirstOrCreate": "SELECT",
	"Create": "INSERT", "CreateInBatches": "INSERT", "Save": "INSERT",
	"Update": "UPDATE", "Updates": "UPDATE", "UpdateColumn": "UPDATE", "UpdateColumns": "UPDATE",
	"Delete": "DELETE",
}

// gormCall handles a call of gorm: Raw and Exec take SQL; a finisher sends what
// its chain built.
func (w *walker) gormCall(call *ast.CallExpr, fn *types.Func) {
	switch fn.Name() {
	case "Raw", "Exec":
		links, root := w.a.x.chain(call, pkgGorm)
		if len(links) > 0 && links[len(links)-1].call == call {
			w.sqlCall(call, 0, w.rootConn(root))
		}
		return
	}
	command, ok := gormFinishers[fn.Name()]
	if !ok {
		return
	}
	links, root := w.a.x.chain(call, pkgGorm)
	for _, l := range links {
		// Raw SQL was issued where it was written.
		if l.name == "Raw" {
			return
		}
	}
	w.issueORM(call, root, w.gormStmts(links, command)...)
}

// rootConn classifies the expression a chain starts from.
func (w *walker) rootConn(root ast.Expr) conn {
	if root == nil {
		return noConn
	}
	return w.classify(root)
}

// gormStmts builds the statements a gorm chain ending in a finisher sends: the
// main one, then one per Preload.
func (w *walker) gormStmts(links []link, command string) []*ormStmt {
	x := w.a.x
	info := w.a.pass.TypesInfo
	s := &ormStmt{command: command}
	var preloads, joins []string
	var selected []string
	var raw bool
	last := links[len(links)-1]
	for _, l := range links {
		switch l.name {
		case "Model":
			s.model = w.a.modelOf(info.TypeOf(l.arg(0)), pkgGorm)
		case "Table":
			t, ok := x.constString(l.arg(0))
			if !ok {
				return []*ormStmt{nil}
			}
			s.table = t
		case "Select":
			if str, ok := x.constString(l.arg(0)); ok {
				selected = append(selected, splitList(str)...)
			} else if cols, ok := w.stringList(l.arg(0)); ok {
				selected = append(selected, cols...)
			}
		case "Where", "Not", "Or":
			if str, ok := x.constString(l.arg(0)); ok && l.name == "Where" {
				s.where = append(s.where, str)
			} else if cols, ok := w.a.literalColumns(l.arg(0), pkgGorm); ok {
				s.where = append(s.where, eqConditions(cols)...)
			}
		case "Joins", "InnerJoins":
			str, ok := x.constString(l.arg(0))
			if !ok {
				raw = true
				continue
			}
			joins = append(joins, str)
		case "Preload":
			if str, ok := x.constString(l.arg(0)); ok {
				preloads = append(preloads, str)
			}
		}
	}
	// The finisher's own argument: the destination or the value written.
	var value ast.Expr
	switch last.name {
	case "Pluck", "Update", "UpdateColumn":
		if c, ok := x.constString(last.arg(0)); ok {
			if last.name == "Pluck" {
				selected = []string{c}
			} else {
				s.cols = []string{c}
			}
		}
		value = last.arg(1)
	case "Count", "Row", "Rows":
	default:
		value = last.arg(0)
	}
	if s.model == nil && value != nil {
		s.model = w.a.modelOf(info.TypeOf(value), pkgGorm)
	}
	if s.table == "" && s.model != nil {
		s.table = s.model.table
	}
	if raw {
		return []*ormStmt{nil}
	}
	switch command {
	case "SELECT":
		s.cols = selected
		if len(s.cols) == 0 && s.model != nil {
			s.cols = s.model.cols
		}
		if last.name == "Count" {
			s.cols, s.items = nil, []string{"count(*)"}
		}
		w.gormJoins(s, joins)
	case "INSERT":
		if s.model != nil {
			s.cols = s.model.cols
		}
	case "UPDATE":
		if last.name == "Updates" || last.name == "UpdateColumns" {
			if cols, ok := w.a.literalColumns(value, pkgGorm); ok {
				s.cols = cols
			} else if s.model != nil {
				s.cols = s.model.cols
			}
		}
	}
	out := []*ormStmt{s}
	if last.name == "FirstOrCreate" && s.model != nil {
		out = append(out, &ormStmt{command: "INSERT", table: s.table, cols: s.model.cols})
	}
	for _, p := range preloads {
		out = append(out, w.gormPreload(s.model, p)...)
	}
	return out
}

// gormJoins adds Joins to a select: an association's name joins its table (and
// reads its columns, as gorm does); anything else is SQL.
func (w *walker) gormJoins(s *ormStmt, joins []string) {
	for _, j := range joins {
		if s.model != nil && plainIdent(j) {
			if t, ok := s.model.assoc[j]; ok {
				if am := w.a.modelOf(t, pkgGorm); am != nil && am.table != "" {
					alias := quoteIdent(j)
					s.joins = append(s.joins, "LEFT JOIN "+tableRef(am.table)+" "+alias+" ON true")
					for _, c := range am.cols {
						s.items = append(s.items, alias+"."+quoteIdent(c))
					}
					continue
				}
			}
		}
		if !strings.Contains(strings.ToUpper(j), "JOIN") {
			// An association faultline cannot see: the statement is partly unknown.
			continue
		}
		s.joins = append(s.joins, j)
	}
}

// gormPreload builds the queries a Preload("Orders.Items") sends: one per level,
// each reading the association's table.
func (w *walker) gormPreload(m *model, path string) []*ormStmt {
	var out []*ormStmt
	for _, name := range strings.Split(path, ".") {
		if m == nil {
			return append(out, nil)
		}
		t, ok := m.assoc[name]
		if !ok {
			return append(out, nil)
		}
		m = w.a.modelOf(t, pkgGorm)
		if m == nil {
			return append(out, nil)
		}
		out = append(out, &ormStmt{command: "SELECT", table: m.table, cols: m.cols, model: m})
	}
	return out
}
