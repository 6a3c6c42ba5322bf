package repo

// Product is coreproduct's row.
type Product struct{ SKU string }

// ProductBySKU is coreproduct's repository function.
func ProductBySKU(d *DB, sku string) Product { d.Close(); return Product{SKU: sku} }

func productCount(d *DB) int { return len(ProductBySKU(d, "x").SKU) }
