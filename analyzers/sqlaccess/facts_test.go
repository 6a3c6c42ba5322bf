package sqlaccess

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/faultline/faultline/query"
)

// TestHelperGob checks that the fact survives the gob encoding go vet's
// unitchecker hands facts between packages with.
func TestHelperGob(t *testing.T) {
	st := query.Statement{
		Text: "UPDATE products SET is_active = $2 WHERE sku = $1", Command: "update",
		Tables: []query.Table{{Schema: "public", Name: "products", Read: true, Write: true,
			Columns: []query.Column{{Name: "is_active", Write: true}, {Name: "sku", Read: true}}}},
	}
	in := &Helper{
		Stmts:  []HelperStmt{{Stmt: st, Param: 1, Own: true}, {Stmt: st, Param: -1, Recv: true}},
		SQLArg: 3, SQLConn: 2,
		Txs: []HelperTx{{Stmts: []query.Statement{st, st}}},
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	out := new(Helper)
	if err := gob.NewDecoder(&buf).Decode(out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, in)
	}
}
