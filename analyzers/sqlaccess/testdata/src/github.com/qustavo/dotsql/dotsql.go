// Package dotsql is the API surface of github.com/qustavo/dotsql that the tests
// use: queries of a file run by name.
package dotsql

import (
	"context"
	"database/sql"
)

// Execer runs statements.
type Execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

// DotSql holds the queries of a file.
type DotSql struct{ queries map[string]string }

// LoadFromFile reads a query file.
func LoadFromFile(path string) (*DotSql, error) { return &DotSql{}, nil }

func (d DotSql) Exec(db Execer, name string, args ...any) (sql.Result, error) { return nil, nil }
func (d DotSql) ExecContext(ctx context.Context, db Execer, name string, args ...any) (sql.Result, error) {
	return nil, nil
}
func (d DotSql) QueryRow(db any, name string, args ...any) (*sql.Row, error) { return nil, nil }
func (d DotSql) Raw(name string) (string, error)                             { return d.queries[name], nil }
