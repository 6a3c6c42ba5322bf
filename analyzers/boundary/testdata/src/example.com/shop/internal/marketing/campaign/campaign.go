// Package campaign is marketing's, which uses pricing but not coreproduct.
package campaign

import pricingapi "example.com/shop/internal/pricing/api"

func Feature(sku string) string {
	q := pricingapi.Quote{Cents: 100}
	_ = q.Cents
	return pricingapi.Lookup(sku).SKU // want `marketing uses field api.Product.SKU of coreproduct, but marketing does not list coreproduct in uses; add coreproduct to marketing.uses`
}
