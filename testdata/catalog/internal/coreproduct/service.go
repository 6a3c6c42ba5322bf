// Package coreproduct is the core product context: what a product is and how
// customers find it. Other contexts reach it through its api package.
package coreproduct

import (
	"context"
	"database/sql"

	"example.com/catalog/internal/coreproduct/repository"
	"example.com/catalog/internal/platform/store"
)

// searchLimit caps the results of one search.
const searchLimit = 50

// Service implements core product's use cases.
type Service struct {
	db         *sql.DB
	products   *repository.Products
	categories *repository.Categories
}

// NewService returns a Service working on db.
func NewService(db *sql.DB) *Service {
	return &Service{
		db:         db,
		products:   repository.NewProducts(db),
		categories: repository.NewCategories(db),
	}
}

// Search returns the active products whose name contains name.
func (s *Service) Search(ctx context.Context, name string) ([]repository.Product, error) {
	return s.products.Search(ctx, name, searchLimit)
}

// ActiveInCategory returns the active products of a category.
func (s *Service) ActiveInCategory(ctx context.Context, category string) ([]repository.Product, error) {
	return s.products.ActiveInCategory(ctx, category)
}

// Product returns the product with the given SKU.
func (s *Service) Product(ctx context.Context, sku string) (store.Product, error) {
	return store.LoadProduct(ctx, s.db, sku)
}

// Categories returns every category.
func (s *Service) Categories(ctx context.Context) ([]repository.Category, error) {
	return s.categories.All(ctx)
}

// Products returns the repository behind the service.
func (s *Service) Products() *repository.Products {
	return s.products
}
