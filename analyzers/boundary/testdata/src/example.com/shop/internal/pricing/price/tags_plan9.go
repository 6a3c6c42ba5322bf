//go:build plan9

// Excluded on the platforms the tests run on: not analyzed.
package price

import _ "example.com/shop/internal/inventory/stock"
