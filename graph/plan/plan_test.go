package plan_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/graph/plan"
	"github.com/faultline/faultline/schema/migrations"
)

// planDir writes a project of one faultline.yaml and migration files, checks
// it and plans context x.
func planDir(t *testing.T, yaml string, files map[string]string, x string) (*plan.Plan, error) {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "faultline.yaml"), []byte(yaml), 0o644)
	os.MkdirAll(filepath.Join(dir, "db"), 0o755)
	for name, text := range files {
		os.WriteFile(filepath.Join(dir, "db", name), []byte(text), 0o644)
	}
	cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(context.Background(), check.Options{Dir: dir, Config: cfg, NoCode: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(plan.Input{Config: cfg, Catalog: res.Catalog, Findings: res.Findings}, x)
	if err != nil {
		return nil, err
	}
	scripts, _, err := migrations.Load(dir, []string{"db"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := plan.NewLayout(scripts)
	if err != nil {
		t.Fatal(err)
	}
	p.SetLayout(l)
	return p, nil
}

const twoContexts = "version: 1\ncontexts:\n  a:\n    tables: [t]\n  b:\n    tables: [u]\n    uses: [a]\nsql:\n  migrations: [db]\n"

// TestHostileNames: object names are quoted into anything; the files the
// plan writes stay inside the emit directory.
func TestHostileNames(t *testing.T) {
	p, err := planDir(t, twoContexts, map[string]string{
		"001_init.up.sql": `CREATE TABLE t (id int PRIMARY KEY);
CREATE TABLE u (id int PRIMARY KEY, t_id int CONSTRAINT "../../evil" REFERENCES t (id));`,
	}, "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Migrations) != 1 {
		t.Fatalf("%d migrations, want 1", len(p.Migrations))
	}
	for _, f := range p.Files() {
		if strings.Contains(f.Path, "..") || filepath.IsAbs(f.Path) {
			t.Errorf("file %q leaves the emit directory", f.Path)
		}
	}
	if up := strings.Join(p.Migrations[0].Up, "\n"); !strings.Contains(up, `DROP CONSTRAINT "../../evil"`) {
		t.Errorf("the constraint is not quoted: %s", up)
	}
}

func TestBuildErrors(t *testing.T) {
	files := map[string]string{"001_init.up.sql": "CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE u (id int PRIMARY KEY);"}
	_, err := planDir(t, twoContexts, files, "c")
	var unknown *plan.UnknownContextError
	if !errors.As(err, &unknown) || !strings.Contains(err.Error(), "the contexts are a, b") {
		t.Errorf("unknown context: %v", err)
	}
	_, err = planDir(t, twoContexts, files, "a")
	var nothing *plan.NothingToCutError
	if !errors.As(err, &nothing) {
		t.Errorf("nothing to cut: %v", err)
	}
	// A shared table without a primary key cannot be split: the plan says
	// what to do first instead of writing a split that loses rows.
	shared := "version: 1\ncontexts:\n  a:\n    tables: [t]\n  b:\n    columns: [t.price]\n    uses: [a]\nsql:\n  migrations: [db]\n"
	_, err = planDir(t, shared, map[string]string{"001_init.up.sql": "CREATE TABLE t (id int, price int);"}, "b")
	if err == nil || !strings.Contains(err.Error(), "has no primary key") {
		t.Errorf("split without a key: %v", err)
	}
}
