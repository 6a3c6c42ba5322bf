// Package coreproduct owns products and categories; its gorm models map them.
package coreproduct

import "gorm.io/gorm"

// Product is core product's view of a product: its own columns only.
type Product struct {
	SKU          string `gorm:"column:sku;primaryKey"`
	Name         string
	CategoryName string
	IsActive     bool
	Category     *Category `gorm:"foreignKey:CategoryName;references:Name"`
}

func (Product) TableName() string { return "products" } // want TableName:`table products`

// Category takes gorm's default table name: categories.
type Category struct {
	ID   int64
	Name string
}

// activeProducts reads core product's own columns: no finding.
func activeProducts(db *gorm.DB) []Product {
	var ps []Product
	db.Where("is_active = ?", true).Find(&ps)
	db.Preload("Category").Find(&ps)
	db.Joins("Category").First(&ps)
	return ps
}

// clearSales writes pricing's column through a map of updates.
func clearSales(db *gorm.DB) {
	db.Model(&Product{}).Where("NOT is_active").Updates(map[string]interface{}{"is_on_sale": false}) // want `writes pricing's column.*products\.is_on_sale.*\[foreign-table coreproduct->pricing\]`
}
