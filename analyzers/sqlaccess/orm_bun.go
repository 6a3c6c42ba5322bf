package sqlaccess

import (
	"go/ast"
	"go/types"
	"strings"
)

// bunStarts are the methods of bun.DB (and bun.Tx, bun.Conn, bun.IDB) that begin
// a query, by the statement it sends.
var bunStarts = map[string]string{
	"NewSelect": "SELECT", "NewInsert": "INSERT", "NewUpdate": "UPDATE", "NewDelete": "DELETE",
}

// bunFinishers are the methods of a bun query that send it.
var bunFinishers = map[string]bool{
	"Scan": true, "Exec": true, "Count": true, "ScanAndCount": true, "Exists": true,
}

// bunCall handles a call of bun: NewRaw takes SQL; a finisher sends what its
// query built.
func (w *walker) bunCall(call *ast.CallExpr, fn *types.Func) {
	if fn.Name() == "NewRaw" {
		_, root := w.a.x.chain(call, pkgBun)
		w.sqlCall(call, 0, w.rootConn(root))
		return
	}
	if !bunFinishers[fn.Name()] {
		return
	}
	links, root := w.a.x.chain(call, pkgBun)
	if len(links) == 0 || bunStarts[links[0].name] == "" {
		// A query built elsewhere (passed in, stored in a field) or a raw one.
		if len(links) == 0 || links[0].name != "NewRaw" {
			w.dynamic(call)
		}
		return
	}
	w.issueORM(call, root, w.bunStmt(links))
}

// bunStmt builds the statement a bun query chain sends.
func (w *walker) bunStmt(links []link) *ormStmt {
	x := w.a.x
	info := w.a.pass.TypesInfo
	s := &ormStmt{command: bunStarts[links[0].name]}
	var relations []string
	last := links[len(links)-1]
	for _, l := range links[1:] {
		switch l.name {
		case "Model":
			s.model = w.a.modelOf(info.TypeOf(l.arg(0)), pkgBun)
		case "Table", "TableExpr", "ModelTableExpr":
			t, ok := x.constString(l.arg(0))
			if !ok {
				return nil
			}
			s.table = t
		case "Column":
			cols, ok := x.constStrings(l.call, 0)
			if !ok {
				return nil
			}
			s.cols = append(s.cols, cols...)
		case "ColumnExpr", "Set":
			e, ok := x.constString(l.arg(0))
			if !ok {
				return nil
			}
			s.items = append(s.items, e)
		case "Where", "WhereOr":
			if c, ok := x.constString(l.arg(0)); ok {
				s.where = append(s.where, c)
			}
		case "Join":
			if j, ok := x.constString(l.arg(0)); ok {
				s.joins = append(s.joins, j)
			}
		case "Relation":
			if r, ok := x.constString(l.arg(0)); ok {
				relations = append(relations, r)
			}
		}
	}
	if s.model == nil && last.name == "Scan" && len(last.call.Args) > 1 {
		s.model = w.a.modelOf(info.TypeOf(last.call.Args[1]), pkgBun)
	}
	if s.table == "" && s.model != nil {
		s.table = s.model.table
	}
	if s.model != nil && len(s.cols) == 0 && len(s.items) == 0 {
		s.cols = s.model.cols
	}
	if last.name == "Count" {
		s.cols, s.items = nil, []string{"count(*)"}
	}
	if s.command == "SELECT" && s.model != nil {
		w.bunRelations(s, relations)
	}
	return s
}

// bunRelations joins the tables of the has-one and belongs-to relations a select
// names, reading their columns as bun does.
func (w *walker) bunRelations(s *ormStmt, relations []string) {
	for _, r := range relations {
		name, _, _ := strings.Cut(r, ".")
		t, ok := s.model.assoc[name]
		if !ok {
			continue
		}
		am := w.a.modelOf(t, pkgBun)
		if am == nil || am.table == "" {
			continue
		}
		alias := quoteIdent(snake(name))
		s.joins = append(s.joins, "LEFT JOIN "+tableRef(am.table)+" AS "+alias+" ON true")
		for _, c := range am.cols {
			s.items = append(s.items, alias+"."+quoteIdent(c))
		}
	}
}
