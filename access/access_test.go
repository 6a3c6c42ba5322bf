package access

import (
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
)

const catalogYAML = `version: 1
contexts:
  coreproduct:
    packages: [internal/coreproduct/...]
    tables: [products]
  pricing:
    packages: [internal/pricing/...]
    tables: [price_history]
    columns: [products.original_price, products.sale_price, products.is_on_sale]
    uses: [coreproduct]
  inventory:
    packages: [internal/inventory/...]
    tables: [stock]
shared:
  tables: [schema_migrations]
`

type testCatalog map[string]query.TableInfo

func (c testCatalog) Table(schema, name string) (query.TableInfo, bool) {
	ti, ok := c[name]
	return ti, ok
}

var cat = testCatalog{
	"products":          {Schema: "public", Name: "products", PrimaryKey: []string{"sku"}},
	"price_history":     {Schema: "public", Name: "price_history", PrimaryKey: []string{"id"}},
	"stock":             {Schema: "public", Name: "stock", PrimaryKey: []string{"sku"}},
	"stock_2024":        {Schema: "public", Name: "stock_2024", PartitionOf: "public.stock"},
	"schema_migrations": {Schema: "public", Name: "schema_migrations"},
}

func resolver(t *testing.T) *Resolver {
	t.Helper()
	cfg, err := config.Parse("faultline.yaml", []byte(catalogYAML))
	if err != nil {
		t.Fatal(err)
	}
	return &Resolver{Config: cfg, Catalog: cat}
}

func read(cols ...string) []query.Column {
	var out []query.Column
	for _, c := range cols {
		out = append(out, query.Column{Name: c, Read: true})
	}
	return out
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		from string
		st   query.Statement
		want []string // kind to: subject
	}{
		{
			name: "pricing reads core columns",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Read: true,
				Columns: read("category_name", "is_active", "name", "sale_price", "sku")}}},
			want: []string{
				"foreign-table coreproduct: read public.products(category_name, is_active, name)",
			},
		},
		{
			name: "pricing joins its history with core columns",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{
				{Name: "price_history", Read: true, Columns: read("new_price", "sku")},
				{Name: "products", Read: true, Columns: read("name", "sku")}}},
			want: []string{
				"foreign-table coreproduct: read public.products(name)",
				"cross-join coreproduct: public.price_history(new_price, sku) (pricing) + public.products(name) (coreproduct)",
			},
		},
		{
			name: "pricing reads its own columns through the cross-system key",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Read: true,
				Columns: read("sale_price", "sku")}}},
		},
		{
			name: "pricing writes its own is_on_sale, in core's table until the split",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Read: true, Write: true,
				Columns: []query.Column{{Name: "is_on_sale", Write: true}, {Name: "sku", Read: true}}}}},
			want: []string{"foreign-table coreproduct: write public.products(is_on_sale)"},
		},
		{
			name: "pricing writes a core column",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Write: true,
				Columns: []query.Column{{Name: "is_active", Write: true}, {Name: "sku", Read: true}}}}},
			want: []string{"foreign-table coreproduct: write public.products(is_active)"},
		},
		{
			name: "a partition belongs to its parent",
			from: "pricing",
			st:   query.Statement{Tables: []query.Table{{Name: "stock_2024", Read: true, Columns: read("quantity")}}},
			want: []string{"foreign-table inventory: read public.stock(quantity)"},
		},
		{
			name: "SELECT * of a split table without a catalog reads every owner's columns",
			from: "inventory",
			st:   query.Statement{Tables: []query.Table{{Name: "products", Read: true, AllColumns: true}}},
			want: []string{
				"foreign-table coreproduct: read public.products",
				"foreign-table pricing: read public.products",
			},
		},
		{
			name: "shared kernel tables are free",
			from: "pricing",
			st:   query.Statement{Tables: []query.Table{{Name: "schema_migrations", Read: true}}},
		},
		{
			name: "unresolved columns of a split table are not guessed",
			from: "inventory",
			st: query.Statement{Unresolved: []string{"name"}, Tables: []query.Table{
				{Name: "products", Read: true}, {Name: "stock", Read: true}}},
		},
		{
			name: "delete removes every owner's columns",
			from: "inventory",
			st:   query.Statement{Tables: []query.Table{{Name: "products", Write: true}}},
			want: []string{
				"foreign-table coreproduct: write public.products",
				"foreign-table pricing: write public.products",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := resolver(t).Check(tc.from, tc.st, Site{File: "x.go", Line: 3, Column: 4})
			var got []string
			for _, f := range fs {
				got = append(got, string(f.Kind)+" "+f.To+": "+f.Subject)
				if f.Kind == finding.ForeignTable && f.Access == finding.Write && f.Severity != finding.Error {
					t.Errorf("a foreign write must be an error: %+v", f)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestAllowed(t *testing.T) {
	cfg, err := config.Parse("faultline.yaml", []byte(catalogYAML+`allow:
  - {from: pricing, to: coreproduct, kind: foreign-table, reason: "TICKET-12 until step 6"}
`))
	if err != nil {
		t.Fatal(err)
	}
	r := &Resolver{Config: cfg, Catalog: cat}
	fs := r.Check("pricing", query.Statement{Tables: []query.Table{{Name: "products", Read: true, Columns: read("name")}}}, Site{})
	if len(fs) != 1 || fs[0].AllowedBy != "TICKET-12 until step 6" {
		t.Fatalf("want one allowed finding, got %+v", fs)
	}
	if stale := cfg.StaleAllows(); len(stale) != 0 {
		t.Errorf("the allow entry was used, got stale %+v", stale)
	}
}

func TestMessage(t *testing.T) {
	r := resolver(t)
	fs := r.Check("pricing", query.Statement{Tables: []query.Table{{Name: "products", Read: true, Write: true,
		Columns: []query.Column{{Name: "is_active", Write: true}, {Name: "name", Read: true}, {Name: "sku", Read: true}}}}},
		Site{Via: "store.Touch"})
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %+v", fs)
	}
	want := "pricing through store.Touch writes coreproduct's column public.products.is_active and reads columns public.products.name"
	if !strings.HasPrefix(fs[0].Message, want[:60]) {
		t.Errorf("message = %q", fs[0].Message)
	}
	if fs[0].Message != "pricing through store.Touch writes coreproduct's column public.products.is_active and reads column public.products.name" {
		t.Errorf("message = %q", fs[0].Message)
	}
}
