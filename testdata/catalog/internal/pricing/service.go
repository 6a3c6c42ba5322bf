// Package pricing is the pricing context: what a product costs and when it is
// on sale. It depends on core product, which it should reach through its api.
package pricing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"example.com/catalog/internal/coreproduct/api"
	"example.com/catalog/internal/pricing/repository"
)

// ErrInactive is returned when a product that is out of the range is put on sale.
var ErrInactive = errors.New("product is not active")

// Range is the span of prices of a category.
type Range struct {
	Low, High float64
}

// Service implements pricing's use cases.
type Service struct {
	db      *sql.DB
	prices  *repository.Prices
	catalog *api.Client
}

// NewService returns a Service working on db that asks catalog about products.
func NewService(db *sql.DB, catalog *api.Client) *Service {
	return &Service{db: db, prices: repository.NewPrices(db), catalog: catalog}
}

// PriceFor returns the price of the product with the given SKU.
func (s *Service) PriceFor(ctx context.Context, sku string) (repository.Price, error) {
	return s.prices.BySKU(ctx, sku)
}

// PriceRangeFor returns the range of prices of the active products of a category.
func (s *Service) PriceRangeFor(ctx context.Context, category string) (Range, error) {
	low, high, err := s.prices.RangeInCategory(ctx, category)
	if err != nil {
		return Range{}, err
	}
	return Range{Low: low, High: high}, nil
}

// UpdateIsOnSaleFor puts a product on sale or takes it off. Only an active
// product can go on sale.
func (s *Service) UpdateIsOnSaleFor(ctx context.Context, sku string, onSale bool) error {
	if onSale {
		p, err := s.catalog.Product(ctx, sku)
		if err != nil {
			return fmt.Errorf("put %s on sale: %w", sku, err)
		}
		if !p.IsActive {
			return fmt.Errorf("put %s on sale: %w", sku, ErrInactive)
		}
	}
	return s.prices.SetOnSale(ctx, sku, onSale)
}
