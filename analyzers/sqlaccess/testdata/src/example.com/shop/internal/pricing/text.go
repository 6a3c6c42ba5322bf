package pricing

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

const nameBySKU = "SELECT name FROM products WHERE sku = $1"

const (
	selectName   = "SELECT name "
	fromProducts = "FROM products WHERE sku = $1"
)

var labelColumns = []string{"name", "category_name"}

// textForms spells the same SQL in every form a constant can take.
func textForms(ctx context.Context, db *sql.DB, sku, table string) {
	db.QueryContext(ctx, nameBySKU, sku)                                                                                   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, selectName+fromProducts, sku)                                                                     // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, "SELECT name "+"FROM products WHERE sku = $1", sku)                                               // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM products WHERE sku = $1", "name"), sku)                               // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, fmt.Sprintf("SELECT name FROM products WHERE sku = '%s'", sku))                                   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM products", strings.Join(labelColumns, ", ")))                         // want `reads coreproduct's column.*(public\.)?products\.category_name, (public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, "SELECT "+strings.Join([]string{"is_active", "name"}, ", ")+" FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.is_active, (public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	q := "SELECT name FROM products WHERE sku = $1"
	db.QueryContext(ctx, q, sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`

	// Built at run time: counted in the Result, never guessed at.
	db.QueryContext(ctx, fmt.Sprintf("SELECT name FROM %s", table))
	db.QueryContext(ctx, "SELECT name FROM "+table)
	dyn := "SELECT sku FROM price_history"
	if sku != "" {
		dyn += " WHERE sku = $1"
	}
	db.QueryContext(ctx, dyn, sku)
}

// multiLine reports SQL where its literal opens, and a constant at the call.
func multiLine(ctx context.Context, db *sql.DB, sku string) {
	db.QueryRowContext(ctx,
		`SELECT name FROM products WHERE sku = $1`, sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryRowContext(ctx, // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
		nameBySKU, sku)
}
