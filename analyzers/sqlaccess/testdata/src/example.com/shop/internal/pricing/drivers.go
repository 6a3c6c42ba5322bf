// Package pricing owns price_history and the price columns of products.
package pricing

import (
	"context"
	"database/sql"
)

// stdForms issues the same foreign read through every database/sql call form.
func stdForms(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, sku string) {
	db.Query("SELECT name FROM products WHERE sku = $1", sku)                  // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)      // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryRow("SELECT name FROM products WHERE sku = $1", sku)               // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.Exec("UPDATE products SET name = $2 WHERE sku = $1", sku, "x")          // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.ExecContext(ctx, "UPDATE products SET name = $2 WHERE sku = $1", sku)   // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.Prepare("SELECT name FROM products WHERE sku = $1")                     // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	db.PrepareContext(ctx, "SELECT name FROM products WHERE sku = $1")         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.Query("SELECT name FROM products WHERE sku = $1", sku)                  // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)      // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.QueryRow("SELECT name FROM products WHERE sku = $1", sku)               // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.Exec("DELETE FROM categories WHERE name = $1", sku)                     // want `writes coreproduct's table (public\.)?categories and reads column (public\.)?categories\.name.*\[foreign-table pricing->coreproduct\]`
	tx.ExecContext(ctx, "DELETE FROM categories WHERE name = $1", sku)         // want `writes coreproduct's table (public\.)?categories and reads column (public\.)?categories\.name.*\[foreign-table pricing->coreproduct\]`
	tx.Prepare("SELECT name FROM products WHERE sku = $1")                     // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	tx.PrepareContext(ctx, "SELECT name FROM products WHERE sku = $1")         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	conn.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)    // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	conn.QueryRowContext(ctx, "SELECT name FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	conn.ExecContext(ctx, "UPDATE products SET name = $2 WHERE sku = $1", sku) // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	conn.PrepareContext(ctx, "SELECT name FROM products WHERE sku = $1")       // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
}

// querier is a local interface that *sql.DB, *sql.Tx and *sql.Conn satisfy.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// cache is an interface with a method of a driver's name but not its shape.
type cache interface {
	Query(key int) string
}

// throughInterfaces issues SQL through interface methods shaped like a driver's.
func throughInterfaces(ctx context.Context, q querier, c cache, sku string) {
	q.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	c.Query(1)
}

var _ querier = (*sql.DB)(nil)

// joinAcross joins pricing's history to core product's columns in one statement.
func joinAcross(ctx context.Context, db *sql.DB) {
	db.QueryContext(ctx, `SELECT p.name, h.new_price FROM products p JOIN price_history h ON h.sku = p.sku`) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]` `spans contexts coreproduct, pricing.*\[cross-join pricing->coreproduct\]`
}
