// Package api is core product's published api; some of it leaks repository types.
package api

import "example.com/shop/internal/coreproduct/repository"

type Product struct{ SKU string }

func Find(sku string) Product { return Product{SKU: sku} }

// Store is an alias of a private type.
type Store = repository.Products

// Open hands out the private repository type.
func Open() *repository.Products { return repository.Default }

// Service embeds the repository, promoting its methods.
type Service struct{ *repository.Products }

func NewService() Service { return Service{repository.Default} }

func All() []repository.Product { return nil }

func First[T any](xs []T) T {
	var zero T
	if len(xs) > 0 {
		return xs[0]
	}
	return zero
}
