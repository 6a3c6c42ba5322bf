package infer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/infer"
)

// Schemas are found wherever a project keeps them: sqlc's schema, folders of
// migrations of any tool at any depth (nested per database, Atlas's atlas.sum),
// and a root schema.sql only when there is nothing else.
func TestSchemaDiscovery(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"sqlc", map[string]string{
			"sqlc.yaml":            "version: \"2\"\nsql:\n  - engine: postgresql\n    schema: db/schema\n    queries: db/query\n",
			"db/schema/001.sql":    "CREATE TABLE a (id int);\n",
			"db/query/a.sql":       "-- name: A :one\nSELECT id FROM a;\n",
			"internal/a/a.go":      "package a\n",
			"tools/migrate/000.go": "package migrate\n",
		}, []string{"db/schema"}},
		{"nested and atlas", map[string]string{
			"services/store/migrations/postgres/001_a.up.sql": "CREATE TABLE a (id int);\n",
			"deploy/atlas/atlas.sum":                          "h1:x\n",
			"deploy/atlas/20240101_b.sql":                     "CREATE TABLE b (id int);\n",
			"schema.sql":                                      "CREATE TABLE c (id int);\n",
			"internal/a/a.go":                                 "package a\n\nconst q = `SELECT id FROM a`\n",
		}, []string{"deploy/atlas", "services/store/migrations/..."}},
		{"root schema.sql", map[string]string{
			"schema.sql":      "CREATE TABLE c (id int);\n",
			"queries/c.sql":   "-- name: get-c\nSELECT id FROM c;\n",
			"internal/c/c.go": "package c\n",
		}, []string{"schema.sql"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := infer.Infer(write(t, tc.files))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Migrations.Values, tc.want) {
				t.Errorf("migrations %v, want %v", r.Migrations.Values, tc.want)
			}
			load(t, r)
		})
	}
}

// The newsletter monolith: one domain package split by file, named queries in
// queries/ bound by struct tags, schema.sql at the root, Go migrations and
// infrastructure folders.
func TestNewsletter(t *testing.T) {
	r, err := infer.Infer("testdata/newsletter")
	if err != nil {
		t.Fatal(err)
	}
	cfg := load(t, r)
	want := []string{"bounces", "campaigns", "lists", "manager", "media", "settings", "subscribers", "templates", "users"}
	if got := cfg.Names(); !slices.Equal(got, want) {
		t.Errorf("contexts %v, want %v", got, want)
	}
	if !slices.Equal(r.Migrations.Values, []string{"schema.sql"}) {
		t.Errorf("migrations %v, want the root schema.sql", r.Migrations.Values)
	}
	// Infrastructure (no tables) is the shared kernel, with what is left of the
	// split domain package (core.go).
	wantShared := []string{"internal/captcha/...", "internal/core/...", "internal/i18n/...", "internal/media/..."}
	if !slices.Equal(r.Shared.Values, wantShared) {
		t.Errorf("shared %v, want %v", r.Shared.Values, wantShared)
	}
	subs := context(t, r, "subscribers")
	if !slices.Equal(subs.Files.Values, []string{"cmd/subscribers.go", "internal/core/subscribers.go"}) {
		t.Errorf("subscribers files %v", subs.Files.Values)
	}
	if !slices.Equal(tables(subs), []string{"subscriber_lists", "subscribers"}) {
		t.Errorf("subscribers tables %v", tables(subs))
	}
	// The Go migrations write settings and subscribers; they are no context.
	var left []string
	for _, g := range r.LeftOut {
		left = append(left, g.Values...)
	}
	if !slices.Contains(left, "internal/migrations") {
		t.Errorf("left out %v, want internal/migrations", left)
	}
	if strings.Contains(string(r.YAML()), "migrations:\n    # ") && strings.Contains(string(r.YAML()), "  migrations:\n") {
		t.Errorf("a migrations context:\n%s", r.YAML())
	}
	again, err := infer.Infer("testdata/newsletter")
	if err != nil || string(again.YAML()) != string(r.YAML()) {
		t.Errorf("a second run writes other bytes (%v)", err)
	}
	if infer.FilesKey != strings.Contains(string(r.YAML()), "\n    files: [") {
		t.Errorf("files: written %v, config takes it %v", !infer.FilesKey, infer.FilesKey)
	}
}
