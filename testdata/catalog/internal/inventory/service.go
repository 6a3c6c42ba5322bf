// Package inventory is the inventory context: how many of each product the
// warehouse holds. It knows products only through core product's api.
package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/catalog/internal/coreproduct/api"
)

// Service implements inventory's use cases.
type Service struct {
	db      *sql.DB
	catalog *api.Client
}

// NewService returns a Service working on db that asks catalog about products.
func NewService(db *sql.DB, catalog *api.Client) *Service {
	return &Service{db: db, catalog: catalog}
}

// InStock returns how many units of a product the warehouse holds.
func (s *Service) InStock(ctx context.Context, sku string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT quantity FROM stock WHERE sku = $1`, sku).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("stock of %s: %w", sku, err)
	}
	return n, nil
}
