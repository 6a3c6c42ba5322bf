// Package squirrel stands in for github.com/Masterminds/squirrel in the
// analyzer's tests.
package squirrel

import "database/sql"

type BaseRunner interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

type RowScanner interface{ Scan(...interface{}) error }

type PlaceholderFormat interface {
	ReplacePlaceholders(sql string) (string, error)
}

type dollarFormat struct{}

func (dollarFormat) ReplacePlaceholders(sql string) (string, error) { return sql, nil }

var Dollar = dollarFormat{}

type Eq map[string]interface{}

type StatementBuilderType struct{}

var StatementBuilder = StatementBuilderType{}

func (b StatementBuilderType) PlaceholderFormat(f PlaceholderFormat) StatementBuilderType { return b }
func (b StatementBuilderType) Select(columns ...string) SelectBuilder                     { return SelectBuilder{} }
func (b StatementBuilderType) Insert(into string) InsertBuilder                           { return InsertBuilder{} }
func (b StatementBuilderType) Update(table string) UpdateBuilder                          { return UpdateBuilder{} }
func (b StatementBuilderType) Delete(from string) DeleteBuilder                           { return DeleteBuilder{} }

func Select(columns ...string) SelectBuilder { return SelectBuilder{} }
func Insert(into string) InsertBuilder       { return InsertBuilder{} }
func Update(table string) UpdateBuilder      { return UpdateBuilder{} }
func Delete(from string) DeleteBuilder       { return DeleteBuilder{} }

type SelectBuilder struct{}

func (b SelectBuilder) PlaceholderFormat(f PlaceholderFormat) SelectBuilder       { return b }
func (b SelectBuilder) RunWith(runner BaseRunner) SelectBuilder                   { return b }
func (b SelectBuilder) Columns(columns ...string) SelectBuilder                   { return b }
func (b SelectBuilder) From(from string) SelectBuilder                            { return b }
func (b SelectBuilder) Join(join string, rest ...interface{}) SelectBuilder       { return b }
func (b SelectBuilder) LeftJoin(join string, rest ...interface{}) SelectBuilder   { return b }
func (b SelectBuilder) Where(pred interface{}, args ...interface{}) SelectBuilder { return b }
func (b SelectBuilder) OrderBy(orderBys ...string) SelectBuilder                  { return b }
func (b SelectBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b SelectBuilder) Query() (*sql.Rows, error)                                 { return nil, nil }
func (b SelectBuilder) QueryRow() RowScanner                                      { return nil }

type InsertBuilder struct{}

func (b InsertBuilder) RunWith(runner BaseRunner) InsertBuilder             { return b }
func (b InsertBuilder) Columns(columns ...string) InsertBuilder             { return b }
func (b InsertBuilder) Values(values ...interface{}) InsertBuilder          { return b }
func (b InsertBuilder) SetMap(clauses map[string]interface{}) InsertBuilder { return b }
func (b InsertBuilder) ToSql() (string, []interface{}, error)               { return "", nil, nil }
func (b InsertBuilder) Exec() (sql.Result, error)                           { return nil, nil }

type UpdateBuilder struct{}

func (b UpdateBuilder) RunWith(runner BaseRunner) UpdateBuilder                   { return b }
func (b UpdateBuilder) Set(column string, value interface{}) UpdateBuilder        { return b }
func (b UpdateBuilder) Where(pred interface{}, args ...interface{}) UpdateBuilder { return b }
func (b UpdateBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b UpdateBuilder) Exec() (sql.Result, error)                                 { return nil, nil }

type DeleteBuilder struct{}

func (b DeleteBuilder) RunWith(runner BaseRunner) DeleteBuilder                   { return b }
func (b DeleteBuilder) Where(pred interface{}, args ...interface{}) DeleteBuilder { return b }
func (b DeleteBuilder) ToSql() (string, []interface{}, error)                     { return "", nil, nil }
func (b DeleteBuilder) Exec() (sql.Result, error)                                 { return nil, nil }
