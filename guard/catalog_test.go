package guard_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/guard"
	"github.com/faultline/faultline/schema/migrations"
	"github.com/jackc/pgx/v5"
)

// The integration tests run against the server FAULTLINE_TEST_DATABASE_URL names
// (default: the local one, trust auth), each in a database of its own that is
// dropped afterwards. With CI=true a missing server fails them; otherwise they
// are skipped.
const defaultTestURL = "postgres://postgres@127.0.0.1:5432/postgres"

// newDatabase creates a database with a random name, drops it when the test
// ends and returns its URL.
func newDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("FAULTLINE_TEST_DATABASE_URL")
	if admin == "" {
		admin = defaultTestURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL for the integration tests (FAULTLINE_TEST_DATABASE_URL): %v", err)
		}
		t.Skipf("no PostgreSQL for the integration tests (FAULTLINE_TEST_DATABASE_URL): %v", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "faultline_guard_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("FAULTLINE_TEST_DATABASE_URL must be a URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// migrate applies the up migrations of a configuration directory, then seed.
func migrate(t testing.TB, dsn, dir string, paths []string, seed string) {
	t.Helper()
	scripts, _, err := migrations.Load(dir, paths)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, s := range scripts {
		if _, err := conn.Exec(ctx, s.Text); err != nil {
			t.Fatalf("applying %s: %v", s.File, err)
		}
	}
	if _, err := conn.Exec(ctx, seed); err != nil {
		t.Fatalf("seeding: %v", err)
	}
}

const catalogSeed = `
INSERT INTO categories (name) VALUES ('kitchen');
INSERT INTO products (sku, name, category_name, original_price) VALUES
  ('SKU-1', 'kettle', 'kitchen', 30), ('SKU-2', 'toaster', 'kitchen', 45);
INSERT INTO stock (sku, quantity) VALUES ('SKU-1', 10), ('SKU-2', 5);`

// catalogGuard runs the example module guard/testdata/catalogguard against the
// catalog's schema in a fresh database: its code is marketing's, so its tests
// show the guard failing marketing's join of products and stock and its
// transaction over campaigns and stock, passing its own campaigns queries, and
// recording the join. It returns the recording's path.
func catalogGuard(t *testing.T) string {
	t.Helper()
	catalog, err := filepath.Abs("../testdata/catalog")
	if err != nil {
		t.Fatal(err)
	}
	dsn := newDatabase(t)
	migrate(t, dsn, catalog, []string{"db/migrations"}, catalogSeed)
	tmp := t.TempDir()
	allow := allowConfig(t, catalog, tmp)
	record := filepath.Join(tmp, "observed.jsonl")
	cmd := exec.Command("go", "test", "-mod=mod", "-count=1", "-v", ".")
	cmd.Dir = exampleModule(t, catalog)
	cmd.Env = append(os.Environ(),
		"GUARD_EXAMPLE_DSN="+dsn,
		"GUARD_EXAMPLE_CONFIG="+filepath.Join(catalog, "faultline.yaml"),
		"GUARD_EXAMPLE_ALLOW_CONFIG="+allow,
		"GUARD_EXAMPLE_RECORD="+record,
		"CI=true", // the example must run, never skip
	)
	out, err := cmd.CombinedOutput()
	t.Logf("go test in testdata/catalogguard:\n%s", out)
	if err != nil {
		t.Fatalf("the example failed: %v", err)
	}
	for _, name := range []string{"TestFailJoin", "TestFailTransactionStatement", "TestFailTransactionCommit", "TestLibPQ", "TestTracer", "TestRecord"} {
		if !strings.Contains(string(out), "--- PASS: "+name) {
			t.Errorf("%s did not pass", name)
		}
	}
	return record
}

// exampleModule copies the example module to a temporary directory with its
// replace directives made absolute and faultline's go.sum added to its own, so
// that it builds against this checkout however faultline's dependencies moved
// since its go.sum was written (go test -mod=mod completes the rest).
func exampleModule(t *testing.T, catalog string) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/catalogguard")); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod = []byte(strings.NewReplacer("=> ../../../testdata/catalog", "=> "+catalog, "=> ../../..", "=> "+root).Replace(string(mod)))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	own, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"go.mod", mod}, {"go.sum", append(own, sum...)}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// allowConfig copies the catalog's configuration and migrations to dir, with an
// allow entry for marketing's writes of inventory's tables, and returns the
// copy's faultline.yaml.
func allowConfig(t *testing.T, catalog, dir string) string {
	t.Helper()
	if err := os.CopyFS(filepath.Join(dir, "db"), os.DirFS(filepath.Join(catalog, "db"))); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "faultline.yaml"} {
		data, err := os.ReadFile(filepath.Join(catalog, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "faultline.yaml" {
			data = append(data, "allow:\n  - {from: marketing, to: inventory, kind: foreign-table, reason: \"the guard's example: statements pass, the transaction does not\"}\n"...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "faultline.yaml")
}

// TestCatalogExample runs the guard's example on the catalog (see catalogGuard),
// then reads its recording back and has check count it as runtime evidence:
// marketing's join of products and stock, at its call site.
func TestCatalogExample(t *testing.T) {
	record := catalogGuard(t)
	f, err := os.Open(record)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	obs, err := guard.ReadObservations(record, f)
	if err != nil {
		t.Fatal(err)
	}
	var join *guard.Observation
	for i, o := range obs {
		if strings.Contains(o.Statement, "JOIN stock s") {
			join = &obs[i]
		}
	}
	if join == nil {
		t.Fatalf("the recording has no join: %+v", obs)
	}
	if join.Context != "marketing" || join.File != "internal/marketing/campaigns.go" || join.Line != 57 || join.Calls != 2 {
		t.Errorf("join recorded as %+v, want marketing's, at internal/marketing/campaigns.go:57, twice", *join)
	}

	catalog, _ := filepath.Abs("../testdata/catalog")
	cfg, err := config.Load(filepath.Join(catalog, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(context.Background(), check.Options{Dir: catalog, Config: cfg, NoCode: true, Observed: record})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, f := range res.Findings {
		if f.Kind == finding.RuntimeCrossJoin {
			found[f.From+"->"+f.To+" "+f.Position()] = f.Calls == 2
		}
	}
	for _, want := range []string{"marketing->coreproduct internal/marketing/campaigns.go:57", "marketing->inventory internal/marketing/campaigns.go:57"} {
		if ok, seen := found[want]; !seen || !ok {
			t.Errorf("check --observed: no runtime-cross-join %s with 2 calls; runtime findings: %v", want, found)
		}
	}
}
