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
	db.QueryContext(ctx, nameBySKU, sku)                                                                                   // want `pricing reads coreproduct's columns name `
	db.QueryContext(ctx, selectName+fromProducts, sku)                                                                     // want `pricing reads coreproduct's columns name `
	db.QueryContext(ctx, "SELECT name "+"FROM products WHERE sku = $1", sku)                                               // want `pricing reads coreproduct's columns name `
	db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM products WHERE sku = $1", "name"), sku)                               // want `pricing reads coreproduct's columns name `
	db.QueryContext(ctx, fmt.Sprintf("SELECT name FROM products WHERE sku = '%s'", sku))                                   // want `pricing reads coreproduct's columns name `
	db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM products", strings.Join(labelColumns, ", ")))                         // want `pricing reads coreproduct's columns category_name, name `
	db.QueryContext(ctx, "SELECT "+strings.Join([]string{"is_active", "name"}, ", ")+" FROM products WHERE sku = $1", sku) // want `pricing reads coreproduct's columns is_active, name `
	q := "SELECT name FROM products WHERE sku = $1"
	db.QueryContext(ctx, q, sku) // want `pricing reads coreproduct's columns name `

	// Built at run time: counted in the Result, never guessed at.
	db.QueryContext(ctx, fmt.Sprintf("SELECT name FROM %s", table))
	db.QueryContext(ctx, "SELECT name FROM "+table)
	dyn := "SELECT sku FROM price_history"
	if sku != "" {
		dyn += " WHERE sku = $1"
	}
	db.QueryContext(ctx, dyn, sku)
}
