// Package coreproduct owns products and categories, mapped with gorm.
package coreproduct

import "gorm.io/gorm"

// Product is core product's columns of products.
type Product struct {
	SKU          string `gorm:"column:sku;primaryKey"`
	Name         string
	CategoryName string
	IsActive     bool
}

// TableName maps Product to products.
func (Product) TableName() string { return "products" }

// Category maps to categories, gorm's default name.
type Category struct {
	ID   int64
	Name string
}

// Active lists the active products: core product's own columns.
func Active(db *gorm.DB) ([]Product, error) {
	var ps []Product
	err := db.Where("is_active = ?", true).Find(&ps).Error
	return ps, err
}

// EndSales writes pricing's column of products.
func EndSales(db *gorm.DB) error {
	return db.Model(&Product{}).Where("NOT is_active").Update("is_on_sale", false).Error
}
