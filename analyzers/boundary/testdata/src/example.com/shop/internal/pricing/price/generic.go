package price

import "example.com/shop/internal/coreproduct/api"

func first[T any](xs []T) []T { return xs[:1] }

func Cheapest() {
	_ = api.First(api.All()) // want `pricing uses type repository.Product of coreproduct's private package example.com/shop/internal/coreproduct/repository \(as a type argument of api.First\)`
	_ = first([]api.Product{api.Find("x")})
}
