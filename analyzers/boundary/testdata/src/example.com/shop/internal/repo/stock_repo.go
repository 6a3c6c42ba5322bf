package repo

// StockOf is inventory's.
func StockOf(d *DB, sku string) int {
	var p Product                         // a private use of coreproduct that TICKET-7 allows
	return len(p.SKU) + len(priceRows(d)) // want `^inventory uses function repo.priceRows of pricing \(declared in internal/repo/price_repo.go\), but inventory does not list pricing in uses; add pricing to inventory.uses in faultline.yaml if this dependency is intended, then call pricing through internal/pricing/api \[(import|private) \w+->\w+\]$`
}
