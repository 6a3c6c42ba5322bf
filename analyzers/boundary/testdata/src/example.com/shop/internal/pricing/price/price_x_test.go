package price_test

import (
	"testing"

	"example.com/shop/internal/coreproduct/repository" // want `pricing imports example.com/shop/internal/coreproduct/repository, a private package of coreproduct`
	"example.com/shop/internal/pricing/discount"
	"example.com/shop/internal/pricing/price"
)

// An external test of pricing is pricing's: reaching into coreproduct is reported.
func TestTotal(t *testing.T) {
	if price.Total() < 0 || discount.Rate() < 0 || repository.Default.Count() < 0 {
		t.Fail()
	}
}
