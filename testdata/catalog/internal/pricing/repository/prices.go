// Package repository is pricing's access to prices: the price columns of the
// products table and the price_history table.
package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNotFound is returned when no product has the SKU asked for.
var ErrNotFound = errors.New("no price for product")

// Price is what a product costs.
type Price struct {
	SKU      string
	Original float64
	Sale     sql.NullFloat64
	OnSale   bool
}

// Current returns the price a customer pays today.
func (p Price) Current() float64 {
	if p.OnSale && p.Sale.Valid {
		return p.Sale.Float64
	}
	return p.Original
}

// Prices reads and writes prices.
type Prices struct {
	db *sql.DB
}

// NewPrices returns a Prices working on db.
func NewPrices(db *sql.DB) *Prices {
	return &Prices{db: db}
}

// BySKU returns the price of the product with the given SKU.
func (r *Prices) BySKU(ctx context.Context, sku string) (Price, error) {
	var p Price
	err := r.db.QueryRowContext(ctx, `SELECT sku, original_price, sale_price, is_on_sale FROM products WHERE sku = $1`, sku).
		Scan(&p.SKU, &p.Original, &p.Sale, &p.OnSale)
	if errors.Is(err, sql.ErrNoRows) {
		return Price{}, fmt.Errorf("price of %s: %w", sku, ErrNotFound)
	}
	if err != nil {
		return Price{}, fmt.Errorf("price of %s: %w", sku, err)
	}
	return p, nil
}

// RangeInCategory returns the lowest and highest price customers pay today for
// the active products of a category, zero for an empty category.
func (r *Prices) RangeInCategory(ctx context.Context, category string) (low, high float64, err error) {
	err = r.db.QueryRowContext(ctx, `
		WITH current_prices AS (
			SELECT CASE WHEN is_on_sale THEN coalesce(sale_price, original_price) ELSE original_price END AS price
			FROM products
			WHERE category_name = $1 AND is_active
		)
		SELECT coalesce(min(price), 0), coalesce(max(price), 0)
		FROM current_prices`, category).Scan(&low, &high)
	if err != nil {
		return 0, 0, fmt.Errorf("price range of %s: %w", category, err)
	}
	return low, high, nil
}

// SetOnSale puts a product on sale or takes it off.
func (r *Prices) SetOnSale(ctx context.Context, sku string, onSale bool) error {
	res, err := r.db.ExecContext(ctx, `UPDATE products SET is_on_sale = $2 WHERE sku = $1`, sku, onSale)
	if err != nil {
		return fmt.Errorf("set %s on sale=%t: %w", sku, onSale, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("set %s on sale=%t: %w", sku, onSale, ErrNotFound)
	}
	return nil
}
