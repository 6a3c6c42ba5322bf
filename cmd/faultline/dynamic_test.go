package main

import (
	"encoding/json"
	"regexp"
	"testing"
)

const dynamicSQL = `package inventory

import (
	"context"
	"database/sql"
)

// CountIn counts the rows of a table named at run time.
func CountIn(ctx context.Context, db *sql.DB, table string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}
`

// SQL built at run time is counted in the summary, with or without a live
// database, and its note names the file relative to the project.
func TestDynamicSQLCounted(t *testing.T) {
	dir := copyCatalog(t)
	writeFile(t, dir, "internal/inventory/dynamic.go", dynamicSQL)
	dsn := testDatabase(t)
	for _, args := range [][]string{nil, {"--db", dsn}} {
		code, out, errOut := runCLI(t, append([]string{"check", "-C", dir, "--no-baseline", "--format", "json"}, args...)...)
		if code != exitFindings {
			t.Fatalf("check %v: exit %d\n%s", args, code, errOut)
		}
		var doc struct {
			Summary struct {
				DynamicSQL  int  `json:"dynamic_sql"`
				LiveCatalog bool `json:"live_catalog"`
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Summary.DynamicSQL != 1 || doc.Summary.LiveCatalog != (args != nil) {
			t.Errorf("check %v: summary %+v, want dynamic_sql 1", args, doc.Summary)
		}
	}
	_, out, _ := runCLI(t, "check", "-C", dir, "--no-baseline", "--verbose")
	if !regexp.MustCompile(`(?m)^note: internal/inventory/dynamic\.go:11:\d+: SQL that is not constant`).MatchString(out) {
		t.Errorf("the note does not name internal/inventory/dynamic.go relative to the project:\n%s", out)
	}
}
