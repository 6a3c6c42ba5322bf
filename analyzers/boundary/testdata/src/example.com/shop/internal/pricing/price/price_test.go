package price

import (
	"testing"

	"example.com/shop/internal/pricing/discount"
)

// A context's own test uses its internals freely.
func TestRate(t *testing.T) {
	if discount.Rate() <= 0 {
		t.Fail()
	}
}
