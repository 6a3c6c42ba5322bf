package repo

// PriceOf is pricing's: it calls into coreproduct's file of the same package.
func PriceOf(d *DB, sku string) int {
	p := ProductBySKU(d, sku) // want `^pricing uses function repo.ProductBySKU of coreproduct \(declared in internal/repo/product_repo.go, not in its api\); call coreproduct through internal/coreproduct/api, or move the code pricing needs into pricing's own files \[(import|private) \w+->\w+\]$`
	n := productCount(d)      // want `pricing uses function repo.productCount of coreproduct`
	return n + len(p.SKU)     // want `pricing uses field repo.Product.SKU of coreproduct`
}

func priceRows(d *DB) []int { return []int{PriceOf(d, "x")} }
