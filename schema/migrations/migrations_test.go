package migrations

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// want describes one script Load should yield.
type want struct {
	file    string
	format  Format
	version string
	keep    []string // must survive in Text
	drop    []string // must have been blanked
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkBlanked asserts the contract of Text: same length as the file, the same bytes
// except those overwritten by spaces, line breaks untouched.
func checkBlanked(t testing.TB, file string, orig []byte, text string) {
	t.Helper()
	if len(text) != len(orig) {
		t.Fatalf("%s: len(Text) = %d, file has %d bytes", file, len(text), len(orig))
	}
	for i := range len(orig) {
		o, c := orig[i], text[i]
		if c == o {
			continue
		}
		if c != ' ' || o == '\n' || o == '\r' {
			t.Fatalf("%s: byte %d is %q, file has %q: only non-line-break bytes may become spaces", file, i, c, o)
		}
	}
	if !utf8.ValidString(text) {
		t.Fatalf("%s: Text is not valid UTF-8", file)
	}
}

const gooseFunc = `-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now(); -- a semicolon inside the body
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER products_touch BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- +goose Down
-- +goose StatementBegin
DROP TRIGGER products_touch ON products;
DROP FUNCTION touch_updated_at();
-- +goose StatementEnd
`

const pgDump = `--
-- PostgreSQL database dump
--

\restrict 4hQyL3rKZbM0c2vYpWbAaT1

-- Dumped from database version 17.6
-- Dumped by pg_dump version 17.6

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

\connect catalog

CREATE TABLE public.categories (
    name text PRIMARY KEY
);

CREATE TABLE public.products (
    sku text PRIMARY KEY,
    name text NOT NULL,
    note text DEFAULT E'it\'s \\ fine; really'
);

COPY public.categories (name) FROM stdin;
garden
kitchen; with a semicolon
CREATE TABLE not_a_table (x int);
\.

COPY public.products (sku, name, note) FROM stdin;
SKU-1	Trowel	\N
\.

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_name_key UNIQUE (name);

\unrestrict 4hQyL3rKZbM0c2vYpWbAaT1
`

func TestLoad(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		paths    []string
		want     []want
		problems []string // "file: message fragment"
	}{
		{
			name: "golang-migrate applies up files in numeric order and never down files",
			files: map[string]string{
				"db/migrations/1_init.up.sql":             "CREATE TABLE categories (name text PRIMARY KEY);\n",
				"db/migrations/1_init.down.sql":           "DROP TABLE categories;\n",
				"db/migrations/2_products.up.sql":         "CREATE TABLE products (sku text PRIMARY KEY);\n",
				"db/migrations/2_products.down.sql":       "DROP TABLE products;\n",
				"db/migrations/9_prices.up.sql":           "ALTER TABLE products ADD COLUMN original_price numeric;\n",
				"db/migrations/10_sale.up.sql":            "ALTER TABLE products ADD COLUMN sale_price numeric;\n",
				"db/migrations/10_sale.down.sql":          "ALTER TABLE products DROP COLUMN sale_price;\n",
				"db/migrations/README.md":                 "# migrations\n",
				"db/migrations/.10_sale.up.sql.swp":       "\x00\x01",
				"db/migrations/old/3_archived.up.sql":     "CREATE TABLE archived (id int);\n",
				"db/migrations/0011_padded_name.up.sql":   "CREATE INDEX ON products (sale_price);\n",
				"db/migrations/011_same_version.down.sql": "DROP INDEX x;\n",
			},
			paths: []string{"db/migrations"},
			want: []want{
				{file: "db/migrations/1_init.up.sql", format: GolangMigrate, version: "1", keep: []string{"CREATE TABLE categories"}},
				{file: "db/migrations/2_products.up.sql", format: GolangMigrate, version: "2"},
				{file: "db/migrations/9_prices.up.sql", format: GolangMigrate, version: "9"},
				{file: "db/migrations/10_sale.up.sql", format: GolangMigrate, version: "10"},
				{file: "db/migrations/0011_padded_name.up.sql", format: GolangMigrate, version: "0011"},
			},
		},
		{
			name: "goose keeps StatementBegin blocks with $$ bodies and blanks Down",
			files: map[string]string{
				"migrations/00001_products.sql":       "-- +goose Up\nCREATE TABLE products (sku text PRIMARY KEY, updated_at timestamptz);\n\n-- +goose Down\nDROP TABLE products;\n",
				"migrations/00002_touch.sql":          gooseFunc,
				"migrations/20240102150405_no_tx.sql": "-- +goose NO TRANSACTION\n-- +goose up\nCREATE INDEX CONCURRENTLY products_name ON products (sku);\n-- +goose down\nDROP INDEX CONCURRENTLY products_name;\n",
				"migrations/00003_seed.go":            "package migrations\n",
				"migrations/00004_slow_down.sql":      "-- +goose Up\nALTER TABLE products SET (fillfactor = 70);\n",
			},
			paths: []string{"migrations"},
			want: []want{
				{file: "migrations/00001_products.sql", format: Goose, version: "00001", keep: []string{"CREATE TABLE products", "-- +goose Down"}, drop: []string{"DROP TABLE"}},
				{file: "migrations/00002_touch.sql", format: Goose, version: "00002",
					keep: []string{"$$\nBEGIN", "RETURN NEW;\nEND\n$$;", "-- +goose StatementEnd", "CREATE TRIGGER products_touch"},
					drop: []string{"DROP TRIGGER", "DROP FUNCTION"}},
				{file: "migrations/00004_slow_down.sql", format: Goose, version: "00004"},
				{file: "migrations/20240102150405_no_tx.sql", format: Goose, version: "20240102150405", keep: []string{"CREATE INDEX CONCURRENTLY"}, drop: []string{"DROP INDEX"}},
			},
		},
		{
			name: "goose with CRLF line ends and SQL before Up",
			files: map[string]string{
				"m/001_crlf.sql": "SELECT 'before up is not applied';\r\n-- +goose Up\r\nCREATE TABLE t (id int);\r\n-- +goose Down\r\nDROP TABLE t;\r\n",
			},
			paths: []string{"m"},
			want:  []want{{file: "m/001_crlf.sql", format: Goose, version: "001", keep: []string{"CREATE TABLE t (id int);\r\n"}, drop: []string{"DROP TABLE", "before up"}}},
		},
		{
			name: "goose sections toggle; an Up section with nothing in it is a problem",
			files: map[string]string{
				"m/001_twice.sql":  "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n-- +goose Up\nCREATE TABLE b (id int);\n",
				"m/002_hollow.sql": "-- +goose Up\n-- nothing yet\n-- +goose Down\nDROP TABLE a;\n",
			},
			paths:    []string{"m"},
			want:     []want{{file: "m/001_twice.sql", format: Goose, version: "001", keep: []string{"CREATE TABLE a", "CREATE TABLE b"}, drop: []string{"DROP"}}},
			problems: []string{"m/002_hollow.sql: the file has no SQL to apply"},
		},
		{
			name: "dbmate applies only the migrate:up section",
			files: map[string]string{
				"db/migrations/20240101000000_create_products.sql": "-- migrate:up\nCREATE TABLE products (sku text PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE products;\n",
				"db/migrations/20240201000000_concurrent.sql":      "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY ON products (sku);\n-- migrate:down transaction:false\nDROP INDEX products_sku_idx;\n",
			},
			paths: []string{"db/migrations"},
			want: []want{
				{file: "db/migrations/20240101000000_create_products.sql", format: Dbmate, version: "20240101000000", keep: []string{"CREATE TABLE products", "-- migrate:down"}, drop: []string{"DROP TABLE"}},
				{file: "db/migrations/20240201000000_concurrent.sql", format: Dbmate, version: "20240201000000", keep: []string{"CREATE INDEX CONCURRENTLY"}, drop: []string{"DROP INDEX"}},
			},
		},
		{
			name: "Flyway orders versions numerically, repeatables after by description, never undo",
			files: map[string]string{
				"sql/V1__init.sql":            "CREATE TABLE products (sku text PRIMARY KEY);\n",
				"sql/V1.1__categories.sql":    "CREATE TABLE categories (name text);\n",
				"sql/V1_2__prices.sql":        "CREATE TABLE product_prices (sku text);\n",
				"sql/V1.10__history.sql":      "CREATE TABLE price_history (sku text);\n",
				"sql/V2__sale.sql":            "ALTER TABLE products ADD COLUMN is_on_sale boolean;\n",
				"sql/U2__sale.sql":            "ALTER TABLE products DROP COLUMN is_on_sale;\n",
				"sql/R__b_on_sale_view.sql":   "CREATE OR REPLACE VIEW on_sale AS SELECT sku FROM products WHERE is_on_sale;\n",
				"sql/R__a_price_function.sql": "CREATE OR REPLACE FUNCTION price(text) RETURNS numeric LANGUAGE sql AS $$ SELECT 1::numeric $$;\n",
				"sql/flyway.conf":             "flyway.locations=filesystem:sql\n",
			},
			paths: []string{"sql"},
			want: []want{
				{file: "sql/V1__init.sql", format: Flyway, version: "1"},
				{file: "sql/V1.1__categories.sql", format: Flyway, version: "1.1"},
				{file: "sql/V1_2__prices.sql", format: Flyway, version: "1_2"},
				{file: "sql/V1.10__history.sql", format: Flyway, version: "1.10"},
				{file: "sql/V2__sale.sql", format: Flyway, version: "2", keep: []string{"ADD COLUMN is_on_sale"}},
				{file: "sql/R__a_price_function.sql", format: Flyway},
				{file: "sql/R__b_on_sale_view.sql", format: Flyway},
			},
		},
		{
			name: "Flyway baseline replaces the versions it covers",
			files: map[string]string{
				"sql/V1__init.sql":     "CREATE TABLE a (id int);\n",
				"sql/V2__more.sql":     "CREATE TABLE b (id int);\n",
				"sql/B1__old_base.sql": "CREATE TABLE a (id int);\n",
				"sql/B2__base.sql":     "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
				"sql/V3__after.sql":    "CREATE TABLE c (id int);\n",
			},
			paths: []string{"sql"},
			want: []want{
				{file: "sql/B2__base.sql", format: Flyway, version: "2"},
				{file: "sql/V3__after.sql", format: Flyway, version: "3"},
			},
		},
		{
			name: "Atlas directory with atlas.sum",
			files: map[string]string{
				"migrations/20230102120000_add_prices.sql": "-- atlas:txmode none\nALTER TABLE products ADD COLUMN original_price numeric;\n",
				"migrations/20230101120000_init.sql":       "CREATE TABLE products (sku text PRIMARY KEY);\n",
				"migrations/atlas.sum":                     "h1:abc=\n20230101120000_init.sql h1:def=\n",
			},
			paths: []string{"migrations"},
			want: []want{
				{file: "migrations/20230101120000_init.sql", format: Atlas, version: "20230101120000"},
				{file: "migrations/20230102120000_add_prices.sql", format: Atlas, version: "20230102120000", keep: []string{"-- atlas:txmode none"}},
			},
		},
		{
			name: "sqlc schema directory in name order, versioned files first",
			files: map[string]string{
				"schema/b_pricing.sql":   "CREATE TABLE product_prices (sku text);\n",
				"schema/a_core.sql":      "CREATE TABLE products (sku text PRIMARY KEY);\n",
				"schema/10_late.sql":     "CREATE TABLE ten (id int);\n",
				"schema/9_early.sql":     "CREATE TABLE nine (id int);\n",
				"schema/query.sql.go":    "package db\n",
				"schema/notes/extra.sql": "CREATE TABLE extra (id int);\n",
			},
			paths: []string{"schema"},
			want: []want{
				{file: "schema/9_early.sql", format: Plain, version: "9"},
				{file: "schema/10_late.sql", format: Plain, version: "10"},
				{file: "schema/a_core.sql", format: Plain},
				{file: "schema/b_pricing.sql", format: Plain},
			},
		},
		{
			name:  "pg_dump: meta-commands and COPY with its data are blanked",
			files: map[string]string{"db/structure.sql": pgDump},
			paths: []string{"db/structure.sql"},
			want: []want{{
				file: "db/structure.sql", format: PgDump,
				keep: []string{"CREATE TABLE public.products", `E'it\'s \\ fine; really'`, "SET statement_timeout", "ADD CONSTRAINT products_name_key", "-- PostgreSQL database dump"},
				drop: []string{`\restrict`, `\connect`, `\unrestrict`, "COPY public", "garden", "kitchen", "not_a_table", "SKU-1", `\.`, `\N`},
			}},
		},
		{
			name: "psql meta-commands anywhere, but not inside strings, dollar quotes or comments",
			files: map[string]string{"setup.sql": "\\set ON_ERROR_STOP on\n" +
				"CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT '\\d' $body$;\n" +
				"/* \\connect in a /* nested */ comment */ SELECT 'a;\\b' AS x; \\gset\n" +
				"  \\echo indented\n" +
				"\\copy products FROM stdin\nSKU-9\tShovel\n\\.\n" +
				"SELECT \"odd\"\"\\name\" FROM t;\n"},
			paths: []string{"setup.sql"},
			want: []want{{
				file: "setup.sql", format: PgDump,
				keep: []string{`$body$ SELECT '\d' $body$;`, `/* \connect in a /* nested */ comment */ SELECT 'a;\b' AS x;`, `"odd""\name"`},
				drop: []string{`\set`, "ON_ERROR_STOP", `\gset`, `\echo`, "indented", `\copy`, "SKU-9", `\.`},
			}},
		},
		{
			name: "tern and sql-migrate",
			files: map[string]string{
				"tern/001_create_products.sql": "CREATE TABLE products (sku text PRIMARY KEY);\n\n---- create above / drop below ----\n\nDROP TABLE products;\n",
				"sqlmig/1_init.sql":            "-- +migrate Up\nCREATE TABLE products (sku text PRIMARY KEY);\n-- +migrate Down\nDROP TABLE products;\n",
			},
			paths: []string{"tern", "sqlmig"},
			want: []want{
				{file: "tern/001_create_products.sql", format: Tern, version: "001", keep: []string{"CREATE TABLE products", ternSeparator}, drop: []string{"DROP TABLE"}},
				{file: "sqlmig/1_init.sql", format: SQLMigrate, version: "1", keep: []string{"CREATE TABLE products"}, drop: []string{"DROP TABLE"}},
			},
		},
		{
			name: "a binary file, an empty file and a good file: the good one and two problems",
			files: map[string]string{
				"m/1_good.up.sql":   "CREATE TABLE products (sku text PRIMARY KEY);\n",
				"m/2_binary.up.sql": "CREATE TABLE x (id int);\n\x00\x01\x02",
				"m/3_empty.up.sql":  "-- nothing yet\n\n   \n/* TODO */\n",
			},
			paths:    []string{"m"},
			want:     []want{{file: "m/1_good.up.sql", format: GolangMigrate, version: "1"}},
			problems: []string{"m/2_binary.up.sql:2:1: the file is binary", "m/3_empty.up.sql: the file has no SQL to apply"},
		},
		{
			name: "not UTF-8, unclosed goose, dbmate without up, explicit down file",
			files: map[string]string{
				"m/1_latin1.up.sql":     "CREATE TABLE caf\xe9 (id int);\n",
				"m/2_goose.sql":         "-- +goose Down\nDROP TABLE t;\n",
				"m/3_dbmate.sql":        "-- migrate:down\nDROP TABLE t;\n",
				"m/4_ok.up.sql":         "\uFEFFCREATE TABLE ok (id int);\n",
				"other/5_gone.down.sql": "DROP TABLE gone;\n",
				"other/V5__x.go":        "package x\n",
			},
			paths: []string{"m", "other/5_gone.down.sql", "other/V5__x.go"},
			want:  []want{{file: "m/4_ok.up.sql", format: GolangMigrate, version: "4", keep: []string{"   CREATE TABLE ok"}}},
			problems: []string{
				"other/5_gone.down.sql: the file is a down migration",
				"other/V5__x.go: the file is not a .sql file",
				"m/1_latin1.up.sql:1:17: the file is not valid UTF-8",
				`m/2_goose.sql: no "-- +goose Up" annotation`,
				`m/3_dbmate.sql: no "-- migrate:up" annotation`,
			},
		},
		{
			name: "entries apply in the order given; a file reached twice loads once; /... reads the tree",
			files: map[string]string{
				"db/schema/extensions.sql":      "CREATE EXTENSION pg_trgm;\n",
				"db/migrations/v1/V1__init.sql": "CREATE TABLE a (id int);\n",
				"db/migrations/v2/V2__more.sql": "CREATE TABLE b (id int);\n",
				"db/migrations/v10/V10__x.sql":  "CREATE TABLE c (id int);\n",
				"db/migrations/.git/V99__x.sql": "CREATE TABLE hidden (id int);\n",
				"db/queries/pricing/q1.sql":     "SELECT 1;\n",
				"db/queries/core/q2.sql":        "SELECT 2;\n",
			},
			paths: []string{"db/schema/extensions.sql", "db/migrations/...", "db/schema", "db/queries/*/*.sql"},
			want: []want{
				{file: "db/schema/extensions.sql", format: Plain},
				{file: "db/migrations/v1/V1__init.sql", format: Flyway, version: "1"},
				{file: "db/migrations/v2/V2__more.sql", format: Flyway, version: "2"},
				{file: "db/migrations/v10/V10__x.sql", format: Flyway, version: "10"},
				{file: "db/queries/core/q2.sql", format: Plain},
				{file: "db/queries/pricing/q1.sql", format: Plain},
			},
		},
		{
			name:     "a directory with only sub-directories says how to read them",
			files:    map[string]string{"db/migrations/core/1_a.up.sql": "CREATE TABLE a (id int);\n"},
			paths:    []string{"db/migrations"},
			problems: []string{"db/migrations: directory holds no .sql migration to apply, and sub-directories are not read"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, tt.files)
			scripts, problems, err := Load(root, tt.paths)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			// A root relative to the working directory gives the same result.
			if cwd, err := os.Getwd(); err == nil {
				if rel, err := filepath.Rel(cwd, root); err == nil {
					s2, p2, err := Load(rel, tt.paths)
					if err != nil || !reflect.DeepEqual(s2, scripts) || !reflect.DeepEqual(p2, problems) {
						t.Errorf("Load(%q) differs from Load(%q): %v", rel, root, err)
					}
				}
			}
			var got []string
			for _, s := range scripts {
				got = append(got, s.File)
			}
			var wantFiles []string
			for _, w := range tt.want {
				wantFiles = append(wantFiles, w.file)
			}
			if strings.Join(got, "\n") != strings.Join(wantFiles, "\n") {
				t.Fatalf("scripts in order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFiles, "\n"))
			}
			for i, w := range tt.want {
				s := scripts[i]
				if s.Format != w.format || s.Version != w.version {
					t.Errorf("%s: format %q version %q, want %q %q", s.File, s.Format, s.Version, w.format, w.version)
				}
				checkBlanked(t, s.File, []byte(tt.files[w.file]), s.Text)
				for _, k := range w.keep {
					if !strings.Contains(s.Text, k) {
						t.Errorf("%s: %q was blanked, want it kept; Text:\n%s", s.File, k, s.Text)
					}
				}
				for _, d := range w.drop {
					if strings.Contains(s.Text, d) {
						t.Errorf("%s: %q survived, want it blanked; Text:\n%s", s.File, d, s.Text)
					}
				}
			}
			if len(problems) != len(tt.problems) {
				t.Errorf("got %d problems, want %d: %v", len(problems), len(tt.problems), problems)
			}
			for i, p := range problems {
				if i < len(tt.problems) && !strings.HasPrefix(p.Error(), tt.problems[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p.Error(), tt.problems[i])
				}
			}
		})
	}
}

