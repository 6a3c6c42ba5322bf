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
			// sale_price is pricing's: work of the split, not a reach across.
			want: []string{
				"foreign-table coreproduct: Prices.Get: read public.products",
				"shared-table coreproduct: products",
			},
		},
		{
			name: "pricing joins its history with core columns",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{
				{Name: "price_history", Read: true, Columns: read("new_price", "sku")},
				{Name: "products", Read: true, Columns: read("name", "sku")}}},
			want: []string{
				"foreign-table coreproduct: Prices.Get: read public.products",
				"cross-join coreproduct: Prices.Get: public.price_history + public.products",
			},
		},
		{
			name: "pricing reads its own columns through the cross-system key",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Read: true,
				Columns: read("sale_price", "sku")}}},
			want: []string{"shared-table coreproduct: products"},
		},
		{
			name: "pricing writes its own is_on_sale: split work, never foreign-table",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Read: true, Write: true,
				Columns: []query.Column{{Name: "is_on_sale", Write: true}, {Name: "sku", Read: true}}}}},
			want: []string{"shared-table coreproduct: products"},
		},
		{
			name: "pricing writes a core column",
			from: "pricing",
			st: query.Statement{Tables: []query.Table{{Name: "products", Write: true,
				Columns: []query.Column{{Name: "is_active", Write: true}, {Name: "sku", Read: true}}}}},
			want: []string{"foreign-table coreproduct: Prices.Get: write public.products"},
		},
		{
			name: "a partition belongs to its parent",
			from: "pricing",
			st:   query.Statement{Tables: []query.Table{{Name: "stock_2024", Read: true, Columns: read("quantity")}}},
			want: []string{"foreign-table inventory: Prices.Get: read public.stock"},
		},
		{
			name: "SELECT * of a split table without a catalog reads every owner's columns",
			from: "inventory",
			st:   query.Statement{Tables: []query.Table{{Name: "products", Read: true, AllColumns: true}}},
			want: []string{
				"foreign-table coreproduct: Prices.Get: read public.products",
				"foreign-table pricing: Prices.Get: read public.products",
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
				"foreign-table coreproduct: Prices.Get: write public.products",
				"foreign-table pricing: Prices.Get: write public.products",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := resolver(t).Check(tc.from, tc.st, Site{File: "x.go", Line: 3, Column: 4, Object: "Prices.Get"})
			var got []string
			for _, f := range fs {
				got = append(got, string(f.Kind)+" "+f.To+": "+f.Subject)
				if f.Kind == finding.ForeignTable && f.Access == finding.Write && f.Severity != finding.Error {
					t.Errorf("a foreign write must be an error: %+v", f)
				}
				if f.Kind == finding.SharedTable && (f.Severity != finding.Info || len(f.Statements) != 1 || f.From != tc.from) {
					t.Errorf("split work must be one info statement of %s: %+v", tc.from, f)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
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

// TestSplitWork: pricing's statements on its own columns of products end up as
// evidence of products' shared-table finding, and nowhere else.
func TestSplitWork(t *testing.T) {
	r := resolver(t)
	write := query.Statement{Tables: []query.Table{{Name: "products", Read: true, Write: true,
		Columns: []query.Column{{Name: "is_on_sale", Write: true}, {Name: "sku", Read: true}}}}}
	readOwn := query.Statement{Tables: []query.Table{{Name: "products", Read: true, Columns: read("sale_price", "sku")}}}
	var fs []finding.Finding
	fs = append(fs, r.Check("pricing", write, Site{File: "prices.go", Line: 74, Column: 2, Object: "Prices.SetOnSale"})...)
	fs = append(fs, r.Check("pricing", readOwn, Site{File: "prices.go", Line: 44, Column: 2, Object: "Prices.Get"})...)
	// Core product working on its own table is nobody's split work.
	fs = append(fs, r.Check("coreproduct", query.Statement{Tables: []query.Table{{Name: "products", Write: true,
		Columns: []query.Column{{Name: "name", Write: true}}}}}, Site{File: "core.go", Line: 1})...)

	alone := FoldSplitWork(fs)
	if len(alone) != 1 || alone[0].Severity != finding.Info || len(alone[0].Statements) != 2 {
		t.Fatalf("without a catalog finding, want one info finding holding both statements, got %+v", alone)
	}

	shared := finding.Finding{Kind: finding.SharedTable, Severity: finding.Error, From: "pricing", To: "coreproduct",
		Subject: "products", File: "db/migrations/1.sql", Line: 3}
	got := FoldSplitWork(append(fs, shared))
	if len(got) != 1 || got[0].Severity != finding.Error || got[0].File != shared.File {
		t.Fatalf("want only the catalog's shared-table finding, got %+v", got)
	}
	var lines []string
	for _, s := range got[0].Statements {
		lines = append(lines, s.Position()+" "+s.Object+" "+string(s.Access)+" "+strings.Join(s.Columns, ","))
	}
	want := []string{
		"prices.go:44:2 Prices.Get read public.products.sale_price",
		"prices.go:74:2 Prices.SetOnSale write public.products.is_on_sale",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("statements:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestListedPartition: a partition faultline.yaml lists by name belongs to the
// context listing it, not to its parent's.
func TestListedPartition(t *testing.T) {
	cfg, err := config.Parse("faultline.yaml", []byte(strings.Replace(catalogYAML, "tables: [price_history]", "tables: [price_history, stock_2024]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	r := &Resolver{Config: cfg, Catalog: cat}
	touches := r.Touches(query.Statement{Tables: []query.Table{{Name: "stock_2024", Read: true, Columns: read("quantity")}}})
	if len(touches) != 1 || touches[0].Owner.Context != "pricing" || touches[0].Table != "stock_2024" {
		t.Errorf("touches %+v, want pricing's stock_2024", touches)
	}
	if fs := r.Check("pricing", query.Statement{Tables: []query.Table{{Name: "stock_2024", Read: true, Columns: read("quantity")}}}, Site{}); len(fs) != 0 {
		t.Errorf("pricing reading its own partition: %+v", fs)
	}
}

// TestSequence: nextval of a sequence another context lists is a sequence
// finding at the statement; one's own, the kernel's and unlisted ones are not.
func TestSequence(t *testing.T) {
	cfg, err := config.Parse("faultline.yaml", []byte(strings.Replace(catalogYAML, "tables: [products]", "tables: [products, product_ids]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	r := &Resolver{Config: cfg, Catalog: cat}
	st, err := query.Analyze("INSERT INTO price_history (id, sku) VALUES (nextval('product_ids'), $1); SELECT nextval('history_ids')", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range st {
		for _, f := range r.Check("pricing", s, Site{File: "x.go", Line: 1, Object: "pricing.Record"}) {
			got = append(got, string(f.Kind)+" "+f.From+"->"+f.To+" "+f.Subject+" "+string(f.Severity))
		}
	}
	want := []string{"sequence pricing->coreproduct pricing.Record: nextval product_ids error"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if fs := r.Check("coreproduct", st[0], Site{}); len(fs) != 1 || fs[0].Kind != finding.ForeignTable {
		t.Errorf("coreproduct drawing its own ids (and writing pricing's table): %+v", fs)
	}
}
