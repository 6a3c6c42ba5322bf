package pricing

import (
	"context"
	"database/sql"

	"example.com/shop/internal/platform/dbx"
	"example.com/shop/internal/platform/store"
)

// throughHelpers reaches core product's data through the shared kernel's
// helpers: each is reported here, at the call, naming the helper.
func throughHelpers(ctx context.Context, db *sql.DB, s *store.Store, c *dbx.Client, sku string) {
	store.LoadProduct(ctx, db, sku) // want `pricing reads through store.LoadProduct coreproduct's columns is_active, name of table`
	store.LoadName(ctx, db, sku)    // want `pricing reads through store.LoadName coreproduct's columns is_active, name `
	s.Name(ctx, sku)                // want `pricing reads through store.Store.Name coreproduct's columns name `
	load := store.LoadProduct
	load(ctx, db, sku) // want `pricing reads through store.LoadProduct `
	name := s.Name
	name(ctx, sku)                                                                   // want `pricing reads through store.Store.Name `
	store.Exec(ctx, db, "UPDATE products SET is_active = false WHERE sku = $1", sku) // want `pricing writes coreproduct's columns is_active `
	store.Migrated(ctx, db)
	c.Do(ctx, "SELECT name FROM products WHERE sku = $1", sku) // want `pricing reads coreproduct's columns name `
	dbx.Must("DELETE FROM stock WHERE sku = $1", sku)          // want `pricing writes inventory's .*table (public\.)?stock`
	store.ActivateAtPrice(ctx, db, sku, 9.99)                  // want `pricing writes through store.ActivateAtPrice coreproduct's columns is_active ` `the transaction store.ActivateAtPrice begins writes the data of contexts coreproduct, pricing`
	labelOf(ctx, db, sku)
}

// labelOf is a helper of pricing's own: its SQL is pricing's and is reported in
// it, not again at its callers.
func labelOf(ctx context.Context, db *sql.DB, sku string) (string, error) {
	var label string
	err := db.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku).Scan(&label) // want `pricing reads coreproduct's columns name `
	return label, err
}
