package coupling

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// checkExample builds the catalog monolith's schema from its migrations, as faultline
// check would, and returns the findings.
func checkExample(t *testing.T) []finding.Finding {
	t.Helper()
	cfg, err := config.Load(filepath.Join("..", "..", "testdata", "catalog", "faultline.yaml"))
	if err != nil {
		t.Skipf("the catalog example is not available: %v", err)
	}
	var paths []string
	for _, e := range cfg.SQL.Migrations {
		paths = append(paths, e.Value)
	}
	scripts, problems, err := migrations.Load(cfg.Dir, paths)
	if err != nil {
		t.Fatal(err)
	}
	cat, errs := schema.Build(scripts)
	for _, p := range problems {
		errs = append(errs, p)
	}
	return Check(cat, errs, cfg, nil)
}

// TestCatalogExample checks the schema rows of testdata/catalog/README.md's planted
// couplings, and nothing else, with the exact split of products.
func TestCatalogExample(t *testing.T) {
	fs := checkExample(t)
	cfg, _ := config.Load(filepath.Join("..", "..", "testdata", "catalog", "faultline.yaml"))
	if got := (&checker{cfg: cfg}).configFile(cfg.File); got != "faultline.yaml" {
		t.Errorf("config findings name %q, want faultline.yaml (relative to the config's directory)", got)
	}
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s %s %s %s->%s %s", f.Position(), f.Kind, f.Severity, f.From, f.To, f.Subject))
	}
	m := "db/migrations/"
	want := []string{
		m + "000001_create_products.up.sql:3:1 shared-table error pricing->coreproduct products",
		m + "000003_create_price_history.up.sql:9:5 foreign-key error pricing->coreproduct price_history.price_history_sku_fkey",
		m + "000005_log_list_price_changes.up.sql:12:1 trigger error pricing->coreproduct products.products_log_list_price_change",
		m + "000006_create_stock.up.sql:2:33 foreign-key error inventory->coreproduct stock.stock_sku_fkey",
		m + "000007_create_campaigns.up.sql:4:5 sequence error marketing->coreproduct category_id_seq -> campaigns.id",
		m + "000008_create_available_products.up.sql:2:1 view warning inventory->coreproduct available_products",
		m + "000009_create_category_functions.up.sql:2:1 function warning pricing->coreproduct category_price_range(text)",
		m + "000010_create_audit_log.up.sql:2:1 unowned-table info -> audit_log",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	for _, f := range fs {
		if f.Message == "" || f.Fix == "" || strings.Contains(f.Message, "\n") {
			t.Errorf("%s: message %q, fix %q", f.Key(), f.Message, f.Fix)
		}
		switch f.Kind {
		case finding.SharedTable:
			split := "CREATE TABLE pricing_products (sku text PRIMARY KEY, original_price numeric(12,2) NOT NULL, sale_price numeric(12,2), is_on_sale boolean NOT NULL DEFAULT false); " +
				"INSERT INTO pricing_products (sku, original_price, sale_price, is_on_sale) SELECT sku, original_price, sale_price, is_on_sale FROM products;"
			drop := "ALTER TABLE products DROP COLUMN original_price, DROP COLUMN sale_price, DROP COLUMN is_on_sale;"
			if !strings.Contains(f.Fix, split) || !strings.Contains(f.Fix, drop) || !strings.Contains(f.Fix, "rename it") {
				t.Errorf("shared-table fix %q\nlacks %q\nor %q", f.Fix, split, drop)
			}
			if !slices.Equal(f.Columns, []string{"public.products.is_on_sale", "public.products.original_price", "public.products.sale_price"}) {
				t.Errorf("shared-table columns %v", f.Columns)
			}
		case finding.ForeignKey:
			if !strings.HasPrefix(f.Fix, "ALTER TABLE "+strings.Split(f.Subject, ".")[0]+" DROP CONSTRAINT "+strings.Split(f.Subject, ".")[1]+";") ||
				!strings.Contains(f.Fix, "exists by calling coreproduct's API before insert") {
				t.Errorf("foreign-key fix %q", f.Fix)
			}
		case finding.Trigger:
			if !strings.Contains(f.Message, "writes pricing's price_history") || !strings.HasPrefix(f.Fix, "DROP TRIGGER products_log_list_price_change ON products;") {
				t.Errorf("trigger: %q / %q", f.Message, f.Fix)
			}
		case finding.View:
			if !strings.Contains(f.Message, "coreproduct's products(") || !strings.Contains(f.Message, "inventory's stock(") {
				t.Errorf("view message %q", f.Message)
			}
		}
	}
}
