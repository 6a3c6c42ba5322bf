package live

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// TestRuntimeFindingsAggregate checks, without a database, how rows of
// pg_stat_statements are judged: the roles of one context add up, a role of no
// context counts apart, and what is not a query (DDL, SQL that does not parse) is
// left out.
func TestRuntimeFindingsAggregate(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "catalog", "faultline.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "roles: [pricing_svc]", "roles: [pricing_svc, pricing_batch]", 1))
	cfg, err := config.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	res := &access.Resolver{Config: cfg, Catalog: fromMigrations(t)}
	const join = "SELECT p.name, s.quantity FROM products p JOIN stock s ON s.sku = p.sku WHERE p.sku = $1"
	fs := RuntimeFindings([]StatStatement{
		{QueryID: 7, Query: join, Role: "pricing_svc", Calls: 3, TotalMillis: 1.5},
		{QueryID: 7, Query: join, Role: "pricing_batch", Calls: 4, TotalMillis: 2.5},
		{QueryID: 7, Query: join, Role: "app", Calls: 5, TotalMillis: 10},
		{QueryID: 8, Query: "ALTER TABLE products ADD COLUMN legacy_code text", Role: "migrator", Calls: 1},
		{QueryID: 9, Query: "SELEC name FROM products", Role: "pricing_svc", Calls: 1},
		{QueryID: 0, Query: "SELECT name FROM products WHERE sku = $1", Role: "pricing_svc", Calls: 2, TotalMillis: 0.25},
	}, res)

	type want struct {
		kind     finding.Kind
		from, to string
		calls    int64
		object   string
	}
	wants := []want{
		{finding.RuntimeCrossJoin, "pricing", "coreproduct", 7, "pg_stat_statements queryid 7"},
		{finding.RuntimeCrossJoin, "pricing", "inventory", 7, "pg_stat_statements queryid 7"},
		{finding.ForeignTable, "pricing", "coreproduct", 7, "pg_stat_statements queryid 7"},
		{finding.ForeignTable, "pricing", "inventory", 7, "pg_stat_statements queryid 7"},
		{finding.RuntimeCrossJoin, "", "coreproduct", 5, "pg_stat_statements queryid 7"},
		{finding.RuntimeCrossJoin, "", "inventory", 5, "pg_stat_statements queryid 7"},
		{finding.ForeignTable, "pricing", "coreproduct", 2, "pg_stat_statements: SELECT name FROM products WHERE sku = $1"},
	}
	for _, f := range fs {
		t.Logf("%s: %s [%s %s->%s]", f.Position(), f.Message, f.Kind, f.From, f.To)
	}
	if len(fs) != len(wants) {
		t.Errorf("%d findings, want %d", len(fs), len(wants))
	}
	for _, w := range wants {
		found := false
		for _, f := range fs {
			if f.Kind == w.kind && f.From == w.from && f.To == w.to && f.Calls == w.calls && f.Object == w.object {
				found = true
				if w.from == "pricing" && w.calls == 7 && !strings.Contains(f.Message, "7 calls, 4.00 ms in total, as pricing_batch, pricing_svc") {
					t.Errorf("message: %s", f.Message)
				}
			}
		}
		if !found {
			t.Errorf("missing %+v", w)
		}
	}
}
