// Package store holds the queries every part of the shop has come to share. It is
// in the shared kernel: its SQL is not judged here but at its callers.
package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Product is the description of a product that every team ends up needing.
type Product struct {
	SKU, Name string
	IsActive  bool
}

// LoadProduct reads the product with the given SKU.
func LoadProduct(ctx context.Context, db *sql.DB, sku string) (Product, error) { // want LoadProduct:`select (public\.)?products:r on param 1 own`
	var p Product
	err := db.QueryRowContext(ctx, `SELECT sku, name, is_active FROM products WHERE sku = $1`, sku).
		Scan(&p.SKU, &p.Name, &p.IsActive)
	if err != nil {
		return Product{}, fmt.Errorf("load product %s: %w", sku, err)
	}
	return p, nil
}

// LoadName reads a product's name through LoadProduct: a chain of helpers.
func LoadName(ctx context.Context, db *sql.DB, sku string) (string, error) { // want LoadName:`select (public\.)?products:r on param 1 own`
	p, err := LoadProduct(ctx, db, sku)
	return p.Name, err
}

// SetActive switches a product on or off in the transaction it is handed.
func SetActive(ctx context.Context, tx *sql.Tx, sku string, active bool) error { // want SetActive:`update (public\.)?products:w on param 1 own`
	_, err := tx.ExecContext(ctx, `UPDATE products SET is_active = $2 WHERE sku = $1`, sku, active)
	return err
}

// Exec runs SQL its caller wrote: a driver function of its own.
func Exec(ctx context.Context, db *sql.DB, q string, args ...any) error { // want Exec:`sql arg 2`
	_, err := db.ExecContext(ctx, q, args...)
	return err
}

// Store holds the pool its methods query.
type Store struct{ db *sql.DB }

// New returns a Store on db.
func New(db *sql.DB) *Store { return &Store{db: db} }

// Name reads a product's name: a method helper.
func (s *Store) Name(ctx context.Context, sku string) (string, error) { // want Name:`select (public\.)?products:r on receiver own`
	var name string
	err := s.db.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku).Scan(&name)
	return name, err
}

// Migrated reads the kernel's own table: shared, so nobody's.
func Migrated(ctx context.Context, db *sql.DB) (int, error) { // want Migrated:`select (public\.)?schema_migrations:r on param 1 own`
	var n int
	err := db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n)
	return n, err
}

// CountSQL was meant to count active products, but its WHERE clause is missing.
const CountSQL = "SELECT count(*) FROM products WHERE"

// ActivateAtPrice switches a product on and sets its sale price in one
// transaction: a weld in the kernel that its callers answer for.
func ActivateAtPrice(ctx context.Context, db *sql.DB, sku string, price float64) error { // want ActivateAtPrice:`tx of 2 statements`
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE products SET sale_price = $2 WHERE sku = $1`, sku, price); err != nil {
		return err
	}
	if err := SetActive(ctx, tx, sku, true); err != nil {
		return err
	}
	return tx.Commit()
}
