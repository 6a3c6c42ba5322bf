// Package api is core product's published interface: the only package of the
// context that other contexts may import.
package api

import (
	"context"

	"example.com/catalog/internal/coreproduct"
	"example.com/catalog/internal/coreproduct/repository"
)

// Product is a product as other contexts see it.
type Product struct {
	SKU          string
	Name         string
	CategoryName string
	IsActive     bool
}

// Client is how other contexts talk to core product.
type Client struct {
	svc *coreproduct.Service
}

// NewClient returns a Client backed by svc.
func NewClient(svc *coreproduct.Service) *Client {
	return &Client{svc: svc}
}

// Product returns the product with the given SKU.
func (c *Client) Product(ctx context.Context, sku string) (Product, error) {
	p, err := c.svc.Product(ctx, sku)
	if err != nil {
		return Product{}, err
	}
	return Product{SKU: p.SKU, Name: p.Name, CategoryName: p.CategoryName, IsActive: p.IsActive}, nil
}

// Search returns the active products whose name contains name.
func (c *Client) Search(ctx context.Context, name string) ([]Product, error) {
	ps, err := c.svc.Search(ctx, name)
	if err != nil {
		return nil, err
	}
	return fromRepository(ps), nil
}

// ActiveInCategory returns the active products of a category.
func (c *Client) ActiveInCategory(ctx context.Context, category string) ([]Product, error) {
	ps, err := c.svc.ActiveInCategory(ctx, category)
	if err != nil {
		return nil, err
	}
	return fromRepository(ps), nil
}

// Repository returns the repository behind the client, for callers that need
// more than the client offers. It is a leak: whoever calls it depends on core
// product's storage, not on its interface.
func (c *Client) Repository() *repository.Products {
	return c.svc.Products()
}

func fromRepository(ps []repository.Product) []Product {
	out := make([]Product, len(ps))
	for i, p := range ps {
		out[i] = Product{SKU: p.SKU, Name: p.Name, CategoryName: p.CategoryName, IsActive: p.IsActive}
	}
	return out
}
