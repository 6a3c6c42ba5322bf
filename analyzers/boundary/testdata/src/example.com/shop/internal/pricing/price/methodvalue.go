package price

import "example.com/shop/internal/coreproduct/api"

var count = api.Open().Count // want `pricing uses method repository.Products.Count`
