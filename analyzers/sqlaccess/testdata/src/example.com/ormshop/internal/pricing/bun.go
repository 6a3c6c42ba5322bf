package pricing

import (
	"context"

	"github.com/uptrace/bun"
)

// Change is price_history as bun maps it.
type Change struct {
	bun.BaseModel `bun:"table:price_history,alias:h"`

	ID       int64  `bun:",pk,autoincrement"`
	SKU      string `bun:"sku"`
	NewPrice float64
	Product  *Label `bun:"rel:belongs-to,join:sku=sku"`
}

// Label is core product's columns of products, as pricing's code maps them.
type Label struct {
	bun.BaseModel `bun:"table:products"`

	SKU  string `bun:"sku,pk"`
	Name string
}

func changes(ctx context.Context, db *bun.DB) {
	var cs []Change
	db.NewSelect().Model(&cs).Where("sku = ?", "x").Scan(ctx)
	db.NewInsert().Model(&Change{}).Exec(ctx)
	db.NewSelect().Model(&cs).Relation("Product").Scan(ctx) // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]` `spans contexts coreproduct, pricing.*\[cross-join pricing->coreproduct\]`
	var ls []Label
	db.NewSelect().Model(&ls).Scan(ctx)                                    // want `reads coreproduct's column.*products\.name.*\[foreign-table pricing->coreproduct\]`
	db.NewUpdate().Table("products").Set("is_active = ?", false).Exec(ctx) // want `writes coreproduct's column.*products\.is_active.*\[foreign-table pricing->coreproduct\]`
	db.NewRaw("SELECT name FROM categories").Scan(ctx, &ls)                // want `reads coreproduct's.*categories.*\[foreign-table pricing->coreproduct\]`
}
