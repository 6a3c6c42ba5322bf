// Package billing bills orders.
package billing

import (
	"database/sql"

	"example.com/shop/orders"
)

// Due is what an order costs.
func Due() int { return orders.Total() }

// Totals reads the orders' totals.
func Totals(db *sql.DB) error {
	_, err := db.Query("SELECT total FROM orders")
	return err
}
