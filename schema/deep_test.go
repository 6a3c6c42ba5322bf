package schema

import (
	"strings"
	"testing"
)

// A migration nested deep enough to crash libpg_query is reported, and the
// statements around it still apply.
func TestApplyDeepNesting(t *testing.T) {
	deep := "SELECT " + strings.Repeat("1+", 30000) + "1;\n"
	sql := "CREATE TABLE a (id int);\n" + deep + "CREATE TABLE b (id int);\n"
	c := New()
	errs := c.Apply("deep.sql", sql)
	if len(errs) != 1 {
		t.Fatalf("want one error for the deep statement, got %v", errs)
	}
	if e, ok := errs[0].(*Error); !ok || e.Pos.Line != 2 {
		t.Errorf("error %v, want it on line 2", errs[0])
	}
	if c.FindTable("public", "a") == nil || c.FindTable("public", "b") == nil {
		t.Error("the statements around the deep one were not applied")
	}
}
