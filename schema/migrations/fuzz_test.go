package migrations

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzNames are the names a fuzzed file is written under, so that every format's rules
// run: the name picks golang-migrate, Flyway, Atlas or plain, the content goose, dbmate,
// tern, sql-migrate or pg_dump.
var fuzzNames = []string{
	"1_init.up.sql",
	"00001_goose.sql",
	"V1.2__flyway.sql",
	"20240101000000_dbmate.sql",
	"R__repeatable.sql",
	"schema.sql",
	"20230101120000_atlas.sql", // with an atlas.sum beside it
}

func FuzzLoad(f *testing.F) {
	for i, seed := range []string{
		"CREATE TABLE products (sku text PRIMARY KEY);\n",
		gooseFunc,
		"-- +goose Up\r\nCREATE TABLE t (id int);\r\n-- +goose Down\r\nDROP TABLE t;\r\n",
		"-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n",
		"-- +migrate Up\nCREATE TABLE t (id int);\n-- +migrate Down\nDROP TABLE t;\n",
		"CREATE TABLE t (id int);\n---- create above / drop below ----\nDROP TABLE t;\n",
		pgDump,
		"\\copy t FROM stdin\na\tb\n\\.\nSELECT E'\\'' || $q$\\x$q$; /* /* */ */ -- \\x\n",
		"\uFEFFSELECT 1;",
		"-- only a comment\n",
		"SELECT 'caf\xc3\xa9';\n\x00",
		"SELECT '\xff';\n",
		"COPY t FROM stdin;",
		"SELECT $1, $$unterminated",
	} {
		f.Add(uint8(i%len(fuzzNames)), []byte(seed))
	}
	// One directory for all inputs: a directory made and removed per input costs more
	// than Load itself, and the fuzzer runs one input at a time per process.
	root := f.TempDir()
	writeFiles(f, root, map[string]string{"atlas.sum": "h1:x=\n"})
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := fuzzNames[int(which)%len(fuzzNames)]
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		scripts, problems, err := Load(root, []string{"."})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		partial := len(scripts) == 1 && len(problems) == 1 && strings.HasPrefix(problems[0].Message, "COPY ... FROM stdin has no closing")
		if len(scripts)+len(problems) != 1 && !partial {
			t.Fatalf("got %d scripts and %v, want one script, one problem, or a script with its unclosed COPY", len(scripts), problems)
		}
		for _, p := range problems {
			if p.File != name || p.Message == "" || p.Line < 0 || p.Column < 0 || (p.Line == 0) != (p.Column == 0) {
				t.Fatalf("bad problem %#v", p)
			}
		}
		for _, s := range scripts {
			if s.File != name {
				t.Fatalf("script of %q, want %q", s.File, name)
			}
			checkBlanked(t, name, data, s.Text)

			// What is blanked stays blanked, and nothing more is: loading the Text
			// again yields the same Text.
			if err := os.WriteFile(path, []byte(s.Text), 0o644); err != nil {
				t.Fatal(err)
			}
			again, _, err := Load(root, []string{name})
			if err != nil || len(again) != 1 {
				t.Fatalf("loading the Text again: %d scripts, %v", len(again), err)
			}
			if again[0].Text != s.Text {
				t.Fatalf("loading the Text again changed it:\n%q\n%q", s.Text, again[0].Text)
			}
		}
	})
}
