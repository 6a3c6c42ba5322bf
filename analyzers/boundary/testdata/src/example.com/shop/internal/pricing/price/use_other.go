package price

import "example.com/shop/internal/coreproduct/api"

// The same method in another file is reported there too.
func Other(sku string) string {
	return api.Open().BySKU(sku).SKU // want `method repository.Products.BySKU` `field repository.Product.SKU`
}
