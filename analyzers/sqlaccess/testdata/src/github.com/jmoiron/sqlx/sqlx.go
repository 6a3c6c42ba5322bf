// Package sqlx is a stub of github.com/jmoiron/sqlx for the analyzer's tests: the
// same import path, names and method sets, without bodies that do anything.
package sqlx

import (
	"context"
	"database/sql"
)

type Rows struct{ *sql.Rows }

type Row struct{ err error }

func (r *Row) Scan(dest ...any) error { return r.err }

type Stmt struct{ *sql.Stmt }

type NamedStmt struct{ QueryString string }

type Queryer interface {
	Query(query string, args ...any) (*sql.Rows, error)
	Queryx(query string, args ...any) (*Rows, error)
	QueryRowx(query string, args ...any) *Row
}

type QueryerContext interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error)
	QueryRowxContext(ctx context.Context, query string, args ...any) *Row
}

type Execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}

type ExecerContext interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

type Ext interface {
	Queryer
	Execer
}

type ExtContext interface {
	QueryerContext
	ExecerContext
}

type DB struct {
	*sql.DB
	driverName string
}

func Open(driverName, dataSourceName string) (*DB, error)    { return &DB{}, nil }
func Connect(driverName, dataSourceName string) (*DB, error) { return &DB{}, nil }

func (db *DB) Get(dest any, query string, args ...any) error    { return nil }
func (db *DB) Select(dest any, query string, args ...any) error { return nil }
func (db *DB) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (db *DB) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (db *DB) Queryx(query string, args ...any) (*Rows, error) { return nil, nil }
func (db *DB) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return nil, nil
}
func (db *DB) QueryRowx(query string, args ...any) *Row                             { return nil }
func (db *DB) QueryRowxContext(ctx context.Context, query string, args ...any) *Row { return nil }
func (db *DB) NamedExec(query string, arg any) (sql.Result, error)                  { return nil, nil }
func (db *DB) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	return nil, nil
}
func (db *DB) NamedQuery(query string, arg any) (*Rows, error) { return nil, nil }
func (db *DB) NamedQueryContext(ctx context.Context, query string, arg any) (*Rows, error) {
	return nil, nil
}
func (db *DB) MustExec(query string, args ...any) sql.Result { return nil }
func (db *DB) MustExecContext(ctx context.Context, query string, args ...any) sql.Result {
	return nil
}
func (db *DB) Preparex(query string) (*Stmt, error)                             { return nil, nil }
func (db *DB) PreparexContext(ctx context.Context, query string) (*Stmt, error) { return nil, nil }
func (db *DB) PrepareNamed(query string) (*NamedStmt, error)                    { return nil, nil }
func (db *DB) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) {
	return nil, nil
}
func (db *DB) Beginx() (*Tx, error)                                           { return nil, nil }
func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return nil, nil }
func (db *DB) MustBegin() *Tx                                                 { return nil }
func (db *DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx       { return nil }

type Tx struct {
	*sql.Tx
	driverName string
}

func (tx *Tx) Get(dest any, query string, args ...any) error    { return nil }
func (tx *Tx) Select(dest any, query string, args ...any) error { return nil }
func (tx *Tx) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (tx *Tx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return nil
}
func (tx *Tx) Queryx(query string, args ...any) (*Rows, error) { return nil, nil }
func (tx *Tx) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	return nil, nil
}
func (tx *Tx) QueryRowx(query string, args ...any) *Row                             { return nil }
func (tx *Tx) QueryRowxContext(ctx context.Context, query string, args ...any) *Row { return nil }
func (tx *Tx) NamedExec(query string, arg any) (sql.Result, error)                  { return nil, nil }
func (tx *Tx) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	return nil, nil
}
func (tx *Tx) NamedQuery(query string, arg any) (*Rows, error) { return nil, nil }
func (tx *Tx) MustExec(query string, args ...any) sql.Result   { return nil }
func (tx *Tx) MustExecContext(ctx context.Context, query string, args ...any) sql.Result {
	return nil
}
func (tx *Tx) Preparex(query string) (*Stmt, error) { return nil, nil }

func Get(q Queryer, dest any, query string, args ...any) error    { return nil }
func Select(q Queryer, dest any, query string, args ...any) error { return nil }
func GetContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error {
	return nil
}
func SelectContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error {
	return nil
}
func NamedExec(e Ext, query string, arg any) (sql.Result, error) { return nil, nil }
func NamedExecContext(ctx context.Context, e ExtContext, query string, arg any) (sql.Result, error) {
	return nil, nil
}
func NamedQuery(e Ext, query string, arg any) (*Rows, error)  { return nil, nil }
func MustExec(e Execer, query string, args ...any) sql.Result { return nil }
func MustExecContext(ctx context.Context, e ExecerContext, query string, args ...any) sql.Result {
	return nil
}
func Preparex(p interface {
	Prepare(string) (*sql.Stmt, error)
}, query string) (*Stmt, error) {
	return nil, nil
}
func In(query string, args ...any) (string, []any, error) { return query, args, nil }

func (s *Stmt) Get(dest any, args ...any) error    { return nil }
func (s *Stmt) Select(dest any, args ...any) error { return nil }
func (s *Stmt) MustExec(args ...any) sql.Result    { return nil }

func (tx *Tx) Stmtx(stmt any) *Stmt { return nil }

func (db *DB) Rebind(query string) string      { return query }
func Rebind(bindType int, query string) string { return query }
