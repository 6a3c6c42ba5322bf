package sqlaccess

import (
	"reflect"
	"strings"
	"testing"

	"github.com/faultline/faultline/query"
)

// FuzzORMStatement feeds the pieces an ORM chain takes from user code (struct
// tags, names, conditions) through the statement builder: nothing may panic, and
// a statement of plain names must always parse.
func FuzzORMStatement(f *testing.F) {
	f.Add("products", "SalePrice", `gorm:"column:sale_price;primaryKey"`, "sku = ? AND name <> '?'")
	f.Add("public.price_history", "UserID", `bun:"user_id,pk"`, "(")
	f.Add("stock s", "HTTPServer", `db:"-"`, "")
	f.Fuzz(func(t *testing.T, table, field, tag, where string) {
		for _, lib := range []string{pkgGorm, pkgBun, ""} {
			ormFieldTag(reflect.StructTag(tag), lib)
		}
		col := snake(field)
		name := plural(col)
		if col != "" && !strings.HasPrefix(name, col[:strings.LastIndexByte(col, '_')+1]) {
			t.Errorf("plural(%q) = %q changes the words before the last", col, name)
		}
		splitList(where)
		for _, cmd := range []string{"SELECT", "INSERT", "UPDATE", "DELETE"} {
			s := &ormStmt{command: cmd, table: table, cols: []string{col}, where: []string{where}}
			query.Analyze(s.sql(), nil)
			if !plainIdent(table) || !plainIdent(col) {
				continue
			}
			plain := &ormStmt{command: cmd, table: table, cols: []string{col}, where: []string{"c = ?"}}
			if _, err := query.Analyze(plain.sql(), nil); err != nil {
				t.Errorf("%s of plain names does not parse: %s: %v", cmd, plain.sql(), err)
			}
		}
	})
}
