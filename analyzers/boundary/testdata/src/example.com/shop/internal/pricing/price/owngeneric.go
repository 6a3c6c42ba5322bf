package price

import (
	"example.com/shop/internal/coreproduct/api"
	"example.com/shop/internal/platform/money"
)

func wrap[T any](x T) []T { return []T{x} }

// The package's own generic instantiated with a private type uses that type.
var wrapped = wrap(api.Open()) // want `pricing uses type repository.Products of coreproduct's private package example.com/shop/internal/coreproduct/repository \(as a type argument of price.wrap\)`

// Predeclared and shared types as type arguments are nobody's internals.
var (
	errs   = wrap(error(nil))
	prices = wrap(money.Cents(1))
	maps   = wrap(map[string][]*api.Product{})
)
