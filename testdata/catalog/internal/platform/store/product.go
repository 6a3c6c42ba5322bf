// Package store holds the queries that every part of the catalog has come to share.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNotFound is returned when no product has the SKU asked for.
var ErrNotFound = errors.New("product not found")

// Product is the description of a product that every team ends up needing.
type Product struct {
	SKU          string
	Name         string
	CategoryName string
	IsActive     bool
}

// LoadProduct reads the product with the given SKU.
func LoadProduct(ctx context.Context, db *sql.DB, sku string) (Product, error) {
	var p Product
	err := db.QueryRowContext(ctx, `SELECT sku, name, category_name, is_active FROM products WHERE sku = $1`, sku).
		Scan(&p.SKU, &p.Name, &p.CategoryName, &p.IsActive)
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, fmt.Errorf("load product %s: %w", sku, ErrNotFound)
	}
	if err != nil {
		return Product{}, fmt.Errorf("load product %s: %w", sku, err)
	}
	return p, nil
}
