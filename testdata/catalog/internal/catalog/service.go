// Package catalog is the catalog's front door, the CatalogService that the web
// handlers call. It belongs to no context: it is a client of them.
package catalog

import (
	"context"

	"example.com/catalog/internal/coreproduct/api"
	"example.com/catalog/internal/pricing"
)

// Service is the CatalogService facade: each method delegates to the context
// that owns the answer.
type Service struct {
	products *api.Client
	pricing  *pricing.Service
}

// NewService returns the facade over core product and pricing.
func NewService(products *api.Client, pricing *pricing.Service) *Service {
	return &Service{products: products, pricing: pricing}
}

// SearchProduct returns the active products whose name contains name.
func (s *Service) SearchProduct(ctx context.Context, name string) ([]api.Product, error) {
	return s.products.Search(ctx, name)
}

// GetPriceFor returns what a customer pays today for a product.
func (s *Service) GetPriceFor(ctx context.Context, sku string) (float64, error) {
	p, err := s.pricing.PriceFor(ctx, sku)
	if err != nil {
		return 0, err
	}
	return p.Current(), nil
}

// GetPriceRangeFor returns the range of prices of a category.
func (s *Service) GetPriceRangeFor(ctx context.Context, category string) (pricing.Range, error) {
	return s.pricing.PriceRangeFor(ctx, category)
}

// UpdateIsOnSaleFor puts a product on sale or takes it off.
func (s *Service) UpdateIsOnSaleFor(ctx context.Context, sku string, onSale bool) error {
	return s.pricing.UpdateIsOnSaleFor(ctx, sku, onSale)
}
