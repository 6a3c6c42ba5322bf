// Package marketing owns campaigns; it builds its SQL with goqu.
package marketing

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9"

	"example.com/ormshop/internal/platform/sqlbuild"
)

type Campaign struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
}

type ProductRow struct {
	SKU  string `db:"sku"`
	Name string `db:"name"`
}

func campaigns(ctx context.Context, sqldb *sql.DB) {
	db := goqu.New("postgres", sqldb)
	var cs []Campaign
	db.From("campaigns").Where(goqu.Ex{"id": 1}).ScanStructs(&cs)
	q, _, _ := goqu.From("campaigns").Select("title").ToSQL()
	sqldb.QueryContext(ctx, q)

	var ps []ProductRow
	db.From(goqu.T("products")).ScanStructs(&ps)                                                    // want `reads coreproduct's column.*products\.name.*\[foreign-table marketing->coreproduct\]`
	db.From("campaigns").Join(goqu.T("stock"), goqu.On(goqu.Ex{"stock.sku": "x"})).Count()          // want `reads inventory's.*stock.*\[foreign-table marketing->inventory\]` `spans contexts inventory, marketing.*\[cross-join marketing->inventory\]`
	db.Update("stock").Set(goqu.Record{"quantity": 0}).Where(goqu.Ex{"sku": "x"}).Executor().Exec() // want `writes inventory's column.*stock\.quantity.*\[foreign-table marketing->inventory\]`
	goqu.Insert("campaigns").Rows(Campaign{Title: "spring"}).Executor().Exec()
}

// assembled runs SQL the shared kernel assembles from the names given here.
func assembled(ctx context.Context, sqldb *sql.DB) {
	sqldb.QueryContext(ctx, sqlbuild.SelectFrom("name", sqlbuild.Products)) // want `reads coreproduct's column.*products\.name.*\[foreign-table marketing->coreproduct\]`
	sqldb.QueryContext(ctx, sqlbuild.CountOf(sqlbuild.Table()))
	sqldb.QueryContext(ctx, sqlbuild.CountOf("campaigns"))
	sqldb.QueryContext(ctx, sqlbuild.CountOf("stock")) // want `reads inventory's.*stock.*\[foreign-table marketing->inventory\]`
}
