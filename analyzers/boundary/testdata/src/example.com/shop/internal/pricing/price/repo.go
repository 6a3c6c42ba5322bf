package price

// The import of a package split by files is judged by the objects used.
import "example.com/shop/internal/repo"

// Quote reads pricing's own repository and the shared handle, which is fine,
// and inventory's, which pricing does not use.
func Quote(sku string) int {
	d := repo.Open()
	defer d.Close()
	return repo.PriceOf(d, sku) + repo.StockOf(d, sku) // want `^pricing uses function repo.StockOf of inventory \(declared in internal/repo/stock_repo.go\), but pricing does not list inventory in uses`
}
