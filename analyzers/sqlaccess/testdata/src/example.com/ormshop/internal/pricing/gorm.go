// Package pricing owns price_history and the price columns of products.
package pricing

import (
	"gorm.io/gorm"

	"example.com/ormshop/internal/coreproduct"
)

// Price is pricing's own columns of products, addressed by the SKU.
type Price struct {
	SKU           string `gorm:"column:sku;primaryKey"`
	OriginalPrice float64
	SalePrice     float64
	IsOnSale      bool
}

func (*Price) TableName() string { return "products" } // want TableName:`table products`

// HistoryEntry takes gorm's default name, with a tag for one column.
type HistoryEntry struct {
	ID       int64
	SKU      string `gorm:"column:sku"`
	NewPrice float64
	Note     string `gorm:"-"`
}

func (HistoryEntry) TableName() string { return "price_history" } // want TableName:`table price_history`

// putOnSale writes pricing's own columns of products by the key, and its table.
func putOnSale(db *gorm.DB, sku string, price float64) {
	db.Model(&Price{}).Where("sku = ?", sku).Updates(Price{SalePrice: price, IsOnSale: true}) // own columns by the key: shared-table evidence, no finding
	db.Create(&HistoryEntry{SKU: sku, NewPrice: price})
	db.Model(&Price{}).Where("sku = ?", sku).Update("sale_price", price) // the same
}

// labels reads core product's columns through its model.
func labels(db *gorm.DB) []coreproduct.Product {
	var ps []coreproduct.Product
	db.Find(&ps)                                                        // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	db.Table("products").Select("name").Where("sku = ?", "x").Scan(&ps) // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	var n int64
	db.Model(&HistoryEntry{}).Joins("JOIN categories c ON c.id = price_history.id").Count(&n) // want `reads coreproduct's column.*categories\.id.*\[foreign-table pricing->coreproduct\]` `spans contexts coreproduct, pricing.*\[cross-join pricing->coreproduct\]`
	return ps
}

// activate writes core product's column through gorm's Update.
func activate(db *gorm.DB, sku string) {
	db.Model(&coreproduct.Product{}).Where("sku = ?", sku).Update("is_active", true) // want `writes coreproduct's column.*products\.is_active.*\[foreign-table pricing->coreproduct\]`
	db.Exec("DELETE FROM categories WHERE name = ?", sku)                            // want `writes coreproduct's table.*categories.*\[foreign-table pricing->coreproduct\]`
}

// unknown tables are dynamic SQL, counted and not guessed at.
func unknown(db *gorm.DB, table string, dest map[string]interface{}) {
	db.Table(table).Find(&[]Price{})
	db.Find(dest)
}
