// Package inventory owns stock; it builds SQL with squirrel and runs it with sqlx.
package inventory

import (
	"context"

	sq "github.com/Masterminds/squirrel"
	"github.com/jmoiron/sqlx"
)

// Level is a stock row with the product's name.
type Level struct {
	SKU      string `db:"sku"`
	Name     string `db:"name"`
	Quantity int    `db:"quantity"`
}

// Levels joins stock to products in one statement.
func Levels(ctx context.Context, db *sqlx.DB) ([]Level, error) {
	q, args, err := sq.Select("s.sku", "p.name", "s.quantity").
		From("stock s").
		Join("products p ON p.sku = s.sku").
		PlaceholderFormat(sq.Dollar).
		ToSql()
	if err != nil {
		return nil, err
	}
	var ls []Level
	err = db.SelectContext(ctx, &ls, q, args...)
	return ls, err
}

// Quantity reads inventory's own table.
func Quantity(ctx context.Context, db *sqlx.DB, sku string) (int, error) {
	var n int
	err := db.GetContext(ctx, &n, "SELECT quantity FROM stock WHERE sku = $1", sku)
	return n, err
}
