package pricing

import (
	"context"
	"database/sql"
	"fmt"
)

// selectFrom joins a constant fragment to a table name given by its caller.
func selectFrom(table string) string {
	return selectLabel + " FROM " + table
}

// bySKU narrows any query to one product.
func (r repo) bySKU(q string) string { return q + " WHERE sku = $1" }

type repo struct{ db *sql.DB }

func (r repo) label(ctx context.Context, sku string) {
	r.db.QueryRowContext(ctx, selectFrom(productsTable), sku)                                      // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	r.db.QueryRowContext(ctx, r.bySKU(selectFrom(productsTable)), sku)                             // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	r.db.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s LIMIT %d", "name", productsTable, 1)) // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	q, err := build(productsTable)
	if err == nil {
		r.db.QueryRowContext(ctx, q, sku) // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	}
	// A table only known at run time stays unknown.
	r.db.QueryRowContext(ctx, selectFrom(sku))
}

func build(table string) (string, error) {
	return selectFrom(table), nil
}
