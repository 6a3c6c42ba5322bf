package query

import (
	"slices"
	"testing"
)

func TestSequences(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"INSERT INTO campaigns (id, title) VALUES (nextval('category_id_seq'), $1)", []string{"category_id_seq"}},
		{"SELECT nextval('sales.\"Order_Seq\"'::regclass), currval('A_SEQ')", []string{"a_seq", "sales.Order_Seq"}},
		{"SELECT pg_catalog.setval('public.ids', 10)", []string{"public.ids"}},
		{"SELECT nextval($1)", nil},           // a run-time value
		{"SELECT myschema.nextval('x')", nil}, // not PostgreSQL's nextval
		{"SELECT nextval('a.b.c.d')", nil},    // no name
		{"SELECT count(*) FROM orders", nil},
		{"SELECT (SELECT nextval('inner_seq'))", []string{"inner_seq"}},
	} {
		stmts, err := Analyze(tc.sql, nil)
		if err != nil || len(stmts) != 1 {
			t.Fatalf("%s: %v %v", tc.sql, stmts, err)
		}
		if got := stmts[0].Sequences; !slices.Equal(got, tc.want) {
			t.Errorf("%s: sequences %q, want %q", tc.sql, got, tc.want)
		}
		for _, tb := range stmts[0].Tables {
			if slices.Contains(tc.want, tb.Name) || tb.Name == "category_id_seq" {
				t.Errorf("%s: a sequence is not a table, got %+v", tc.sql, tb)
			}
		}
	}
}
