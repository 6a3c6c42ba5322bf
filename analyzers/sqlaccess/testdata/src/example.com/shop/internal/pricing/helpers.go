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
	store.LoadProduct(ctx, db, sku) // want `through store\.LoadProduct reads coreproduct's column.*(public\.)?products\.is_active, (public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	store.LoadName(ctx, db, sku)    // want `through store\.LoadName reads coreproduct's column.*(public\.)?products\.is_active, (public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	s.Name(ctx, sku)                // want `through store\.Store\.Name reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	load := store.LoadProduct
	load(ctx, db, sku) // want `through store\.LoadProduct reads coreproduct's column.*(public\.)?products\.is_active, (public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	name := s.Name
	name(ctx, sku)                                                                   // want `through store\.Store\.Name reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	store.Exec(ctx, db, "UPDATE products SET is_active = false WHERE sku = $1", sku) // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table pricing->coreproduct\]`
	store.Migrated(ctx, db)
	c.Do(ctx, "SELECT name FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	dbx.Must("DELETE FROM stock WHERE sku = $1", sku)          // want `writes inventory's table (public\.)?stock.*\[foreign-table pricing->inventory\]`
	store.ActivateAtPrice(ctx, db, sku, 9.99)                  // want `through store\.ActivateAtPrice writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table pricing->coreproduct\]` `the transaction store.ActivateAtPrice begins writes the data of contexts coreproduct, pricing`
	labelOf(ctx, db, sku)
}

// labelOf is a helper of pricing's own: its SQL is pricing's and is reported in
// it, not again at its callers.
func labelOf(ctx context.Context, db *sql.DB, sku string) (string, error) {
	var label string
	err := db.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku).Scan(&label) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	return label, err
}
