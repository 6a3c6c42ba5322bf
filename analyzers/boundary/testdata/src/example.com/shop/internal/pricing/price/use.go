package price

import "example.com/shop/internal/coreproduct/api"

// Name reaches the repository through an api function that returns it.
func Name(sku string) string {
	p := api.Open().BySKU(sku) // want `^pricing uses method repository.Products.BySKU of coreproduct's private package example.com/shop/internal/coreproduct/repository; call coreproduct through internal/coreproduct/api, and have the api return types of its own rather than coreproduct's internals \[(import|private) \w+->\w+\]$`
	return p.Name              // want `pricing uses field repository.Product.Name of coreproduct's private package`
}

// Again reuses what Name already reported in this file.
func Again(sku string) bool {
	return api.Open().BySKU(sku).Name == api.Find(sku).SKU
}
