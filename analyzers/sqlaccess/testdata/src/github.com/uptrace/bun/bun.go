// Package bun stands in for github.com/uptrace/bun in the analyzer's tests.
package bun

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun/schema"
)

type BaseModel = schema.BaseModel

type DB struct{}

type IDB interface {
	NewSelect() *SelectQuery
	NewInsert() *InsertQuery
	NewUpdate() *UpdateQuery
	NewDelete() *DeleteQuery
	NewRaw(query string, args ...any) *RawQuery
}

func (db *DB) NewSelect() *SelectQuery                    { return &SelectQuery{} }
func (db *DB) NewInsert() *InsertQuery                    { return &InsertQuery{} }
func (db *DB) NewUpdate() *UpdateQuery                    { return &UpdateQuery{} }
func (db *DB) NewDelete() *DeleteQuery                    { return &DeleteQuery{} }
func (db *DB) NewRaw(query string, args ...any) *RawQuery { return &RawQuery{} }

type SelectQuery struct{}

func (q *SelectQuery) Model(model any) *SelectQuery                      { return q }
func (q *SelectQuery) Table(tables ...string) *SelectQuery               { return q }
func (q *SelectQuery) TableExpr(query string, args ...any) *SelectQuery  { return q }
func (q *SelectQuery) Column(columns ...string) *SelectQuery             { return q }
func (q *SelectQuery) ColumnExpr(query string, args ...any) *SelectQuery { return q }
func (q *SelectQuery) Where(query string, args ...any) *SelectQuery      { return q }
func (q *SelectQuery) WherePK(cols ...string) *SelectQuery               { return q }
func (q *SelectQuery) Join(join string, args ...any) *SelectQuery        { return q }
func (q *SelectQuery) Relation(name string, apply ...func(*SelectQuery) *SelectQuery) *SelectQuery {
	return q
}
func (q *SelectQuery) Limit(n int) *SelectQuery                                  { return q }
func (q *SelectQuery) Scan(ctx context.Context, dest ...any) error               { return nil }
func (q *SelectQuery) Count(ctx context.Context) (int, error)                    { return 0, nil }
func (q *SelectQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type InsertQuery struct{}

func (q *InsertQuery) Model(model any) *InsertQuery                              { return q }
func (q *InsertQuery) Table(tables ...string) *InsertQuery                       { return q }
func (q *InsertQuery) Column(columns ...string) *InsertQuery                     { return q }
func (q *InsertQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type UpdateQuery struct{}

func (q *UpdateQuery) Model(model any) *UpdateQuery                              { return q }
func (q *UpdateQuery) Table(tables ...string) *UpdateQuery                       { return q }
func (q *UpdateQuery) Column(columns ...string) *UpdateQuery                     { return q }
func (q *UpdateQuery) Set(query string, args ...any) *UpdateQuery                { return q }
func (q *UpdateQuery) Where(query string, args ...any) *UpdateQuery              { return q }
func (q *UpdateQuery) WherePK(cols ...string) *UpdateQuery                       { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type DeleteQuery struct{}

func (q *DeleteQuery) Model(model any) *DeleteQuery                              { return q }
func (q *DeleteQuery) Table(tables ...string) *DeleteQuery                       { return q }
func (q *DeleteQuery) Where(query string, args ...any) *DeleteQuery              { return q }
func (q *DeleteQuery) WherePK(cols ...string) *DeleteQuery                       { return q }
func (q *DeleteQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }

type RawQuery struct{}

func (q *RawQuery) Scan(ctx context.Context, dest ...any) error               { return nil }
func (q *RawQuery) Exec(ctx context.Context, dest ...any) (sql.Result, error) { return nil, nil }
