// Package inventory owns the stock table and talks to the database through pgx.
package inventory

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgxForms issues foreign SQL through every pgx call form.
func pgxForms(ctx context.Context, conn *pgx.Conn, pool *pgxpool.Pool, tx pgx.Tx, sku string) {
	conn.Query(ctx, "SELECT quantity FROM stock WHERE sku = $1", sku)
	conn.Query(ctx, "SELECT name FROM products WHERE sku = $1", sku)                       // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	conn.QueryRow(ctx, "SELECT name FROM products WHERE sku = $1", sku)                    // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	conn.Exec(ctx, "UPDATE products SET is_active = false WHERE sku = $1", sku)            // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table inventory->coreproduct\]`
	conn.Prepare(ctx, "product_name", "SELECT name FROM products WHERE sku = $1")          // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	pool.Query(ctx, "SELECT name FROM products WHERE sku = $1", sku)                       // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	pool.QueryRow(ctx, "SELECT name FROM products WHERE sku = $1", sku)                    // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	pool.Exec(ctx, "UPDATE products SET is_active = false WHERE sku = $1", sku)            // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table inventory->coreproduct\]`
	tx.Query(ctx, "SELECT name FROM products WHERE sku = $1", sku)                         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	tx.QueryRow(ctx, "SELECT name FROM products WHERE sku = $1", sku)                      // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	tx.Exec(ctx, "UPDATE products SET is_active = false WHERE sku = $1", sku)              // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table inventory->coreproduct\]`
	tx.Prepare(ctx, "product_name", "SELECT name FROM products WHERE sku = $1")            // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	conn.CopyFrom(ctx, pgx.Identifier{"stock"}, []string{"sku", "quantity"}, nil)          // copying into its own table
	pool.CopyFrom(ctx, pgx.Identifier{"public", "products"}, []string{"sku", "name"}, nil) // want `writes coreproduct's column.*(public\.)?products\.name, (public\.)?products\.sku.*\[foreign-table inventory->coreproduct\]`
	tx.CopyFrom(ctx, pgx.Identifier{"campaigns"}, []string{"title"}, nil)                  // want `writes marketing's .*campaigns.*\[foreign-table inventory->marketing\]`

	b := &pgx.Batch{}
	b.Queue("SELECT quantity FROM stock WHERE sku = $1", sku)
	b.Queue("SELECT name FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
	pool.SendBatch(ctx, b).Close()
}

// querier is the part of a pgx pool or transaction inventory needs.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

var _ querier = (*pgxpool.Pool)(nil)

// throughInterface queries through the local interface.
func throughInterface(ctx context.Context, q querier, sku string) {
	q.Query(ctx, "SELECT name FROM products WHERE sku = $1", sku) // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table inventory->coreproduct\]`
}

// Restock fills the stock and switches the product on in one pgx.BeginFunc.
func Restock(ctx context.Context, pool *pgxpool.Pool, sku string, n int) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { // want `this transaction writes the data of contexts coreproduct, inventory`
		if _, err := tx.Exec(ctx, "UPDATE stock SET quantity = quantity + $2 WHERE sku = $1", sku, n); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE products SET is_active = true WHERE sku = $1", sku) // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table inventory->coreproduct\]`
		return err
	})
}

// Count writes only inventory's table in its pgx.BeginFunc: no finding.
func Count(ctx context.Context, pool *pgxpool.Pool, sku string, n int) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE stock SET quantity = $2 WHERE sku = $1", sku, n)
		return err
	})
}

// Discontinue queues its writes in a batch sent on a transaction.
func Discontinue(ctx context.Context, conn *pgx.Conn, sku string) error {
	tx, err := conn.Begin(ctx) // want `this transaction writes the data of contexts inventory, marketing`
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	b := &pgx.Batch{}
	b.Queue("UPDATE stock SET quantity = 0 WHERE sku = $1", sku)
	b.Queue("DELETE FROM campaigns WHERE category_name = $1", sku) // want `writes marketing's table (public\.)?campaigns.*\[foreign-table inventory->marketing\]`
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Reset runs a named function as the transaction's callback.
func Reset(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{}, clearAll) // want `this transaction writes the data of contexts coreproduct, inventory`
}

func clearAll(tx pgx.Tx) error {
	ctx := context.Background()
	if _, err := tx.Exec(ctx, "UPDATE stock SET quantity = 0"); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "UPDATE products SET is_active = false") // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table inventory->coreproduct\]`
	return err
}