func TestLoadPathErrors(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"db/migrations/1_a.up.sql": "CREATE TABLE a (id int);\n", "db/x.sql": "SELECT 1;\n"})
	scripts, problems, err := Load(root, []string{"db/migrations", "db/migratons", "db/*.psql", "db/x.sql/..."})
	if err == nil {
		t.Fatalf("Load succeeded with %d scripts and %v, want an error", len(scripts), problems)
	}
	if scripts != nil || problems != nil {
		t.Errorf("Load returned scripts or problems with an error")
	}
	var pe *PathError
	if !errors.As(err, &pe) || pe.Index != 1 || pe.Path != "db/migratons" || !errors.Is(pe, fs.ErrNotExist) {
		t.Errorf("first error = %#v, want the PathError of entry 1", pe)
	}
	for _, s := range []string{
		`migrations path "db/migratons" does not exist; fix the entry in sql.migrations`,
		`migrations pattern "db/*.psql" matches no .sql file`,
		`migrations path "db/x.sql/...": not a directory`,
	} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
}

func TestLoadUnreadable(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("permissions are not enforced here")
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"m/1_a.up.sql": "CREATE TABLE a (id int);\n", "m/2_b.up.sql": "CREATE TABLE b (id int);\n"})
	if err := os.Chmod(filepath.Join(root, "m", "1_a.up.sql"), 0); err != nil {
		t.Fatal(err)
	}
	scripts, problems, err := Load(root, []string{"m"})
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) != 1 || scripts[0].File != "m/2_b.up.sql" {
		t.Errorf("scripts = %v, want only m/2_b.up.sql", scripts)
	}
	if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), "m/1_a.up.sql: cannot read the file (permission denied)") {
		t.Errorf("problems = %v, want the unreadable file", problems)
	}
}

