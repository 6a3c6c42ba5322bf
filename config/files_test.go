package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const layered = `version: 1
contexts:
  subscribers:
    packages: [internal/subs/...]
    files: [internal/core/subscribers*.go, cmd/subscribers.go]
    queries: [queries/subscribers.sql, "queries/misc.sql#get-subscriber-count"]
  campaigns:
    files: ["internal/core/campaign*.go", cmd/campaigns.go]
    queries: ["queries/*.sql", "queries/misc.sql#get-*"]
shared:
  packages: [internal/platform/...]
  files: [internal/core/core.go, internal/core/missing_*.go]
  queries: ["queries/misc.sql#get-settings"]
`

func TestFilesAndQueries(t *testing.T) {
	dir := writeModule(t, layered)
	for _, f := range []string{"internal/core/core.go", "internal/core/subscribers.go", "internal/core/campaigns.go", "internal/core/lists.go", "cmd/subscribers.go"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"internal/core/subscribers.go":         "subscribers",
		"internal/core/subscribers_test.go":    "subscribers",
		"internal/core/campaigns.go":           "campaigns",
		"internal/core/core.go":                "shared",
		"internal/core/lists.go":               "unowned",
		filepath.Join(dir, "cmd/campaigns.go"): "campaigns",
	} {
		o, ok := cfg.FileOwner(file)
		if o.String() != want || ok != (want != "unowned") {
			t.Errorf("FileOwner(%s) = %v, %v; want %s", file, o, ok, want)
		}
	}
	if o := cfg.ObjectOwner("example.com/catalog/internal/subs", filepath.Join(dir, "internal/subs/x.go")); o.Context != "subscribers" {
		t.Errorf("ObjectOwner of a package file = %v, want subscribers by its package", o)
	}
	if !cfg.SplitPackage("example.com/catalog/internal/core") || cfg.SplitPackage("example.com/catalog/internal/subs") {
		t.Errorf("SplitPackage: internal/core is split by files, internal/subs is not")
	}
	for q, want := range map[string]string{
		"queries/subscribers.sql#get-subscriber": "subscribers", // the file beats campaigns' glob
		"queries/misc.sql#get-subscriber-count":  "subscribers", // an exact name beats a name glob
		"queries/misc.sql#get-dashboard":         "campaigns",   // a name glob beats the glob of files
		"queries/misc.sql#get-settings":          "shared",      // exact, in the shared kernel
		"queries/misc.sql#update-settings":       "campaigns",   // only the glob of files
		"queries/lists.sql#x":                    "campaigns",
		"other/lists.sql#x":                      "",
	} {
		file, name, _ := strings.Cut(q, "#")
		var got []string
		for _, o := range cfg.QueryOwners(file, name) {
			got = append(got, o.String())
		}
		if strings.Join(got, ",") != want {
			t.Errorf("QueryOwners(%s) = %v, want %s", q, got, want)
		}
	}
	ws := cfg.FileWarnings()
	if len(ws) != 2 {
		t.Fatalf("FileWarnings = %+v, want the two globs matching nothing", ws)
	}
	if ws[0].Subject != "files internal/core/missing_*.go" || ws[0].Line != 12 || ws[1].Subject != "files cmd/campaigns.go" || ws[1].From != "campaigns" {
		t.Errorf("FileWarnings = %+v", ws)
	}
}

func TestFilesErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"version: 1\ncontexts:\n  a:\n    files: [/abs/x.go]\n", "4:13: context a files entry \"/abs/x.go\" must be relative"},
		{"version: 1\ncontexts:\n  a:\n    files: [../x.go]\n", "must be relative"},
		{"version: 1\ncontexts:\n  a:\n    files: [\"x[.go\"]\n", "is not a valid glob"},
		{"version: 1\ncontexts:\n  a:\n    files: [internal/core]\n", "names no Go file"},
		{"version: 1\ncontexts:\n  a:\n    files: [x.go]\n  b:\n    files: [x.go]\n", "6:13: files entry \"x.go\" is claimed by both a and b"},
		{"version: 1\ncontexts:\n  a:\n    queries: [\"q.sql#\"]\n", "after # comes a query name"},
		{"version: 1\ncontexts:\n  a:\n    queries: [\"#x\"]\n", "names no file"},
		{"version: 1\nshared:\n  files: [7]\n  bogus: [x]\ncontexts:\n  a: {}\n", "unknown key \"bogus\" in shared"},
	} {
		_, err := Parse("faultline.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
