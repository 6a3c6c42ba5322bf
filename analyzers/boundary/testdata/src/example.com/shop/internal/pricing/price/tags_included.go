//go:build !faultline_never

// Included unless the tag is set: analyzed like any file.
package price

import _ "example.com/shop/internal/inventory/stock" // want `pricing imports inventory package example.com/shop/internal/inventory/stock, but pricing does not list inventory in uses`
