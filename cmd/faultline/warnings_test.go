package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// A table entry that matches nothing is a warning at its faultline.yaml:line:col,
// on stderr and in JSON; it never fails the check, needs no baseline, and the
// bookkeeping tables of migration tools draw none.
func TestConfigWarningsNeverFail(t *testing.T) {
	t.Setenv("CI", "")
	dir := copyCatalog(t)
	file := filepath.Join(dir, "faultline.yaml")
	writeFile(t, dir, "faultline.yaml", string(mustReplace(t, file, "tables: [price_history]", "tables: [price_history, price_history_2019]")))
	writeFile(t, dir, "faultline.yaml", string(mustReplace(t, file, "shared:\n", "shared:\n  tables: [schema_migrations, goose_db_version, public.flyway_schema_history]\n")))

	code, _, errOut := runCLI(t, "baseline", "-C", dir, "--no-code")
	if code != exitClean {
		t.Fatalf("baseline: exit %d\n%s", code, errOut)
	}
	code, out, errOut := runCLI(t, "check", "-C", dir, "--no-code")
	if code != exitClean || strings.TrimSpace(out) != "" {
		t.Fatalf("check after baseline: exit %d, want 0 and no output\n%s%s", code, out, errOut)
	}
	want := regexp.MustCompile(`(?m)^faultline\.yaml:10:29: warning: table entry "price_history_2019" of context pricing matches no table`)
	if !want.MatchString(errOut) {
		t.Errorf("stderr lacks the warning at faultline.yaml:10:29:\n%s", errOut)
	}
	for _, name := range config.Bookkeeping {
		if strings.Contains(errOut, name) {
			t.Errorf("a migration tool's table drew a warning:\n%s", errOut)
		}
	}

	code, out, errOut = runCLI(t, "check", "-C", dir, "--no-code", "--no-baseline", "--format", "json")
	if code != exitFindings {
		t.Fatalf("check --no-baseline: exit %d, want 1 (the catalog's couplings)\n%s", code, errOut)
	}
	var doc struct {
		Findings []finding.Finding `json:"findings"`
		Warnings []config.Warning  `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].File != "faultline.yaml" || doc.Warnings[0].Line != 10 || doc.Warnings[0].Column != 29 {
		t.Errorf("JSON warnings = %+v, want one at faultline.yaml:10:29", doc.Warnings)
	}
	for _, f := range doc.Findings {
		if f.Kind == finding.Config {
			t.Errorf("a configuration warning came out as a finding: %+v", f)
		}
	}
}
