package price

import "example.com/shop/internal/coreproduct/api"

func Count() int {
	svc := api.NewService()
	return svc.Count() // want `pricing uses method repository.Products.Count of coreproduct's private package example.com/shop/internal/coreproduct/repository \(promoted through the embedded field Products\)`
}
