// Package coreproduct owns the products and categories tables, except the
// pricing columns of products.
package coreproduct

import (
	"context"
	"database/sql"

	"example.com/shop/internal/platform/store"
)

// Search reads core product's own columns: no finding.
func Search(ctx context.Context, db *sql.DB, name string) (*sql.Rows, error) { // want Search:`select (public\.)?products:r on param 1\)`
	return db.QueryContext(ctx, `SELECT sku, name FROM products WHERE name ILIKE '%' || $1 || '%' AND is_active`, name)
}

// Retire switches a product off and drops its category in one transaction, all
// core product's data, part of it through a shared helper: no finding.
func Retire(ctx context.Context, db *sql.DB, sku, category string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := store.SetActive(ctx, tx, sku, false); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM categories WHERE name = $1`, category); err != nil {
		return err
	}
	return tx.Commit()
}

// ClearSales writes pricing's column.
func ClearSales(ctx context.Context, db *sql.DB) error { // want ClearSales:`update (public\.)?products:w on param 1`
	_, err := db.ExecContext(ctx, `UPDATE products SET is_on_sale = false WHERE NOT is_active`) // want `writes pricing's column.*(public\.)?products\.is_on_sale.*\[foreign-table coreproduct->pricing\]`
	return err
}
