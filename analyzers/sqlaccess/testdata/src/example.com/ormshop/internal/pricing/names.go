package pricing

// The names the SQL of consts.go is assembled from, declared in another file.
const (
	productsTable = "products"
	selectLabel   = "SELECT name"
)