func TestLoadNoPaths(t *testing.T) {
	scripts, problems, err := Load(t.TempDir(), nil)
	if scripts != nil || problems != nil || err != nil {
		t.Errorf("Load(nil) = %v, %v, %v; want nothing", scripts, problems, err)
	}
}

func TestCompareVersions(t *testing.T) {
	ordered := []string{"0", "1", "1.0.1", "1.1", "1_2", "1.9", "1.10", "2", "9", "10", "011.5", "20230101120000", "99999999999999999999999"}
	for i := 0; i+1 < len(ordered); i++ {
		a, b := classify("V"+ordered[i]+"__a.sql", ""), classify("V"+ordered[i+1]+"__a.sql", "")
		if compareVersions(a.key, b.key) >= 0 || compareVersions(b.key, a.key) <= 0 {
			t.Errorf("%s is not before %s", ordered[i], ordered[i+1])
		}
	}
	a, b := classify("V1__a.sql", ""), classify("V1.0.0__a.sql", "")
	if compareVersions(a.key, b.key) != 0 {
		t.Errorf("1 and 1.0.0 differ; Flyway reads them as one version")
	}
}

func TestPosition(t *testing.T) {
	text := "ab\n\ncafé x\r\nz"
	x := NewLineIndex(text)
	for _, tt := range []struct{ offset, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 3, 1},
		{strings.Index(text, "x"), 3, 7}, // é is two bytes: columns count bytes
		{strings.Index(text, "\r"), 3, 8},
		{strings.Index(text, "z"), 4, 1},
		{len(text), 4, 2}, {len(text) + 5, 4, 2}, {-1, 1, 1},
	} {
		line, col := x.Position(tt.offset)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tt.offset, line, col, tt.line, tt.col)
		}
		if l2, c2 := (Script{Text: text}).Position(tt.offset); l2 != line || c2 != col {
			t.Errorf("Script.Position(%d) = %d:%d, LineIndex says %d:%d", tt.offset, l2, c2, line, col)
		}
		if l3, c3 := position([]byte(text), tt.offset); l3 != line || c3 != col {
			t.Errorf("position(%d) = %d:%d, LineIndex says %d:%d", tt.offset, l3, c3, line, col)
		}
	}
}

