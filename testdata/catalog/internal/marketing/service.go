// Package marketing is the marketing context: campaigns that push products
// which are in stock.
package marketing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/catalog/internal/coreproduct/api"
	"example.com/catalog/internal/inventory"
)

// ErrUnavailable is returned when a product cannot be featured.
var ErrUnavailable = errors.New("product is not available")

// Service implements marketing's use cases.
type Service struct {
	db      *sql.DB
	catalog *api.Client
	stock   *inventory.Service
}

// NewService returns a Service working on db.
func NewService(db *sql.DB, catalog *api.Client, stock *inventory.Service) *Service {
	return &Service{db: db, catalog: catalog, stock: stock}
}

// Feature returns a product for a campaign banner, if it is active and in stock.
func (s *Service) Feature(ctx context.Context, sku string) (api.Product, error) {
	p, err := s.catalog.Product(ctx, sku)
	if err != nil {
		return api.Product{}, fmt.Errorf("feature %s: %w", sku, err)
	}
	n, err := s.stock.InStock(ctx, sku)
	if err != nil {
		return api.Product{}, fmt.Errorf("feature %s: %w", sku, err)
	}
	if !p.IsActive || n == 0 {
		return api.Product{}, fmt.Errorf("feature %s: %w", sku, ErrUnavailable)
	}
	return p, nil
}
