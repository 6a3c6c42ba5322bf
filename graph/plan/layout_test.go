package plan

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/schema/migrations"
)

// TestLayoutFormats writes two migrations after an existing one in each
// format and reads the directory back with the loader check uses: the new
// files come after the old one, in order, in the same format, with only
// their up statements applied.
func TestLayoutFormats(t *testing.T) {
	cases := []struct {
		format       migrations.Format
		files        map[string]string
		wantNames    []string
		downElsewere bool
	}{
		{migrations.GolangMigrate, map[string]string{"000009_init.up.sql": "CREATE TABLE t1 (id int);", "000009_init.down.sql": "DROP TABLE t1;"},
			[]string{"000010_a.up.sql", "000010_a.down.sql", "000011_b.up.sql", "000011_b.down.sql"}, false},
		{migrations.Goose, map[string]string{"00009_init.sql": "-- +goose Up\nCREATE TABLE t1 (id int);\n-- +goose Down\nDROP TABLE t1;\n"},
			[]string{"00010_a.sql", "00011_b.sql"}, false},
		{migrations.SQLMigrate, map[string]string{"9_init.sql": "-- +migrate Up\nCREATE TABLE t1 (id int);\n-- +migrate Down\nDROP TABLE t1;\n"},
			[]string{"10_a.sql", "11_b.sql"}, false},
		{migrations.Dbmate, map[string]string{"20240101120009_init.sql": "-- migrate:up\nCREATE TABLE t1 (id int);\n-- migrate:down\nDROP TABLE t1;\n"},
			[]string{"20240101120010_a.sql", "20240101120011_b.sql"}, false},
		{migrations.Tern, map[string]string{"009_init.sql": "CREATE TABLE t1 (id int);\n---- create above / drop below ----\nDROP TABLE t1;\n"},
			[]string{"010_a.sql", "011_b.sql"}, false},
		{migrations.Flyway, map[string]string{"V1.9__init.sql": "CREATE TABLE t1 (id int);"},
			[]string{"V1.10__a.sql", "U1.10__a.sql", "V1.11__b.sql", "U1.11__b.sql"}, false},
		{migrations.Atlas, map[string]string{"9_init.sql": "CREATE TABLE t1 (id int);", "atlas.sum": "h1:x\n9_init.sql h1:y\n"},
			[]string{"10_a.sql", "11_b.sql"}, true},
		{migrations.Plain, map[string]string{"009_init.sql": "CREATE TABLE t1 (id int);"},
			[]string{"010_a.sql", "011_b.sql"}, true},
	}
	for _, c := range cases {
		t.Run(string(c.format), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "db")
			os.MkdirAll(dir, 0o755)
			for name, text := range c.files {
				os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
			}
			scripts, _, err := migrations.Load(root, []string{"db"})
			if err != nil {
				t.Fatal(err)
			}
			l, err := NewLayout(scripts)
			if err != nil {
				t.Fatal(err)
			}
			if l.Format != c.format || l.Dir != "db" {
				t.Fatalf("layout %+v, want %s in db", l, c.format)
			}
			p := &Plan{Migrations: []*Migration{
				{ID: "a", Step: 2, Summary: "a", Up: []string{"CREATE TABLE t2 (id int)", "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$"}, Down: []string{"DROP FUNCTION f()", "DROP TABLE t2"}},
				{ID: "b", Step: 3, Summary: "b", Up: []string{"CREATE TABLE t3 (id int)"}, Down: []string{"DROP TABLE t3"}},
			}}
			p.SetLayout(l)
			var names []string
			for _, f := range p.Files() {
				if strings.HasPrefix(f.Path, "down/") != (c.downElsewere && strings.Contains(f.Text, "DROP TABLE")) {
					t.Errorf("%s holds %q", f.Path, f.Text)
				}
				if !strings.HasPrefix(f.Path, "down/") {
					names = append(names, strings.TrimPrefix(f.Path, "db/"))
				}
				full := filepath.Join(root, filepath.FromSlash(f.Path))
				os.MkdirAll(filepath.Dir(full), 0o755)
				os.WriteFile(full, []byte(f.Text), 0o644)
			}
			if !slices.Equal(names, c.wantNames) {
				t.Errorf("files %v, want %v", names, c.wantNames)
			}
			scripts, problems, err := migrations.Load(root, []string{"db"})
			if err != nil || len(problems) > 0 {
				t.Fatal(err, problems)
			}
			if len(scripts) != 3 {
				t.Fatalf("%d scripts load, want 3", len(scripts))
			}
			for i, want := range []string{"t1", "t2", "t3"} {
				s := scripts[i]
				if s.Format != c.format || !strings.Contains(s.Text, "CREATE TABLE "+want) || strings.Contains(s.Text, "DROP TABLE") {
					t.Errorf("script %d %s (%s) applies %q", i, s.File, s.Format, s.Text)
				}
			}
		})
	}
}

func TestLayoutRefused(t *testing.T) {
	for name, scripts := range map[string][]migrations.Script{
		"none":        nil,
		"unversioned": {{File: "schema.sql", Format: migrations.Plain, Text: "CREATE TABLE t (id int);"}},
		"pg_dump":     {{File: "001_dump.sql", Format: migrations.PgDump, Version: "001"}},
		"no number":   {{File: "V1_x__a.sql", Format: migrations.Flyway, Version: "1.x"}},
	} {
		_, err := NewLayout(scripts)
		if err == nil || !strings.Contains(err.Error(), "golang-migrate, goose") {
			t.Errorf("%s: %v, want an error naming the formats", name, err)
		}
	}
}

func TestNextVersion(t *testing.T) {
	for v, want := range map[string]string{"000010": "000012", "9": "11", "1.2.9": "1.2.11", "2_0": "2_2", "20240101120059": "20240101120061"} {
		if got, err := nextVersion(v, 2); err != nil || got != want {
			t.Errorf("nextVersion(%q, 2) = %q, %v; want %q", v, got, err, want)
		}
	}
}

func FuzzNextVersion(f *testing.F) {
	for _, s := range []string{"000010", "1.2.3", "2_0", "x", "", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, err := nextVersion(v, 1)
		if err == nil && (got == v || got == "") {
			t.Errorf("nextVersion(%q) = %q", v, got)
		}
	})
}

func FuzzColumnRefs(f *testing.F) {
	for _, s := range []string{"original_price >= 0", "a > b AND c IS NOT NULL", "(", "x IN (SELECT y FROM t)", "'a'::text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		refs, ok := columnRefs(expr)
		if !ok && len(refs) > 0 {
			t.Errorf("columnRefs(%q) failed but returned %v", expr, refs)
		}
	})
}

func FuzzUpdateConfig(f *testing.F) {
	f.Add([]byte("version: 1\ncontexts:\n  a:\n    tables: [t]\n    columns: [u.c]\n  b:\n    tables: [u]\n"))
	f.Add([]byte("contexts: [1, 2]"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &Plan{Config: []ConfigChange{{Context: "a", AddTables: []string{"a_u"}, RemoveColumnsOf: []string{"u"}}}}
		p.UpdateConfig(data)
	})
}