func TestProblemError(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.sql", Message: "m"}, "a.sql: m"},
		{Problem{File: "a.sql", Line: 3, Message: "m"}, "a.sql:3: m"},
		{Problem{File: "a.sql", Line: 3, Column: 7, Message: "m"}, "a.sql:3:7: m"},
	} {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

var structureSQL = filepath.Join("..", "..", "..", "shared", "data", "gitlab", "structure.sql")

// TestGitLabStructure loads GitLab's real pg_dump schema.
func TestGitLabStructure(t *testing.T) {
	orig, err := os.ReadFile(structureSQL)
	if err != nil {
		t.Skipf("GitLab's structure.sql is not here: %v", err)
	}
	dir, file := filepath.Split(structureSQL)
	scripts, problems, err := Load(dir, []string{file})
	if err != nil || len(problems) > 0 || len(scripts) != 1 {
		t.Fatalf("Load = %d scripts, %v, %v; want one script", len(scripts), problems, err)
	}
	s := scripts[0]
	if s.File != "structure.sql" || s.Format != PgDump || s.Version != "" {
		t.Errorf("got %s %s %q, want structure.sql pg_dump unversioned", s.File, s.Format, s.Version)
	}
	checkBlanked(t, s.File, orig, s.Text)
	for i, line := range strings.Split(s.Text, "\n") {
		if strings.HasPrefix(line, `\`) {
			t.Fatalf("line %d survived: %q", i+1, line)
		}
		if strings.HasPrefix(line, "COPY ") && strings.Contains(strings.ToLower(line), "from stdin") {
			t.Fatalf("line %d survived: %q", i+1, line)
		}
	}
	if got, want := strings.Count(s.Text, "CREATE TABLE "), strings.Count(string(orig), "CREATE TABLE "); got != want || got < 1000 {
		t.Errorf("%d CREATE TABLE survived, file has %d", got, want)
	}
}

// TestGitLabStructureAsDump wraps GitLab's schema the way pg_dump 17.6 writes it, with
// \restrict and COPY data, and checks that only those are blanked.
func TestGitLabStructureAsDump(t *testing.T) {
	orig, err := os.ReadFile(structureSQL)
	if err != nil {
		t.Skipf("GitLab's structure.sql is not here: %v", err)
	}
	head := "\\restrict abc\n\\connect gitlabhq_production\n"
	data := "COPY public.schema_migrations (version) FROM stdin;\n20240101000000\n20240102000000\n\\.\n\n"
	tail := "\\unrestrict abc\n"
	dump := head + string(orig) + "\n" + data + tail
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"structure.sql": dump})
	scripts, problems, err := Load(root, []string{"structure.sql"})
	if err != nil || len(problems) > 0 || len(scripts) != 1 {
		t.Fatalf("Load = %d scripts, %v, %v; want one script", len(scripts), problems, err)
	}
	s := scripts[0]
	checkBlanked(t, s.File, []byte(dump), s.Text)
	if s.Text[len(head):len(head)+len(orig)] != string(orig) {
		t.Errorf("the schema itself was changed")
	}
	if rest := s.Text[len(head)+len(orig):]; strings.TrimSpace(rest) != "" || strings.TrimSpace(s.Text[:len(head)]) != "" {
		t.Errorf("meta-commands or COPY data survived: %q", rest)
	}
}

func BenchmarkLoadStructureSQL(b *testing.B) {
	st, err := os.Stat(structureSQL)
	if err != nil {
		b.Skipf("GitLab's structure.sql is not here: %v", err)
	}
	dir, file := filepath.Split(structureSQL)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(dir, []string{file}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoadEntries(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a/1_a.up.sql":     "CREATE TABLE a (id int);\n",
		"b/c/2_c.up.sql":   "CREATE TABLE c (id int);\n",
		"shared/x.sql":     "CREATE TABLE x (id int);\n",
		".hidden/9_h.sql":  "CREATE TABLE h (id int);\n",
		"a/.3_tmp.up.sql":  "CREATE TABLE tmp (id int);\n",
		"dirs/readme.txt":  "no SQL here\n",
		"ab/4_ab.up.sql":   "CREATE TABLE ab (id int);\n",
		"ab/5_ab.down.sql": "DROP TABLE ab;\n",
	})
	link := filepath.Join(root, "a", "0_link.up.sql")
	if err := os.Symlink(filepath.Join(root, "shared", "x.sql"), link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	for _, tt := range []struct {
		paths    []string
		want     string
		problems string
	}{
		{paths: []string{"..."}, want: "a/0_link.up.sql a/1_a.up.sql b/c/2_c.up.sql ab/4_ab.up.sql"}, // shared/x.sql is the link's file
		{paths: []string{"a*"}, want: "a/0_link.up.sql a/1_a.up.sql ab/4_ab.up.sql"},
		{paths: []string{"b/..."}, want: "b/c/2_c.up.sql"},
		{paths: []string{"./a/", "a/1_a.up.sql", "shared/x.sql"}, want: "a/0_link.up.sql a/1_a.up.sql"},
		{paths: []string{"dirs"}, problems: "dirs: directory holds no .sql migration to apply; point sql.migrations at the directory that does"},
		{paths: []string{filepath.Join(root, "b", "c")}, want: "b/c/2_c.up.sql"},
	} {
		scripts, problems, err := Load(root, tt.paths)
		if err != nil {
			t.Fatalf("Load(%q): %v", tt.paths, err)
		}
		var got, probs []string
		for _, s := range scripts {
			got = append(got, s.File)
		}
		for _, p := range problems {
			probs = append(probs, p.Error())
		}
		if strings.Join(got, " ") != tt.want || strings.Join(probs, "\n") != tt.problems {
			t.Errorf("Load(%q) = %q, %q; want %q, %q", tt.paths, got, probs, tt.want, tt.problems)
		}
	}
	if _, _, err := Load(root, []string{" "}); err == nil || !strings.Contains(err.Error(), "empty path") {
		t.Errorf("an empty entry gave %v, want an error", err)
	}
}
