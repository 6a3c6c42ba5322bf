package churn

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
)

const shopConfig = `version: 1
contexts:
  alpha:
    packages: [internal/alpha/...]
    tables: [alpha]
    queries: [db/queries/alpha/*.sql]
  beta:
    packages: [internal/beta/...]
    tables: [beta]
    columns: [alpha.beta_note]
    value: 2
sql:
  migrations: [db/migrations]
`

// shop builds a git repository whose history is known, with a module in the
// subdirectory shop/ so that paths from git need the prefix.
func shop(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	top := t.TempDir()
	dir := filepath.Join(top, "shop")
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", top}, args...)...)
		cmd.Env = append(os.Environ(),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_CONFIG_NOSYSTEM=1", "HOME="+top)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(date, msg string) {
		git(date, "add", "-A")
		git(date, "commit", "-q", "-m", msg)
	}
	git("2001-01-01T00:00:00Z", "init", "-q")
	write("go.mod", "module example.com/shop\n\ngo 1.22\n")
	write("faultline.yaml", shopConfig)
	write("internal/alpha/a.go", "package alpha\n")
	write("internal/beta/b.go", "package beta\n")
	write("db/migrations/001_alpha.up.sql", "CREATE TABLE alpha (id int);\n")
	commit("2001-01-01T00:00:00Z", "start, before the window")

	write("internal/alpha/a.go", "package alpha // 1\n")
	commit("2021-01-01T00:00:00Z", "alpha changes")
	write("internal/beta/b.go", "package beta // 1\n")
	write("db/migrations/002_beta.up.sql", "CREATE TABLE beta (id int);\n")
	commit("2021-02-01T00:00:00Z", "beta and its table")
	for i := range 31 {
		write(fmt.Sprintf("internal/alpha/gen%02d.go", i), "package alpha\n")
	}
	commit("2021-03-01T00:00:00Z", "a mass change, left out")
	write("db/migrations/003_note.up.sql", "ALTER TABLE alpha ADD COLUMN beta_note text;\n")
	commit("2021-04-01T00:00:00Z", "beta's column in alpha's table: both")
	write("db/queries/alpha/q.sql", "SELECT id FROM alpha;\n")
	commit("2021-05-01T00:00:00Z", "alpha's queries")
	write("README", "outside every context\n")
	commit("2021-06-01T00:00:00Z", "docs")
	return dir
}

func TestMeasure(t *testing.T) {
	dir := shop(t)
	cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res := Measure(context.Background(), cfg, Options{Since: "2020-01-01"})
	if !res.Git {
		t.Fatalf("Git = false: %s", res.Note)
	}
	if res.Commits != 6 || res.Skipped != 1 {
		t.Errorf("commits %d, skipped %d; want 6 and 1", res.Commits, res.Skipped)
	}
	want := map[string]int{"alpha": 3, "beta": 2}
	for name, n := range want {
		if got := res.Values[name].Commits; got != n {
			t.Errorf("%s: %d commits, want %d", name, got, n)
		}
	}
	if v := res.Values["beta"]; v.Base != 2 || v.Value <= 2 {
		t.Errorf("beta's value %+v: want base 2 and more than 2", v)
	}
	if !strings.Contains(res.Notes()["alpha"], "3 commits since 2020-01-01") {
		t.Errorf("alpha's note %q", res.Notes()["alpha"])
	}
	if len(res.CoChanges) != 1 || res.CoChanges[0].A != "alpha" || res.CoChanges[0].B != "beta" || len(res.CoChanges[0].Commits) != 1 || len(res.CoChanges[0].Commits[0]) != 12 {
		t.Errorf("co-changes %+v: want alpha and beta in one commit", res.CoChanges)
	}
	again := Measure(context.Background(), cfg, Options{Since: "2020-01-01"})
	if fmt.Sprint(again.Values) != fmt.Sprint(res.Values) {
		t.Errorf("not deterministic: %v then %v", res.Values, again.Values)
	}
}

func TestMeasureWithoutGit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "faultline.yaml"), []byte(shopConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	// Keep git from finding a repository above the temporary directory.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res := Measure(context.Background(), cfg, Options{})
	if res.Git || res.Note == "" {
		t.Errorf("Git %v, note %q: want the configured values and a note", res.Git, res.Note)
	}
	if res.Values["alpha"].Value != 1 || res.Values["beta"].Value != 2 {
		t.Errorf("values %v: want the configured 1 and 2", res.Values)
	}
}

func TestSince(t *testing.T) {
	for in, want := range map[string]string{
		"":           "12 months ago",
		"90d":        "90 days ago",
		"6m":         "6 months ago",
		"1y":         "1 years ago",
		"2 weeks":    "2 weeks ago",
		"2024-01-31": "2024-01-31",
	} {
		if got := since(in); got != want {
			t.Errorf("since(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLog(t *testing.T) {
	out := "\x1eaaa\n\nx/a.go\n\"x/sp\\303\\251cial.go\"\n\x1ebbb\n\x1eccc\n\ny.go\r\n"
	got := parseLog([]byte(out))
	if len(got) != 3 || got[0].hash != "aaa" || len(got[0].files) != 2 || got[0].files[1] != "x/spécial.go" ||
		len(got[1].files) != 0 || got[2].files[0] != "y.go" {
		t.Errorf("parseLog = %+v", got)
	}
}
