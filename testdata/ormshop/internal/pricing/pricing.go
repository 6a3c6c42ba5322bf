// Package pricing owns price_history and the price columns of products.
package pricing

import (
	"context"

	"github.com/uptrace/bun"
	"gorm.io/gorm"

	"example.com/ormshop/internal/coreproduct"
)

// Price is pricing's columns of products, by the SKU.
type Price struct {
	SKU       string `gorm:"column:sku;primaryKey"`
	SalePrice float64
	IsOnSale  bool
}

// TableName maps Price to products.
func (Price) TableName() string { return "products" }

// Change is a row of price_history as bun maps it.
type Change struct {
	bun.BaseModel `bun:"table:price_history"`

	ID       int64 `bun:",pk,autoincrement"`
	SKU      string
	NewPrice float64
}

// Label is core product's name of a product, as pricing's code reads it.
type Label struct {
	bun.BaseModel `bun:"table:products"`

	SKU  string `bun:"sku,pk"`
	Name string
}

// PutOnSale writes pricing's own columns and history.
func PutOnSale(ctx context.Context, db *gorm.DB, bdb *bun.DB, sku string, price float64) error {
	if err := db.Model(&Price{}).Where("sku = ?", sku).Updates(map[string]any{"sale_price": price, "is_on_sale": true}).Error; err != nil {
		return err
	}
	_, err := bdb.NewInsert().Model(&Change{SKU: sku, NewPrice: price}).Exec(ctx)
	return err
}

// Labels reads core product's names through its gorm model and a bun model.
func Labels(ctx context.Context, db *gorm.DB, bdb *bun.DB) ([]coreproduct.Product, []Label, error) {
	var ps []coreproduct.Product
	if err := db.Find(&ps).Error; err != nil {
		return nil, nil, err
	}
	var ls []Label
	err := bdb.NewSelect().Model(&ls).Scan(ctx)
	return ps, ls, err
}
