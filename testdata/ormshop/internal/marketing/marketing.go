// Package marketing owns campaigns; it builds SQL with goqu.
package marketing

import (
	"github.com/doug-martin/goqu/v9"
)

// Campaign is a row of campaigns.
type Campaign struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
}

// Product is what marketing reads of products.
type Product struct {
	SKU          string `db:"sku"`
	CategoryName string `db:"category_name"`
}

// Campaigns reads marketing's own table.
func Campaigns(db *goqu.Database) ([]Campaign, error) {
	var cs []Campaign
	err := db.From("campaigns").ScanStructs(&cs)
	return cs, err
}

// Candidates reads core product's categories of products.
func Candidates(db *goqu.Database) ([]Product, error) {
	var ps []Product
	err := db.From(goqu.T("products")).Where(goqu.Ex{"is_active": true}).ScanStructs(&ps)
	return ps, err
}
