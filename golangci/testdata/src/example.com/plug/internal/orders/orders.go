// Package orders takes orders for catalog items.
package orders

import (
	"example.com/plug/internal/catalog/api"
	"example.com/plug/internal/catalog/store" // want `orders imports example.com/plug/internal/catalog/store`
)

// Describe names an item and says how many there are.
func Describe(id int64) (string, int) {
	return api.Name(id), store.Count()
}
