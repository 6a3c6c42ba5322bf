package sqlaccess_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/faultline/faultline/analyzers/sqlaccess"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
)

// shopCatalog is the schema of the test shop, as the migrations would build it.
type shopCatalog map[string]query.TableInfo

func (c shopCatalog) Table(schema, name string) (query.TableInfo, bool) {
	if schema != "" && schema != "public" {
		return query.TableInfo{}, false
	}
	ti, ok := c[name]
	return ti, ok
}

var catalog = shopCatalog{
	"products": {Schema: "public", Name: "products", PrimaryKey: []string{"sku"},
		Columns: []string{"sku", "name", "category_name", "is_active", "original_price", "sale_price", "is_on_sale", "created_at"}},
	"categories":        {Schema: "public", Name: "categories", PrimaryKey: []string{"id"}, Columns: []string{"id", "name"}},
	"price_history":     {Schema: "public", Name: "price_history", PrimaryKey: []string{"id"}, Columns: []string{"id", "sku", "kind", "old_price", "new_price", "reason", "changed_at"}},
	"stock":             {Schema: "public", Name: "stock", PrimaryKey: []string{"sku"}, Columns: []string{"sku", "quantity", "updated_at"}},
	"campaigns":         {Schema: "public", Name: "campaigns", PrimaryKey: []string{"id"}, Columns: []string{"id", "title", "category_name", "min_stock", "starts_at", "ends_at"}},
	"audit_log":         {Schema: "public", Name: "audit_log", PrimaryKey: []string{"id"}, Columns: []string{"id", "actor", "action", "entity", "entity_id", "recorded_at"}},
	"schema_migrations": {Schema: "public", Name: "schema_migrations", PrimaryKey: []string{"version"}, Columns: []string{"version", "dirty"}},
}

// TestMain hands the analyzer the shop's catalog the way faultline check does:
// a table catalog file named by its -catalog flag.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sqlaccess-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tc := &schema.TableCatalog{}
	for _, name := range slices.Sorted(maps.Keys(catalog)) {
		tc.Tables = append(tc.Tables, catalog[name])
	}
	data, err := json.Marshal(tc)
	file := filepath.Join(dir, "catalog.json")
	if err == nil {
		err = os.WriteFile(file, data, 0o644)
	}
	if err == nil {
		err = sqlaccess.Analyzer.Flags.Set("catalog", file)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var packages = []string{
	"example.com/shop/internal/platform/dbx",
	"example.com/shop/internal/platform/store",
	"example.com/shop/internal/coreproduct",
	"example.com/shop/internal/pricing",
	"example.com/shop/internal/inventory",
	"example.com/shop/internal/marketing",
	"example.com/shop/internal/catalog",
}

func TestAnalyzer(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sqlaccess.Analyzer, packages...)

	// What the diagnostics cannot say: the Result's counts and exact positions.
	byPkg := map[string]*sqlaccess.Result{}
	for _, r := range results {
		byPkg[r.Pass.Pkg.Path()] = r.Result.(*sqlaccess.Result)
	}
	pricing := byPkg["example.com/shop/internal/pricing"]
	if pricing == nil {
		t.Fatal("no result for pricing")
	}
	if pricing.Dynamic != 3 || len(pricing.DynamicSites) != 3 {
		t.Errorf("pricing: Dynamic = %d (%v), want the 3 call sites of SQL built at run time", pricing.Dynamic, pricing.DynamicSites)
	}
	for _, p := range pricing.DynamicSites {
		if filepath.Base(p.Filename) != "text.go" {
			t.Errorf("dynamic SQL counted at %s, want only in text.go", p)
		}
	}
	if got := pricing.Unowned["public.audit_log"]; got != 1 {
		t.Errorf("pricing: Unowned = %v, want public.audit_log counted once", pricing.Unowned)
	}

	// Parse errors point at the offending byte inside the Go string literal.
	var got []string
	for _, f := range pricing.Findings {
		if f.Kind == finding.ParseError {
			got = append(got, fmt.Sprintf("%s:%d:%d", filepath.Base(f.File), f.Line, f.Column))
		}
	}
	want := []string{
		"broken.go:10:54",  // const brokenDelete: the end of its text, the closing quote
		"broken.go:14:60",  // "... = WHERE" on one line
		"broken.go:17:19",  // the WHERE on the raw string's third line
		"broken.go:19:20",  // the WHERE in the second piece of a concatenation
		"broken.go:20:23",  // a constant of another package: its use
		"broken.go:26:109", // the third of three statements in one literal
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("parse-error positions:\n got %s\nwant %s", strings.Join(got, " "), strings.Join(want, " "))
	}
}
