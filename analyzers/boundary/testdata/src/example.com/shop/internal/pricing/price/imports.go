// Package price is pricing's: it holds one case of the analyzer per file.
package price

import (
	coreapi "example.com/shop/internal/coreproduct/api"
	_ "example.com/shop/internal/coreproduct/search"       // want `pricing imports example.com/shop/internal/coreproduct/search, a private package of coreproduct \(not in its api\); call coreproduct through internal/coreproduct/api \[(import|private) \w+->\w+\]$`
	inventoryapi "example.com/shop/internal/inventory/api" // want `pricing imports inventory package example.com/shop/internal/inventory/api, but pricing does not list inventory in uses; add inventory to pricing.uses in faultline.yaml if this dependency is intended \[(import|private) \w+->\w+\]$`
	"example.com/shop/internal/inventory/stock"            // want `^pricing imports inventory package example.com/shop/internal/inventory/stock, but pricing does not list inventory in uses; add inventory to pricing.uses in faultline.yaml if this dependency is intended, then import only its api \(internal/inventory/api\) \[(import|private) \w+->\w+\]$`
	"example.com/shop/internal/platform/money"
	"example.com/shop/internal/pricing/discount"
	"example.com/shop/internal/pricing/legacy" // want `pricing imports example.com/shop/internal/pricing/legacy, a private package of coreproduct`
	"example.com/shop/internal/search/index"   // want `then import only its api, which search has yet to declare \(search.api in faultline.yaml\)`
)

func Total() money.Cents {
	if !inventoryapi.InStock("x") || stock.Level("x") == 0 {
		return 0
	}
	return money.Cents(float64(coreapi.Find("x").SKU[0]) * discount.Rate() * float64(legacy.Reprice()+index.Size()))
}
