package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
)

// faultline init on the catalog example without its faultline.yaml finds the four
// contexts, each owning its folder and its tables, the platform as the shared
// kernel, and leaves the CatalogService facade out.
func TestInitCatalog(t *testing.T) {
	dir := copyCatalog(t)
	file := filepath.Join(dir, "faultline.yaml")
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "init", "-C", dir)
	if code != exitClean || out != "" || !strings.Contains(errOut, "wrote faultline.yaml with 4 context(s)") {
		t.Fatalf("init: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatalf("the written faultline.yaml does not load: %v", err)
	}
	if got, want := cfg.Names(), []string{"coreproduct", "inventory", "marketing", "pricing"}; !slices.Equal(got, want) {
		t.Fatalf("contexts %v, want %v", got, want)
	}
	for pkg, want := range map[string]string{
		"internal/coreproduct":            "coreproduct",
		"internal/coreproduct/repository": "coreproduct",
		"internal/pricing/repository":     "pricing",
		"internal/inventory":              "inventory",
		"internal/marketing":              "marketing",
		"internal/platform/store":         "shared",
		"internal/catalog":                "unowned",
		"cmd/catalog":                     "unowned",
	} {
		if got := cfg.PackageOwner("example.com/catalog/" + pkg).String(); got != want {
			t.Errorf("package %s belongs to %s, want %s", pkg, got, want)
		}
	}
	for table, want := range map[string]string{
		"products":      "coreproduct",
		"categories":    "coreproduct",
		"price_history": "pricing",
		"stock":         "inventory",
		"campaigns":     "marketing",
		"audit_log":     "unowned",
	} {
		if got := cfg.TableOwner("public", table).String(); got != want {
			t.Errorf("table %s belongs to %s, want %s", table, got, want)
		}
	}

	// Never over an existing file without --force; -o - prints the same bytes.
	written, _ := os.ReadFile(file)
	if err := os.WriteFile(file, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "init", "-C", dir)
	if mine, _ := os.ReadFile(file); code != exitUsage || !strings.Contains(errOut, "faultline.yaml already exists") || !strings.Contains(errOut, "--force") || string(mine) != "# mine\n" {
		t.Errorf("init over an existing file: exit %d, file %q\n%s", code, mine, errOut)
	}
	code, out, _ = runCLI(t, "init", "-C", dir, "-o", "-")
	if code != exitClean || out != string(written) {
		t.Errorf("init -o -: exit %d, output differs from the file written before:\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "init", "-C", dir, "--force"); code != exitClean {
		t.Errorf("init --force: exit %d\n%s", code, errOut)
	}
	if again, _ := os.ReadFile(file); string(again) != string(written) {
		t.Errorf("init --force wrote a different file:\n%s", again)
	}

	// The guessed configuration drives a whole check: patterns match packages,
	// and the planted couplings that do not depend on the config's uses are found.
	code, out, errOut = runCLI(t, "check", "-C", dir)
	if code != exitFindings {
		t.Fatalf("check with the inferred configuration: exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"internal/pricing/quote.go:7:2: pricing imports example.com/catalog/internal/coreproduct/repository",
		"[cross-join marketing->inventory]",
		"[foreign-key pricing->coreproduct]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

func TestInitUsage(t *testing.T) {
	dir := copyCatalog(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"init", "-C", dir, "-o", "sub/faultline.yaml"}, "must sit in the directory it describes"},
		{[]string{"init", "-C", dir, "./..."}, `unexpected argument "./..."`},
		{[]string{"init", "-C", filepath.Join(dir, "missing")}, "not a directory"},
		// init reads files only: flags it would ignore are refused.
		{[]string{"init", "-C", dir, "--db", "postgres://localhost/x"}, "flag provided but not defined: -db"},
		{[]string{"init", "-C", dir, "--no-code"}, "flag provided but not defined: -no-code"},
	} {
		if code, _, errOut := runCLI(t, tc.args...); code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", tc.args, code, tc.want, errOut)
		}
	}
	// -o names another file in the directory.
	if code, _, errOut := runCLI(t, "init", "-C", dir, "-o", "guess.yaml"); code != exitClean {
		t.Fatalf("init -o guess.yaml: exit %d\n%s", code, errOut)
	}
	if _, err := config.Load(filepath.Join(dir, "guess.yaml")); err != nil {
		t.Error(err)
	}
}
