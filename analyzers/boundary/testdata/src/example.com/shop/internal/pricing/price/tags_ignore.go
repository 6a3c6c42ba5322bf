//go:build ignore

// Excluded from every build: not analyzed.
package price

import _ "example.com/shop/internal/inventory/stock"
