package price

import "example.com/shop/internal/coreproduct/api"

func wrap[T any](x T) []T { return []T{x} }

// The package's own generic instantiated with a private type uses that type.
var wrapped = wrap(api.Open()) // want `pricing uses type repository.Products of coreproduct's private package example.com/shop/internal/coreproduct/repository \(as a type argument of price.wrap\)`
