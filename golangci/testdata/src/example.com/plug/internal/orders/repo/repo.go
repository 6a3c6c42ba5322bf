// Package repo is the orders' access to the database.
package repo

import (
	"context"
	"database/sql"
)

// DB is the connection pool.
var DB *sql.DB

// Quantity reads the quantity of an order: the orders' own table.
func Quantity(ctx context.Context, id int64) (n int, err error) {
	err = DB.QueryRowContext(ctx, `SELECT qty FROM orders WHERE id = $1`, id).Scan(&n)
	return n, err
}

// ItemName reads the catalog's table behind its back.
func ItemName(ctx context.Context, id int64) (name string, err error) {
	err = DB.QueryRowContext(ctx, `SELECT name FROM items WHERE id = $1`, id).Scan(&name) // want `orders reads catalog.s columns public\.items\.id, public\.items\.name; .* \[foreign-table orders->catalog\]`
	return name, err
}
