package pricing

// What sqlc generates for pricing's queries.

import (
	"context"
	"database/sql"
)

type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

func New(db DBTX) *Queries {
	return &Queries{db: db}
}

type Queries struct {
	db DBTX
}

func (q *Queries) WithTx(tx *sql.Tx) *Queries {
	return &Queries{
		db: tx,
	}
}

const getPriceLabel = `-- name: GetPriceLabel :one
SELECT name, sale_price FROM products WHERE sku = $1
`

func (q *Queries) GetPriceLabel(ctx context.Context, sku string) (string, error) { // want GetPriceLabel:`select (public\.)?products:r on receiver`
	row := q.db.QueryRowContext(ctx, getPriceLabel, sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table pricing->coreproduct\]`
	var name string
	var price sql.NullFloat64
	err := row.Scan(&name, &price)
	return name, err
}

const setSalePrice = `-- name: SetSalePrice :exec
UPDATE products SET sale_price = $2, is_on_sale = true WHERE sku = $1
`

func (q *Queries) SetSalePrice(ctx context.Context, sku string, price float64) error { // want SetSalePrice:`update (public\.)?products:w on receiver`
	_, err := q.db.ExecContext(ctx, setSalePrice, sku, price)
	return err
}

const activateProduct = `-- name: ActivateProduct :exec
UPDATE products SET is_active = true WHERE sku = $1
`

func (q *Queries) ActivateProduct(ctx context.Context, sku string) error { // want ActivateProduct:`update (public\.)?products:w on receiver`
	_, err := q.db.ExecContext(ctx, activateProduct, sku) // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table pricing->coreproduct\]`
	return err
}

const insertPriceHistory = `-- name: InsertPriceHistory :exec
INSERT INTO price_history (sku, kind, new_price) VALUES ($1, 'sale', $2)
`

func (q *Queries) InsertPriceHistory(ctx context.Context, sku string, price float64) error { // want InsertPriceHistory:`insert (public\.)?price_history:w on receiver`
	_, err := q.db.ExecContext(ctx, insertPriceHistory, sku, price)
	return err
}
