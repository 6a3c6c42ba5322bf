// Package gorm stands in for gorm.io/gorm in the analyzer's tests: the API's
// shapes (a *DB chain, Model, finisher methods), no behaviour.
package gorm

import (
	"context"
	"database/sql"
	"time"
)

type DB struct{ Error error }

type Model struct {
	ID        uint `gorm:"primarykey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt DeletedAt `gorm:"index"`
}

type DeletedAt sql.NullTime

func (n *DeletedAt) Scan(value interface{}) error { return nil }

func (db *DB) WithContext(ctx context.Context) *DB                             { return db }
func (db *DB) Model(value interface{}) (tx *DB)                                { return db }
func (db *DB) Table(name string, args ...interface{}) (tx *DB)                 { return db }
func (db *DB) Select(query interface{}, args ...interface{}) (tx *DB)          { return db }
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB)           { return db }
func (db *DB) Not(query interface{}, args ...interface{}) (tx *DB)             { return db }
func (db *DB) Or(query interface{}, args ...interface{}) (tx *DB)              { return db }
func (db *DB) Joins(query string, args ...interface{}) (tx *DB)                { return db }
func (db *DB) Preload(query string, args ...interface{}) (tx *DB)              { return db }
func (db *DB) Order(value interface{}) (tx *DB)                                { return db }
func (db *DB) Limit(limit int) (tx *DB)                                        { return db }
func (db *DB) Raw(sql string, values ...interface{}) (tx *DB)                  { return db }
func (db *DB) Exec(sql string, values ...interface{}) (tx *DB)                 { return db }
func (db *DB) Create(value interface{}) (tx *DB)                               { return db }
func (db *DB) Save(value interface{}) (tx *DB)                                 { return db }
func (db *DB) First(dest interface{}, conds ...interface{}) (tx *DB)           { return db }
func (db *DB) Take(dest interface{}, conds ...interface{}) (tx *DB)            { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB)            { return db }
func (db *DB) FirstOrCreate(dest interface{}, conds ...interface{}) *DB        { return db }
func (db *DB) Update(column string, value interface{}) (tx *DB)                { return db }
func (db *DB) Updates(values interface{}) (tx *DB)                             { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) (tx *DB)         { return db }
func (db *DB) Count(count *int64) (tx *DB)                                     { return db }
func (db *DB) Scan(dest interface{}) (tx *DB)                                  { return db }
func (db *DB) Pluck(column string, dest interface{}) (tx *DB)                  { return db }
func (db *DB) Rows() (*sql.Rows, error)                                        { return nil, nil }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) error { return fc(db) }
