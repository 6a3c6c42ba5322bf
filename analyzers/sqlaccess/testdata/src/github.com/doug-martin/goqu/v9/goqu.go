// Package goqu stands in for github.com/doug-martin/goqu/v9 in the analyzer's tests.
package goqu

import (
	"database/sql"

	"github.com/doug-martin/goqu/v9/exp"
)

type (
	Ex     = exp.Ex
	Record = exp.Record
)

type ident string

func (i ident) Expression() exp.Expression { return i }

func T(table string) exp.IdentifierExpression            { return ident(table) }
func C(col string) exp.IdentifierExpression              { return ident(col) }
func I(ident_ string) exp.IdentifierExpression           { return ident(ident_) }
func On(expressions ...exp.Expression) exp.JoinCondition { return nil }

type SQLDatabase interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

type Database struct{}

func New(dialect string, db SQLDatabase) *Database { return &Database{} }

func (d *Database) From(from ...interface{}) *SelectDataset { return &SelectDataset{} }
func (d *Database) Insert(table interface{}) *InsertDataset { return &InsertDataset{} }
func (d *Database) Update(table interface{}) *UpdateDataset { return &UpdateDataset{} }

func From(table ...interface{}) *SelectDataset { return &SelectDataset{} }
func Insert(table interface{}) *InsertDataset  { return &InsertDataset{} }
func Update(table interface{}) *UpdateDataset  { return &UpdateDataset{} }
func Delete(table interface{}) *DeleteDataset  { return &DeleteDataset{} }

type SelectDataset struct{}

func (sd *SelectDataset) Select(selects ...interface{}) *SelectDataset { return sd }
func (sd *SelectDataset) Join(table exp.Expression, condition exp.JoinCondition) *SelectDataset {
	return sd
}
func (sd *SelectDataset) Where(expressions ...exp.Expression) *SelectDataset   { return sd }
func (sd *SelectDataset) ToSQL() (sql string, params []interface{}, err error) { return "", nil, nil }
func (sd *SelectDataset) ScanStructs(i interface{}) error                      { return nil }
func (sd *SelectDataset) Count() (int64, error)                                { return 0, nil }

type QueryExecutor struct{}

func (q QueryExecutor) Exec() (sql.Result, error) { return nil, nil }

type InsertDataset struct{}

func (id *InsertDataset) Rows(rows ...interface{}) *InsertDataset              { return id }
func (id *InsertDataset) Executor() QueryExecutor                              { return QueryExecutor{} }
func (id *InsertDataset) ToSQL() (sql string, params []interface{}, err error) { return "", nil, nil }

type UpdateDataset struct{}

func (ud *UpdateDataset) Set(values interface{}) *UpdateDataset              { return ud }
func (ud *UpdateDataset) Where(expressions ...exp.Expression) *UpdateDataset { return ud }
func (ud *UpdateDataset) Executor() QueryExecutor                            { return QueryExecutor{} }

type DeleteDataset struct{}

func (dd *DeleteDataset) Where(expressions ...exp.Expression) *DeleteDataset { return dd }
func (dd *DeleteDataset) Executor() QueryExecutor                            { return QueryExecutor{} }
