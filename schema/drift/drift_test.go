package drift

import (
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

const base = `
CREATE TABLE products (sku text PRIMARY KEY, name text NOT NULL, price numeric);
CREATE TABLE stock (sku text PRIMARY KEY REFERENCES products (sku), quantity int);
CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER products_touch BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION touch();
`

func catalog(t *testing.T, file string, sql ...string) *schema.Catalog {
	t.Helper()
	c := schema.New()
	for _, s := range sql {
		if errs := c.Apply(file, s); len(errs) > 0 {
			t.Fatalf("%s: %v", file, errs)
		}
	}
	return c
}

func subjects(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.Subject + "\n")
	}
	return b.String()
}

func TestSameCatalogsHaveNoDrift(t *testing.T) {
	if fs := Compare(catalog(t, "m.sql", base), catalog(t, "db.sql", base)); len(fs) > 0 {
		t.Errorf("drift between equal catalogs:\n%s", subjects(fs))
	}
}

func TestCompare(t *testing.T) {
	mig := catalog(t, "db/migrations/1.up.sql", base, `CREATE TABLE reviews (id int);`)
	db := catalog(t, "live", base, `
ALTER TABLE products ADD COLUMN legacy_code text;
ALTER TABLE products DROP COLUMN price;
ALTER TABLE stock DROP CONSTRAINT stock_sku_fkey;
CREATE TABLE "Audit" (id int);
CREATE TABLE schema_migrations (version bigint, dirty boolean);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TRIGGER stock_touch BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION touch();
DROP TRIGGER products_touch ON products;
`)
	fs := Compare(mig, db)
	want := []string{
		`column public.products.legacy_code only in the database`,
		`column public.products.price only in the migrations`,
		`foreign key public.stock.stock_sku_fkey FOREIGN KEY (sku) REFERENCES public.products (sku) only in the migrations`,
		`table public.Audit only in the database`,
		`table public.reviews only in the migrations`,
		`trigger public.products.products_touch only in the migrations`,
		`trigger public.stock.stock_touch only in the database`,
	}
	got := subjects(fs)
	for _, w := range want {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("missing %q", w)
		}
	}
	if len(fs) != len(want) {
		t.Errorf("got %d findings, want %d:\n%s", len(fs), len(want), got)
	}
	for _, f := range fs {
		if f.Kind != finding.Drift || f.Severity != finding.Info || f.Message == "" || f.Fix == "" || f.Object == "" {
			t.Errorf("incomplete finding: %+v", f)
		}
		switch f.Object {
		case "public.products.legacy_code":
			if !strings.Contains(f.Message, "the database has column public.products.legacy_code (text) that no migration creates") ||
				!strings.Contains(f.Fix, "ALTER TABLE public.products ADD COLUMN legacy_code text;") ||
				!strings.Contains(f.Fix, "ALTER TABLE public.products DROP COLUMN legacy_code;") {
				t.Errorf("legacy_code: %s / %s", f.Message, f.Fix)
			}
			// Placed at the migration that creates the table.
			if f.File != "db/migrations/1.up.sql" || f.Line == 0 {
				t.Errorf("legacy_code at %s", f.Position())
			}
		case "public.Audit":
			if !strings.Contains(f.Fix, `DROP TABLE public."Audit";`) || f.File != "" {
				t.Errorf("Audit: %s at %q", f.Fix, f.File)
			}
		case "public.stock.stock_sku_fkey":
			if !strings.Contains(f.Fix, "ALTER TABLE public.stock DROP CONSTRAINT stock_sku_fkey;") {
				t.Errorf("fkey fix: %s", f.Fix)
			}
		}
	}

	// Deterministic: the same input gives the same output.
	again := Compare(mig, db)
	if subjects(again) != got {
		t.Errorf("Compare is not deterministic")
	}
}

func TestRenamedForeignKeyIsNotDrift(t *testing.T) {
	mig := catalog(t, "m.sql", base)
	db := catalog(t, "db.sql", base, `ALTER TABLE stock RENAME CONSTRAINT stock_sku_fkey TO stock_product_fk;`)
	if fs := Compare(mig, db); len(fs) > 0 {
		t.Errorf("a renamed foreign key is drift:\n%s", subjects(fs))
	}
}
