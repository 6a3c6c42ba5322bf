package pricing

import (
	"context"
	"fmt"

	coreproducts "example.com/catalog/internal/coreproduct/repository"
	"example.com/catalog/internal/platform/store"
)

// Quote is a price as the product page shows it.
type Quote struct {
	SKU    string
	Name   string
	Price  float64
	OnSale bool
}

// QuoteFor returns the price of a product together with its name.
func (s *Service) QuoteFor(ctx context.Context, sku string) (Quote, error) {
	p, err := store.LoadProduct(ctx, s.db, sku)
	if err != nil {
		return Quote{}, fmt.Errorf("quote %s: %w", sku, err)
	}
	price, err := s.prices.BySKU(ctx, sku)
	if err != nil {
		return Quote{}, fmt.Errorf("quote %s: %w", sku, err)
	}
	return Quote{SKU: sku, Name: p.Name, Price: price.Current(), OnSale: price.OnSale}, nil
}

// Label returns the shelf label of a product: its name and today's price.
func (s *Service) Label(ctx context.Context, sku string) (string, error) {
	p, err := coreproducts.NewProducts(s.db).BySKU(ctx, sku)
	if err != nil {
		return "", fmt.Errorf("label %s: %w", sku, err)
	}
	price, err := s.prices.BySKU(ctx, sku)
	if err != nil {
		return "", fmt.Errorf("label %s: %w", sku, err)
	}
	return fmt.Sprintf("%s  %.2f", p.Name, price.Current()), nil
}
