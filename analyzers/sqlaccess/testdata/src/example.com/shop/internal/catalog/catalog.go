// Package catalog is the shop's front door. It belongs to no context: its own SQL
// is not judged, but what it learns through helpers still reaches its callers.
package catalog

import (
	"context"
	"database/sql"

	"example.com/shop/internal/platform/store"
)

// Rename renames a product directly: the front door is not checked.
func Rename(ctx context.Context, db *sql.DB, sku, name string) error { // want Rename:`update (public\.)?products:w on param 1 own`
	_, err := db.ExecContext(ctx, "UPDATE products SET name = $2, sale_price = NULL WHERE sku = $1", sku, name)
	return err
}

// Describe reads a product through the kernel.
func Describe(ctx context.Context, db *sql.DB, sku string) (string, error) { // want Describe:`select (public\.)?products:r on param 1 own`
	return store.LoadName(ctx, db, sku)
}
