package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline/faultline/baseline"
)

// The baseline command is tested with --no-code: the CI rule is about the file,
// not about where findings come from, and the code analysis would need a
// faultline binary for go vet (check.Options.VetTool), which cmd has no test hook
// to set. Foreign keys between two contexts' tables make the findings.

const baselineConfig = `version: 1
contexts:
  coreproduct:
    tables: [products]
  pricing:
    tables: [price_history]
  inventory:
    tables: [stock]
sql:
  migrations: [db/migrations]
`

func baselineProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"faultline.yaml": baselineConfig,
		"db/migrations/000001_create_products.up.sql":      "CREATE TABLE products (sku text PRIMARY KEY, name text NOT NULL);\n",
		"db/migrations/000002_create_price_history.up.sql": "CREATE TABLE price_history (\n    id bigint PRIMARY KEY,\n    sku text NOT NULL REFERENCES products (sku)\n);\n",
	}
	for name, text := range files {
		writeFile(t, dir, name, text)
	}
	return dir
}

func writeFile(t testing.TB, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runCaptured runs the command line and returns its exit status and stderr.
func runCaptured(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errs bytes.Buffer
	oldOut, oldErr := stdout, stderr
	stdout, stderr = &out, &errs
	defer func() { stdout, stderr = oldOut, oldErr }()
	code := run(args)
	return code, errs.String()
}

func TestBaselineCIRefusesToCreate(t *testing.T) {
	dir := baselineProject(t)
	t.Setenv("CI", "true")
	code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code")
	if code != exitUsage {
		t.Errorf("exit status %d, want %d; stderr:\n%s", code, exitUsage, errs)
	}
	if !strings.Contains(errs, "in CI (CI=true) a baseline is never created") {
		t.Errorf("stderr does not say why:\n%s", errs)
	}
	if _, err := os.Stat(baseline.Path(dir)); err == nil {
		t.Errorf("the baseline was written")
	}
}

func TestBaselineWriteGrowShrink(t *testing.T) {
	dir := baselineProject(t)
	path := baseline.Path(dir)

	// On a machine: written.
	t.Setenv("CI", "")
	if code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code"); code != exitClean {
		t.Fatalf("exit status %d; stderr:\n%s", code, errs)
	}
	b, err := baseline.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entries) == 0 {
		t.Fatalf("the baseline holds nothing; the foreign key was not found")
	}
	first := b.Len()

	// In CI, unchanged: fine, and the file is left alone.
	t.Setenv("CI", "true")
	before, _ := os.ReadFile(path)
	if code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code"); code != exitClean {
		t.Fatalf("unchanged in CI: exit status %d; stderr:\n%s", code, errs)
	}

	// In CI, a new coupling: refused, nothing written.
	writeFile(t, dir, "db/migrations/000003_create_stock.up.sql", "CREATE TABLE stock (\n    sku text PRIMARY KEY REFERENCES products (sku),\n    quantity int NOT NULL\n);\n")
	code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code")
	if code != exitUsage || !strings.Contains(errs, "may shrink but never grow") || !strings.Contains(errs, "+1 foreign-key inventory->coreproduct") {
		t.Errorf("growing in CI: exit status %d, stderr:\n%s", code, errs)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("the baseline changed although growing was refused")
	}

	// On a machine it grows; then in CI it may shrink.
	t.Setenv("CI", "")
	if code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code"); code != exitClean {
		t.Fatalf("exit status %d; stderr:\n%s", code, errs)
	}
	if b, _ := baseline.Read(path); b.Len() <= first {
		t.Fatalf("the baseline did not grow: %d findings, had %d", b.Len(), first)
	}
	t.Setenv("CI", "true")
	if err := os.Remove(filepath.Join(dir, "db/migrations/000003_create_stock.up.sql")); err != nil {
		t.Fatal(err)
	}
	if code, errs := runCaptured(t, "baseline", "-C", dir, "--no-code"); code != exitClean || !strings.Contains(errs, "wrote faultline.baseline.yaml") {
		t.Fatalf("shrinking in CI: exit status %d; stderr:\n%s", code, errs)
	}
	if b, _ := baseline.Read(path); b.Len() != first {
		t.Errorf("after shrinking the baseline counts %d findings, want %d", b.Len(), first)
	}
}

func TestBaselineRefusesPackages(t *testing.T) {
	if code, _ := runCaptured(t, "baseline", "./internal/..."); code != exitUsage {
		t.Errorf("exit status %d, want %d", code, exitUsage)
	}
}

func TestInCI(t *testing.T) {
	for v, want := range map[string]bool{"": false, "true": true, "1": true, "false": false, "0": false, "yes": true} {
		t.Setenv("CI", v)
		if got := inCI(); got != want {
			t.Errorf("CI=%q: inCI() = %v, want %v", v, got, want)
		}
	}
}
