package price

import "example.com/shop/internal/coreproduct/api"

var store *api.Store // want `pricing uses type repository.Products of coreproduct's private package example.com/shop/internal/coreproduct/repository \(through the alias api.Store\)`
