package inventory

import (
	"context"
	"fmt"
)

// Receive adds units of a product to stock. Only a product that core product
// knows and sells can be received.
func (s *Service) Receive(ctx context.Context, sku string, units int) error {
	if units <= 0 {
		return fmt.Errorf("receive %s: %d units", sku, units)
	}
	p, err := s.catalog.Product(ctx, sku)
	if err != nil {
		return fmt.Errorf("receive %s: %w", sku, err)
	}
	if !p.IsActive {
		return fmt.Errorf("receive %s: product is not active", sku)
	}
	_, err = s.db.ExecContext(ctx, `
		INSERT INTO stock (sku, quantity) VALUES ($1, $2)
		ON CONFLICT (sku) DO UPDATE SET quantity = stock.quantity + EXCLUDED.quantity, updated_at = now()`,
		sku, units)
	if err != nil {
		return fmt.Errorf("receive %s: %w", sku, err)
	}
	return nil
}
