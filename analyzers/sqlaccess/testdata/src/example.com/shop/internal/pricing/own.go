package pricing

import (
	"context"
	"database/sql"
)

// ownData reads only what pricing owns or may share: no finding.
func ownData(ctx context.Context, db *sql.DB, sku string) {
	// Pricing's own columns of products, addressed by sku, the primary key: the
	// cross-system identifier, not a reach into core product.
	db.QueryRowContext(ctx, `SELECT sale_price, is_on_sale FROM products WHERE sku = $1`, sku)
	// A table of its own, addressed through the cross-system key.
	db.QueryContext(ctx, `SELECT new_price FROM price_history WHERE sku = $1 ORDER BY changed_at DESC`, sku)
	// A CTE named like inventory's table.
	db.QueryContext(ctx, `WITH stock AS (SELECT sku, new_price FROM price_history) SELECT sku FROM stock`)
	// The shared kernel's table.
	db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	// A table nobody owns: counted in the Result.
	db.ExecContext(ctx, `INSERT INTO audit_log (actor, action) VALUES ('pricing', 'read')`)
}
