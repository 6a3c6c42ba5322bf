package repository

import (
	"context"
	"database/sql"
	"fmt"
)

// Category is a named group of products.
type Category struct {
	ID   int64
	Name string
}

// Categories reads the categories table.
type Categories struct {
	db *sql.DB
}

// NewCategories returns a Categories working on db.
func NewCategories(db *sql.DB) *Categories {
	return &Categories{db: db}
}

// All returns every category, by name.
func (r *Categories) All(ctx context.Context) ([]Category, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT id, name FROM categories ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	var cs []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, fmt.Errorf("list categories: %w", err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return cs, nil
}
