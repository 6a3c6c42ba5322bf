package pricing

import (
	"context"
	"fmt"
)

// PutCategoryOnSale marks every active product of a category down by percent.
func (s *Service) PutCategoryOnSale(ctx context.Context, category string, percent float64) error {
	if percent <= 0 || percent >= 100 {
		return fmt.Errorf("put %s on sale: discount %g%% out of range", category, percent)
	}
	skus, err := s.catalog.Repository().ActiveSKUs(ctx, category)
	if err != nil {
		return fmt.Errorf("put %s on sale: %w", category, err)
	}
	reason := fmt.Sprintf("%s sale, %g%% off", category, percent)
	for _, sku := range skus {
		price, err := s.prices.BySKU(ctx, sku)
		if err != nil {
			return fmt.Errorf("put %s on sale: %w", category, err)
		}
		if err := s.prices.Markdown(ctx, sku, price.Original*(1-percent/100), reason); err != nil {
			return fmt.Errorf("put %s on sale: %w", category, err)
		}
	}
	return nil
}

// Discontinue sells a product off at its final price and takes it out of the range.
func (s *Service) Discontinue(ctx context.Context, sku string, finalPrice float64) error {
	return s.prices.Clearance(ctx, sku, finalPrice)
}
