package main

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/plan from the current output")

var shopDir = filepath.Join("..", "..", "testdata", "shop")

// TestPlanCatalogGolden prints the catalog's plan for pricing in each format,
// from a full check (code included), and compares it with the golden files.
func TestPlanCatalogGolden(t *testing.T) {
	for _, c := range []struct{ format, file string }{{"text", "pricing.txt"}, {"json", "pricing.json"}, {"markdown", "pricing.md"}} {
		code, out, errOut := runCLI(t, "plan", "pricing", "-C", catalogDir, "--format", c.format)
		if code != exitClean {
			t.Fatalf("%s: exit %d\n%s", c.format, code, errOut)
		}
		golden := filepath.Join("testdata", "plan", c.file)
		if *updateGolden {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run TestPlanCatalogGolden -update)", err)
		}
		if out != string(want) {
			t.Errorf("%s output differs from %s (run with -update after checking):\n%s", c.format, golden, out)
		}
	}
}

func TestPlanEmit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	code, _, errOut := runCLI(t, "plan", "pricing", "-C", catalogDir, "--no-code", "--emit", out)
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var files []string
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{
		"db/migrations/000011_pricing_loose_fk_price_history_sku_fkey.down.sql",
		"db/migrations/000011_pricing_loose_fk_price_history_sku_fkey.up.sql",
		"db/migrations/000012_pricing_drop_function_category_price_range.down.sql",
		"db/migrations/000012_pricing_drop_function_category_price_range.up.sql",
		"db/migrations/000013_pricing_split_products.down.sql",
		"db/migrations/000013_pricing_split_products.up.sql",
		"db/migrations/000014_pricing_end_sync_products.down.sql",
		"db/migrations/000014_pricing_end_sync_products.up.sql",
		"db/migrations/000015_pricing_drop_columns_products.down.sql",
		"db/migrations/000015_pricing_drop_columns_products.up.sql",
		"faultline.yaml",
		"loose_foreign_keys/pricing_loose_fk_price_history_sku_fkey.sql",
	}
	if !slices.Equal(files, want) {
		t.Errorf("emitted %v\nwant %v", files, want)
	}
	cfg, _ := os.ReadFile(filepath.Join(out, "faultline.yaml"))
	for _, s := range []string{"tables: [price_history, pricing_products]", "tables: [products, categories, products_deleted_records]"} {
		if !strings.Contains(string(cfg), s) {
			t.Errorf("faultline.yaml lacks %q:\n%s", s, cfg)
		}
	}
	if strings.Contains(string(cfg), "products.original_price") {
		t.Errorf("faultline.yaml still gives pricing the columns of products:\n%s", cfg)
	}

	code, _, errOut = runCLI(t, "plan", "pricing", "-C", catalogDir, "--no-code", "--emit", out)
	if code != exitUsage || !strings.Contains(errOut, "not empty") || !strings.Contains(errOut, "--force") {
		t.Errorf("emit into a full directory: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "plan", "pricing", "-C", catalogDir, "--no-code", "--emit", out, "--force")
	if code != exitClean {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
}

func TestPlanBadInput(t *testing.T) {
	// The catalog's migrations as one unnumbered schema file: nothing to
	// number new migrations after.
	plain := copyCatalog(t)
	ups, _ := filepath.Glob(filepath.Join(plain, "db", "migrations", "*.up.sql"))
	slices.Sort(ups)
	var schema []byte
	for _, f := range ups {
		b, _ := os.ReadFile(f)
		schema = append(append(schema, b...), '\n')
	}
	os.RemoveAll(filepath.Join(plain, "db", "migrations"))
	os.MkdirAll(filepath.Join(plain, "db", "migrations"), 0o755)
	os.WriteFile(filepath.Join(plain, "db", "migrations", "schema.sql"), schema, 0o644)

	emitDir := filepath.Join(t.TempDir(), "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "-C", catalogDir, "--no-code"}, "name the context"},
		{[]string{"plan", "billing", "-C", catalogDir, "--no-code"}, `no context "billing" in faultline.yaml; the contexts are coreproduct, inventory, marketing, pricing`},
		{[]string{"plan", "reviews", "-C", shopDir, "--no-code"}, "nothing to cut"},
		{[]string{"plan", "pricing", "-C", catalogDir, "--format", "sarif"}, "unknown --format"},
		{[]string{"plan", "pricing", "-C", catalogDir, "--no-code", "--force"}, "--force only applies with --emit"},
		{[]string{"plan", "pricing", "-C", plain, "--no-code", "--emit", emitDir}, "faultline plan --emit writes golang-migrate, goose, sql-migrate, dbmate, tern, flyway, atlas, plain"},
	} {
		code, _, errOut := runCLI(t, c.args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if _, err := os.Stat(emitDir); err == nil {
		t.Errorf("a refused --emit created %s", emitDir)
	}
	// Without --emit the same project still gets its plan.
	if code, out, errOut := runCLI(t, "plan", "pricing", "-C", plain, "--no-code"); code != exitClean || !strings.Contains(out, "3. split tables") {
		t.Errorf("plan without --emit on unnumbered migrations: exit %d\n%s%s", code, out, errOut)
	}
	// faultline help CMD prints the usage on standard output, as go help does.
	code, out, errOut := runCLI(t, "help", "plan")
	if code != exitClean || !strings.Contains(out, "usage: faultline plan CONTEXT") {
		t.Errorf("help plan: exit %d, %s%s", code, out, errOut)
	}
}
