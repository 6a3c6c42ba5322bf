package pricing

import (
	"context"
	"database/sql"

	"example.com/shop/internal/platform/store"
)

const brokenDelete = "DELETE FROM price_history WHERE" // want `the SQL does not parse`

// broken issues SQL the parser rejects: each is reported where the bad text is.
func broken(ctx context.Context, db *sql.DB) {
	db.ExecContext(ctx, "UPDATE price_history SET new_price = WHERE id = $1") // want `the SQL does not parse as PostgreSQL: syntax error at or near "WHERE"`
	db.ExecContext(ctx, `
		UPDATE price_history
		SET new_price = WHERE id = $1`) // want `parse-error pricing\]`
	db.ExecContext(ctx, "UPDATE price_history "+
		"SET new_price = WHERE id = $1") // want `the SQL does not parse`
	db.QueryContext(ctx, store.CountSQL) // want `the SQL does not parse`
	db.ExecContext(ctx, brokenDelete)
}

// mixed holds statements that parse and one that does not: the others are still checked.
func mixed(ctx context.Context, db *sql.DB, sku string) {
	db.ExecContext(ctx, "UPDATE price_history SET reason = 'x'; UPDATE products SET name = 'x' WHERE sku = $1; SELEC 1", sku) // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]` `does not parse as PostgreSQL: syntax error at or near "SELEC"`
}
