package infer

import (
	"strings"
	"testing"
)

// FuzzNamedQueries splits query files and reads sqlc configurations as a project
// may hold them: nothing panics, every named query's text comes from the file,
// and a schema path never leaves the tree unchecked (sqlcSchemas filters them).
func FuzzNamedQueries(f *testing.F) {
	f.Add("-- name: get-a\nSELECT 1;\n-- name: b :one\nSELECT 2;\n", "version: \"2\"\nsql:\n  - schema: db/schema\n")
	f.Add("--NAME: x\n", "packages:\n  - schema: [a, b]\n")
	f.Add("-- name:\n", "{\"sql\": [{\"schema\": 3}]}")
	f.Fuzz(func(t *testing.T, text, sqlc string) {
		for _, q := range namedQueries(text) {
			if q.name == "" || !strings.Contains(text, q.name) || !strings.Contains(text, q.text) {
				t.Errorf("named query %q with text %q is not from the file", q.name, q.text)
			}
		}
		parseSQLC([]byte(sqlc))
	})
}
