package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDSN: an unset ${VAR} in sql.database is a configuration error naming the
// variable at its position, raised only when the DSN is used; a set one expands.
func TestDSN(t *testing.T) {
	t.Setenv("FAULTLINE_TEST_SET", "db.example")
	os.Unsetenv("FAULTLINE_TEST_UNSET")
	src := "version: 1\ncontexts: {a: {tables: [t]}}\nsql:\n  database: postgres://${FAULTLINE_TEST_SET}/${FAULTLINE_TEST_UNSET}\n"
	cfg, err := Parse(FileName, []byte(src))
	if err != nil {
		t.Fatalf("an unset variable fails the load, which go vet would hit too: %v", err)
	}
	_, err = cfg.DSN()
	if !IsConfigError(err) || err.Error() != "faultline.yaml:4:13: sql.database uses ${FAULTLINE_TEST_UNSET}, which is not set in the environment: set it, or name the database with --db" {
		t.Errorf("DSN() error = %v", err)
	}
	t.Setenv("FAULTLINE_TEST_UNSET", "")
	cfg, _ = Parse(FileName, []byte(src))
	if dsn, err := cfg.DSN(); err != nil || dsn != "postgres://db.example/" {
		t.Errorf("DSN() = %q, %v; a variable set to empty is set", dsn, err)
	}
}

// TestParseRejects: what would otherwise pass silently or as a mere warning.
func TestParseRejects(t *testing.T) {
	for src, want := range map[string]string{
		"version: 1\ncontexts: {}\n":                                                "faultline.yaml:2:11: contexts is empty",
		"version: 1\ncontexts: {a: {tables: [\"ord[ers\"]}}\n":                      `faultline.yaml:2:25: context a tables entry "ord[ers" is not a valid glob`,
		"version: 1\ncontexts: {a: {tables: [t]}}\nshared: {tables: [\"x\\\\\"]}\n": `faultline.yaml:3:19: shared.tables entry "x\\" is not a valid glob`,
	} {
		_, err := Parse(FileName, []byte(src))
		if !IsConfigError(err) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want %s…", src, err, want)
		}
	}
}

// TestFindLinkLoop: a faultline.yaml that is a link loop is named, not skipped
// for a parent's or reported as missing.
func TestFindLinkLoop(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, FileName)
	if err := os.Symlink(file, file); err != nil {
		t.Fatal(err)
	}
	_, err := Find(dir)
	if err == nil || !strings.Contains(err.Error(), "symbolic link that cannot be followed") {
		t.Errorf("Find = %v", err)
	}
}
