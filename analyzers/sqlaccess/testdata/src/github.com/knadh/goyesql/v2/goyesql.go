// Package goyesql is the API surface of github.com/knadh/goyesql/v2 that the
// tests use: a file of `-- name:` queries read into a map.
package goyesql

// Tag is a query's name.
type Tag string

// Queries maps names to SQL.
type Queries map[Tag]string

// ParseFile reads a query file.
func ParseFile(path string) (Queries, error) { return Queries{}, nil }

// ParseBytes reads the text of a query file.
func ParseBytes(b []byte) (Queries, error) { return Queries{}, nil }
