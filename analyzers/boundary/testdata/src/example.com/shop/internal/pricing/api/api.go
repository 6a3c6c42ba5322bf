// Package api is pricing's published api.
package api

import coreapi "example.com/shop/internal/coreproduct/api"

type Quote struct{ Cents int64 }

// Lookup hands out core product's api type.
func Lookup(sku string) coreapi.Product { return coreapi.Find(sku) }
