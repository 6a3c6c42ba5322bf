// Package repository is core product's access to its tables, products and categories.
package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrNotFound is returned when no product has the SKU asked for.
var ErrNotFound = errors.New("product not found")

// Product is a product as core product knows it: what it is, not what it costs.
type Product struct {
	SKU          string
	Name         string
	CategoryName string
	IsActive     bool
}

// Products reads and writes the core columns of the products table.
type Products struct {
	db *sql.DB
}

// NewProducts returns a Products working on db.
func NewProducts(db *sql.DB) *Products {
	return &Products{db: db}
}

const searchProducts = `
SELECT sku, name, category_name, is_active
FROM products
WHERE is_active AND name ILIKE '%' || $1 || '%'
ORDER BY name
LIMIT $2`

// Search returns up to limit active products whose name contains name.
func (r *Products) Search(ctx context.Context, name string, limit int) ([]Product, error) {
	rows, err := r.db.QueryContext(ctx, searchProducts, name, limit)
	if err != nil {
		return nil, fmt.Errorf("search products %q: %w", name, err)
	}
	return scanProducts(rows)
}

// ActiveInCategory returns the active products of a category, by SKU.
func (r *Products) ActiveInCategory(ctx context.Context, category string) ([]Product, error) {
	rows, err := r.db.QueryContext(ctx, `
		SELECT sku, name, category_name, is_active
		FROM products
		WHERE category_name = $1 AND is_active
		ORDER BY sku`, category)
	if err != nil {
		return nil, fmt.Errorf("list products of %s: %w", category, err)
	}
	return scanProducts(rows)
}

// ActiveSKUs returns the SKUs of the active products of a category.
func (r *Products) ActiveSKUs(ctx context.Context, category string) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT sku FROM products WHERE category_name = $1 AND is_active ORDER BY sku`, category)
	if err != nil {
		return nil, fmt.Errorf("list SKUs of %s: %w", category, err)
	}
	defer rows.Close()
	var skus []string
	for rows.Next() {
		var sku string
		if err := rows.Scan(&sku); err != nil {
			return nil, fmt.Errorf("list SKUs of %s: %w", category, err)
		}
		skus = append(skus, sku)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list SKUs of %s: %w", category, err)
	}
	return skus, nil
}

// BySKU returns the product with the given SKU.
func (r *Products) BySKU(ctx context.Context, sku string) (Product, error) {
	var p Product
	err := r.db.QueryRowContext(ctx, `SELECT sku, name, category_name, is_active FROM products WHERE sku = $1`, sku).
		Scan(&p.SKU, &p.Name, &p.CategoryName, &p.IsActive)
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, fmt.Errorf("product %s: %w", sku, ErrNotFound)
	}
	if err != nil {
		return Product{}, fmt.Errorf("product %s: %w", sku, err)
	}
	return p, nil
}

// SetActive takes a product into the range or out of it.
func (r *Products) SetActive(ctx context.Context, sku string, active bool) error {
	res, err := r.db.ExecContext(ctx, `UPDATE products SET is_active = $2 WHERE sku = $1`, sku, active)
	if err != nil {
		return fmt.Errorf("set product %s active=%t: %w", sku, active, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("set product %s active=%t: %w", sku, active, ErrNotFound)
	}
	return nil
}

func scanProducts(rows *sql.Rows) ([]Product, error) {
	defer rows.Close()
	var ps []Product
	for rows.Next() {
		var p Product
		if err := rows.Scan(&p.SKU, &p.Name, &p.CategoryName, &p.IsActive); err != nil {
			return nil, fmt.Errorf("scan product: %w", err)
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scan products: %w", err)
	}
	return ps, nil
}
