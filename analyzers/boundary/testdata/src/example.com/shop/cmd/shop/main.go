// Command shop wires every context together; it belongs to no context, so nothing
// here is reported, but its references are recorded.
package main

import (
	coreapi "example.com/shop/internal/coreproduct/api"
	"example.com/shop/internal/coreproduct/repository"
	"example.com/shop/internal/pricing/price"
)

func main() {
	println(coreapi.Find("x").SKU, repository.Default.Count(), price.Total())
}
