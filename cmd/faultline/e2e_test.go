package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/report"
)

// TestMain builds the faultline binary once: faultline check runs it under go vet.
// It serves as a layout worker first when Layout starts it as one.
func TestMain(m *testing.M) {
	report.ServeLayout() // the test binary is also the layout worker of graph --format svg|html
	dir, err := os.MkdirTemp("", "faultline-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	vetTool = filepath.Join(dir, "faultline")
	if out, err := exec.Command("go", "build", "-o", vetTool, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building faultline: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var catalogDir = filepath.Join("..", "..", "testdata", "catalog")

// runCLI runs the command in-process and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	stdout, stderr = &out, &errOut
	defer func() { stdout, stderr = os.Stdout, os.Stderr }()
	code := run(args)
	return code, out.String(), errOut.String()
}

// copyCatalog copies the catalog example to a temporary directory.
func copyCatalog(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	copyTree(t, catalogDir, dst)
	return dst
}

func TestCheckCatalogJSON(t *testing.T) {
	code, out, errOut := runCLI(t, "check", "-C", catalogDir, "--format", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	var doc struct {
		Findings []finding.Finding `json:"findings"`
		Summary  map[string]any    `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	got := map[string]finding.Finding{}
	for _, f := range doc.Findings {
		got[fmt.Sprintf("%s:%d %s %s->%s", f.File, f.Line, f.Kind, f.From, f.To)] = f
		if f.Message == "" || f.Fix == "" || f.Subject == "" || f.Severity == "" {
			t.Errorf("finding lacks a field: %+v", f)
		}
	}
	// The planted couplings of testdata/catalog/README.md.
	for _, want := range []string{
		"internal/pricing/quote.go:7 private pricing->coreproduct",
		"internal/pricing/sale.go:13 private pricing->coreproduct",
		"internal/marketing/service.go:12 import marketing->inventory",
		"internal/pricing/quote.go:21 foreign-table pricing->coreproduct",
		"internal/pricing/repository/prices.go:58 foreign-table pricing->coreproduct",
		"internal/pricing/repository/history.go:54 foreign-table pricing->coreproduct",
		"internal/pricing/repository/history.go:42 cross-transaction pricing->coreproduct",
		"internal/marketing/campaigns.go:57 cross-join marketing->coreproduct",
		"internal/marketing/campaigns.go:57 cross-join marketing->inventory",
		"db/queries/pricing/prices.sql:7 foreign-table pricing->coreproduct",
		"db/migrations/000001_create_products.up.sql:3 shared-table pricing->coreproduct",
		"db/migrations/000003_create_price_history.up.sql:9 foreign-key pricing->coreproduct",
		"db/migrations/000006_create_stock.up.sql:2 foreign-key inventory->coreproduct",
		"db/migrations/000008_create_available_products.up.sql:2 view inventory->coreproduct",
	} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing finding %s", want)
		}
	}
	if f := got["internal/pricing/repository/history.go:54 foreign-table pricing->coreproduct"]; f.Severity != finding.Error || f.Access != finding.Write {
		t.Errorf("a foreign write must be an error: %+v", f)
	}
	if f := got["internal/pricing/quote.go:7 private pricing->coreproduct"]; f.Column == 0 || !strings.Contains(f.Fix, "api") {
		t.Errorf("private import finding: %+v", f)
	}
	// Pricing's own columns of products (read by the cross-system key, or
	// written: UPDATE products SET is_on_sale ... WHERE sku) are never
	// foreign-table: they are the split's work, listed on products'
	// shared-table finding.
	if f, ok := got["internal/pricing/repository/prices.go:74 foreign-table pricing->coreproduct"]; ok {
		t.Errorf("pricing writing its own is_on_sale was reported as foreign: %+v", f)
	}
	var split []string
	for _, st := range got["db/migrations/000001_create_products.up.sql:3 shared-table pricing->coreproduct"].Statements {
		split = append(split, fmt.Sprintf("%s %s %s", st.Position(), st.Access, strings.Join(st.Columns, ",")))
	}
	for _, want := range []string{
		"internal/pricing/repository/prices.go:74:36 write public.products.is_on_sale",
		"internal/pricing/repository/prices.go:44:35 read public.products.is_on_sale,public.products.original_price,public.products.sale_price",
		"db/queries/pricing/prices.sql:17:1 write public.products.is_on_sale,public.products.sale_price",
	} {
		if !slices.Contains(split, want) {
			t.Errorf("the shared-table finding of products lacks the statement %s; it has:\n%s", want, strings.Join(split, "\n"))
		}
	}
	for _, f := range doc.Findings {
		if f.Kind == finding.SharedTable && f.Severity == finding.Info {
			t.Errorf("split work left on its own although the catalog has the table's finding: %+v", f)
		}
	}
}

func TestGoVetTool(t *testing.T) {
	cmd := exec.Command("go", "vet", "-vettool="+vetTool, "./...")
	cmd.Dir = catalogDir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet exited 0 on the catalog example:\n%s", out)
	}
	for _, want := range []string{
		"internal/pricing/quote.go:7:2: pricing imports example.com/catalog/internal/coreproduct/repository",
		"internal/pricing/sale.go:13:",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "version: 1\ncontexts:\n  pricing:\n    packages: [internal/pricing/...]\n    colour: blue\n", "faultline.yaml:5:5: unknown key \"colour\""},
		{"unknown uses", "version: 1\ncontexts:\n  pricing:\n    packages: [internal/pricing/...]\n    uses: [nosuch]\n", "faultline.yaml:5:12: context pricing uses \"nosuch\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyCatalog(t)
			if err := os.WriteFile(filepath.Join(dir, "faultline.yaml"), []byte(tc.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCLI(t, "check", "-C", dir)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, errOut, tc.want)
			}
		})
	}
}

func TestBaselineRatchet(t *testing.T) {
	// Writing the first baseline is a developer's step, never CI's.
	t.Setenv("CI", "")
	dir := copyCatalog(t)
	if code, _, errOut := runCLI(t, "baseline", "-C", dir); code != exitClean {
		t.Fatalf("baseline: exit %d\n%s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "check", "-C", dir); code != exitClean {
		t.Fatalf("check after baseline: exit %d\n%s%s", code, out, errOut)
	}

	// A baselined query that gains a column keeps its key (the subject names
	// the function and the table, not the columns): still known, exit 0.
	prices := filepath.Join(dir, "internal", "pricing", "repository", "prices.go")
	src, err := os.ReadFile(prices)
	if err != nil {
		t.Fatal(err)
	}
	grown := strings.Replace(string(src), "WHERE category_name = $1 AND is_active", "WHERE category_name = $1 AND is_active AND name <> ''", 1)
	if grown == string(src) {
		t.Fatal("prices.go no longer has RangeInCategory's WHERE clause")
	}
	if err := os.WriteFile(prices, []byte(grown), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "check", "-C", dir); code != exitClean {
		t.Fatalf("check after RangeInCategory also reads products.name: exit %d, want 0 (the grown finding is known)\n%s%s", code, out, errOut)
	}
	if _, out, _ := runCLI(t, "check", "-C", dir, "--no-baseline", "--format", "json"); !strings.Contains(out, `"public.products.name"`) {
		t.Fatalf("the grown query's finding does not name products.name:\n%s", out)
	}

	// One new cross-context import fails the check, naming only it.
	newFile := filepath.Join(dir, "internal", "inventory", "leak.go")
	leak := "package inventory\n\nimport _ \"example.com/catalog/internal/pricing/repository\"\n"
	if err := os.WriteFile(newFile, []byte(leak), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "check", "-C", dir)
	if code != exitFindings || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "internal/inventory/leak.go:3:8") {
		t.Errorf("check with a new import: exit %d, want 1 and one line naming leak.go:\n%s", code, out)
	}
	os.Remove(newFile)

	// Removing a baselined coupling (the trigger's migration) makes its entry stale.
	for _, f := range []string{"000005_log_list_price_changes.up.sql", "000005_log_list_price_changes.down.sql"} {
		if err := os.Remove(filepath.Join(dir, "db", "migrations", f)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ = runCLI(t, "check", "-C", dir)
	if code != exitFindings || !strings.Contains(out, "stale-baseline") || !strings.Contains(out, "trigger") {
		t.Errorf("check after removing a coupling: exit %d, want 1 naming the stale entry:\n%s", code, out)
	}

	// In CI a missing baseline is never created.
	fresh := copyCatalog(t)
	t.Setenv("CI", "true")
	if code, _, errOut := runCLI(t, "baseline", "-C", fresh, "--no-code"); code != exitUsage {
		t.Errorf("baseline in CI without a file: exit %d, want 2\n%s", code, errOut)
	}
}

// testDatabase creates a database with a random name on the integration server
// and returns its DSN; it is dropped when the test ends. Without a server the
// test skips, except in CI, where the integration tests must run.
func testDatabase(t *testing.T) string {
	t.Helper()
	server := os.Getenv("FAULTLINE_TEST_DATABASE_URL")
	if server == "" {
		server = "postgres://postgres@127.0.0.1:5432/postgres"
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL for the integration tests (FAULTLINE_TEST_DATABASE_URL): %v", err)
		}
		t.Skipf("no PostgreSQL for the integration tests: %v", err)
	}
	name := fmt.Sprintf("faultline_e2e_%d", rand.Int64N(1<<40))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close(context.Background())
	})
	cfg, err := pgx.ParseConfig(server)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, name)
}

// schemaKeys runs check and returns the keys of its schema findings.
func schemaKeys(t *testing.T, args ...string) map[string]bool {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"check", "--format", "json", "--no-code", "--no-baseline"}, args...)...)
	if code != exitFindings {
		t.Fatalf("check %v: exit %d\n%s", args, code, errOut)
	}
	var doc struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, f := range doc.Findings {
		switch f.Kind {
		case finding.ForeignKey, finding.Trigger, finding.View, finding.Function, finding.Sequence, finding.SharedTable, finding.UnownedTable, finding.Drift:
			keys[f.Key()] = true
		}
	}
	return keys
}

func TestLiveDatabase(t *testing.T) {
	dsn := testDatabase(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	ups, _ := filepath.Glob(filepath.Join(catalogDir, "db", "migrations", "*.up.sql"))
	for _, f := range ups {
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, string(sql)); err != nil {
			t.Fatalf("applying %s: %v", f, err)
		}
	}

	// The database alone, with a configuration that names no migrations, gives
	// the schema findings the migrations give.
	fromFiles := schemaKeys(t, "-C", catalogDir)
	dbOnly := copyCatalog(t)
	cfg := mustReplace(t, filepath.Join(dbOnly, "faultline.yaml"), "sql:\n  migrations: [db/migrations]\n", "")
	if err := os.WriteFile(filepath.Join(dbOnly, "faultline.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	fromDB := schemaKeys(t, "-C", dbOnly, "--db", dsn)
	for k := range fromFiles {
		if !fromDB[k] {
			t.Errorf("the migrations report %s, the database does not", k)
		}
	}
	for k := range fromDB {
		if !fromFiles[k] {
			t.Errorf("the database reports %s, the migrations do not", k)
		}
	}

	// A hand-made change to the database shows up as drift.
	if _, err := conn.Exec(ctx, "ALTER TABLE products ADD COLUMN legacy_code text"); err != nil {
		t.Fatal(err)
	}
	both := schemaKeys(t, "-C", catalogDir, "--db", dsn)
	found := false
	for k := range both {
		if strings.HasPrefix(k, "drift ") && strings.Contains(k, "legacy_code") {
			found = true
		}
	}
	if !found {
		t.Errorf("no drift finding names products.legacy_code: %v", both)
	}
}

func TestUnreachableDatabase(t *testing.T) {
	code, out, errOut := runCLI(t, "check", "-C", catalogDir, "--no-code", "--db", "postgres://app:hunter2secret@127.0.0.1:1/catalog")
	if code != exitCannot {
		t.Errorf("exit %d, want 3\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "hunter2secret") {
		t.Errorf("the password shows in the output:\n%s%s", out, errOut)
	}
	// The migrations' findings are printed first; the database's failure is one
	// sentence after them.
	if !strings.Contains(out, "[foreign-key pricing->coreproduct]") {
		t.Errorf("the migrations' findings are lost:\n%s", out)
	}
	if n := strings.Count(errOut, "cannot connect to postgres://app@127.0.0.1:1/catalog: connection refused; is the server running and is --db right?\n"); n != 1 {
		t.Errorf("want the connection error once, got:\n%s", errOut)
	}
}

// mustReplace returns the file's content with old replaced by new.
func mustReplace(t *testing.T, path, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

var updateFixture = flag.Bool("update-fixture", false, "rewrite graph/testdata/catalog.json from a real check of testdata/catalog")

// TestCatalogFixture keeps graph/testdata/catalog.json, from which the graph and
// report golden files are drawn, equal to what faultline really finds on the
// catalog example; -update-fixture rewrites it.
func TestCatalogFixture(t *testing.T) {
	cfg, code := (&common{dir: catalogDir}).loadConfig()
	if cfg == nil {
		t.Fatalf("loading the catalog's configuration: exit %d", code)
	}
	res, err := check.Run(context.Background(), check.Options{Dir: cfg.Dir, Config: cfg, VetTool: vetTool})
	if err != nil {
		t.Fatal(err)
	}
	type fixture struct {
		Comment    string              `json:"comment"`
		Findings   []finding.Finding   `json:"findings"`
		References []finding.Reference `json:"references"`
	}
	got, err := json.MarshalIndent(fixture{
		Comment:    "What faultline check finds on testdata/catalog, written by `go test ./cmd/faultline -run TestCatalogFixture -update-fixture`. Paths are relative to testdata/catalog.",
		Findings:   res.Findings,
		References: res.References,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("..", "..", "graph", "testdata", "catalog.json")
	if *updateFixture {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("graph/testdata/catalog.json is not what faultline finds on testdata/catalog; run `go test ./cmd/faultline -run TestCatalogFixture -update-fixture`, then `go test ./report -update`")
	}
}

func TestPatternMatchingNoPackage(t *testing.T) {
	dir := copyCatalog(t)
	cfg := mustReplace(t, filepath.Join(dir, "faultline.yaml"), "packages: [internal/pricing/...]", "packages: [internal/pricng/...]")
	if err := os.WriteFile(filepath.Join(dir, "faultline.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "check", "-C", dir)
	if code != exitUsage || !strings.Contains(errOut, `faultline.yaml:9:16: pricing pattern "internal/pricng/..." matches no package`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// A faultline:ignore comment with a reason silences its finding under go vet as
// under faultline check.
func TestIgnoreComment(t *testing.T) {
	dir := copyCatalog(t)
	quote := filepath.Join(dir, "internal", "pricing", "quote.go")
	src := mustReplace(t, quote, "\tcoreproducts \"example.com/catalog/internal/coreproduct/repository\"",
		"\t//faultline:ignore private the quote moves to coreproduct's API in TICKET-31\n\tcoreproducts \"example.com/catalog/internal/coreproduct/repository\"")
	if err := os.WriteFile(quote, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-vettool="+vetTool, "./internal/pricing/...")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	if strings.Contains(string(out), "quote.go:8:") || !strings.Contains(string(out), "sale.go:13:") {
		t.Errorf("go vet with the ignore comment:\n%s", out)
	}
	_, text, _ := runCLI(t, "check", "-C", dir)
	if strings.Contains(text, "quote.go:8:") || strings.Contains(text, "unused-ignore") {
		t.Errorf("check with the ignore comment:\n%s", text)
	}
}
