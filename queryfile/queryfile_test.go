package queryfile_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/queryfile"
)

type catalog map[string]query.TableInfo

func (c catalog) Table(schema, name string) (query.TableInfo, bool) {
	ti, ok := c[name]
	return ti, ok
}

var shop = catalog{
	"products":      {Schema: "public", Name: "products", PrimaryKey: []string{"sku"}, Columns: []string{"sku", "name", "category_name", "is_active", "original_price", "sale_price", "is_on_sale"}},
	"price_history": {Schema: "public", Name: "price_history", PrimaryKey: []string{"id"}, Columns: []string{"id", "sku", "kind", "new_price", "changed_at"}},
	"stock":         {Schema: "public", Name: "stock", PrimaryKey: []string{"sku"}, Columns: []string{"sku", "quantity"}},
}

func TestCheck(t *testing.T) {
	cfg, err := config.Load(filepath.Join("testdata", "shop", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := queryfile.Check(cfg, &access.Resolver{Config: cfg, Catalog: shop})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		if f.Kind == finding.SharedTable && f.Severity != finding.Info {
			t.Errorf("a statement's split work must be info: %+v", f)
		}
		file := f.File
		if rel, err := filepath.Rel(cfg.Dir, f.File); err == nil && filepath.IsAbs(f.File) {
			file = filepath.ToSlash(rel)
		}
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s->%s %s", file, f.Line, f.Column, f.Kind, f.From, f.To, f.Object))
	}
	want := []string{
		"db/queries/inventory/reports/stock.sql:3:1 cross-join inventory->coreproduct low-stock",
		"db/queries/inventory/reports/stock.sql:3:1 foreign-table inventory->coreproduct low-stock",
		// Pricing's own columns of coreproduct's products: evidence of the
		// table's split (info), never foreign-table.
		"db/queries/pricing/prices.sql:15:1 shared-table pricing->coreproduct SetSalePrice",
		"db/queries/pricing/prices.sql:18:38 parse-error pricing-> Broken",
		"db/queries/pricing/prices.sql:21:1 shared-table pricing->coreproduct Retire",
		"db/queries/pricing/prices.sql:22:1 foreign-table pricing->coreproduct Retire",
		"db/queries/pricing/prices.sql:4:1 shared-table pricing->coreproduct GetPriceForSKU",
		"db/queries/pricing/prices.sql:7:1 foreign-table pricing->coreproduct GetPriceLabel",
		"db/queries/pricing/prices.sql:7:1 shared-table pricing->coreproduct GetPriceLabel",
		"testdata/shop/faultline.yaml:14:46 config inventory-> ",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // name@offset:text
	}{
		{"no names", "SELECT 1;\n", []string{"@0:SELECT 1;\n"}},
		{"comment preamble", "-- header\n-- name: A :one\nSELECT 1;\n", []string{"A@26:SELECT 1;\n"}},
		{"sql preamble", "SELECT 0;\n-- name: A\nSELECT 1;", []string{"@0:SELECT 0;\n", "A@21:SELECT 1;"}},
		{"dotsql", "--name: create-users-table\nCREATE TABLE users ();\n--name: drop\nDROP TABLE users;\n", []string{"create-users-table@27:CREATE TABLE users ();\n", "drop@63:DROP TABLE users;\n"}},
		{"crlf", "-- name: A :exec\r\nSELECT 1;\r\n", []string{"A@18:SELECT 1;\r\n"}},
		{"empty", "", []string{"@0:"}},
		{"name at end", "-- name: A", []string{"A@10:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, b := range queryfile.Split(tc.src) {
				got = append(got, fmt.Sprintf("%s@%d:%s", b.Name, b.Offset, b.Text))
				if tc.src[b.Offset:b.Offset+len(b.Text)] != b.Text {
					t.Errorf("block %s: text is not the source at its offset", b.Name)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOwnership checks that each named query is judged for the context that
// owns it most specifically, that queries Go code runs are left to the Go call
// site, and that templates are read around their placeholders.
func TestOwnership(t *testing.T) {
	cfg, err := config.Load(filepath.Join("testdata", "news", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	bound := map[string]bool{"queries/subscribers.sql#subscriber-campaigns": true}
	r, err := queryfile.CheckBound(cfg, &access.Resolver{Config: cfg}, bound)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		file := f.File
		if rel, err := filepath.Rel(cfg.Dir, f.File); err == nil && filepath.IsAbs(f.File) {
			file = filepath.ToSlash(rel)
		}
		got = append(got, fmt.Sprintf("%s:%d %s %s->%s %s", file, f.Line, f.Kind, f.From, f.To, f.Object))
	}
	want := []string{
		// The shared kernel's query: only its cross-join.
		"queries/misc.sql:10 cross-join ->campaigns get-settings",
		"queries/misc.sql:10 cross-join ->subscribers get-settings",
		// dashboard's query of the misc file, by its #name glob.
		"queries/misc.sql:7 cross-join dashboard->campaigns dashboard-counts",
		"queries/misc.sql:7 cross-join dashboard->subscribers dashboard-counts",
		"queries/misc.sql:7 foreign-table dashboard->campaigns dashboard-counts",
		"queries/misc.sql:7 foreign-table dashboard->subscribers dashboard-counts",
		// queries/misc.sql#no-such-* names no query.
		"testdata/news/faultline.yaml:11 config dashboard-> ",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Files != 2 {
		t.Errorf("Files = %d, want 2", r.Files)
	}
	var dyn []string
	for _, d := range r.Dynamic {
		rel, _ := filepath.Rel(cfg.Dir, d)
		dyn = append(dyn, filepath.ToSlash(rel))
	}
	if want := []string{"queries/misc.sql:13:1", "queries/subscribers.sql:5:1"}; !slices.Equal(dyn, want) {
		t.Errorf("Dynamic = %v, want %v", dyn, want)
	}
}
