package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Markdown puts a product on sale at price and records the change in the
// price history, in one transaction.
func (r *Prices) Markdown(ctx context.Context, sku string, price float64, reason string) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark down %s: %w", sku, err)
	}
	defer tx.Rollback()

	var old sql.NullFloat64
	err = tx.QueryRowContext(ctx, `SELECT sale_price FROM products WHERE sku = $1 FOR UPDATE`, sku).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("mark down %s: %w", sku, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("mark down %s: %w", sku, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE products SET sale_price = $2, is_on_sale = true WHERE sku = $1`, sku, price); err != nil {
		return fmt.Errorf("mark down %s: %w", sku, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO price_history (sku, kind, old_price, new_price, reason) VALUES ($1, 'sale', $2, $3, $4)`, sku, old, price, reason); err != nil {
		return fmt.Errorf("mark down %s: record history: %w", sku, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark down %s: commit: %w", sku, err)
	}
	return nil
}

// Clearance sells a product off at its final price and takes it out of the
// range, in one transaction: the last price change the product will have.
func (r *Prices) Clearance(ctx context.Context, sku string, price float64) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("clear %s: %w", sku, err)
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `UPDATE products SET sale_price = $2, is_on_sale = true WHERE sku = $1`, sku, price); err != nil {
		return fmt.Errorf("clear %s: %w", sku, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO price_history (sku, kind, new_price, reason) VALUES ($1, 'sale', $2, 'clearance')`, sku, price); err != nil {
		return fmt.Errorf("clear %s: record history: %w", sku, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE products SET is_active = false WHERE sku = $1`, sku); err != nil {
		return fmt.Errorf("clear %s: deactivate: %w", sku, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("clear %s: commit: %w", sku, err)
	}
	return nil
}
