// Package inventory owns stock; it builds its SQL with squirrel.
package inventory

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
	"github.com/jmoiron/sqlx"
)

func levels(ctx context.Context, db *sql.DB, sku string) {
	q, args, err := sq.Select("quantity").From("stock").Where(sq.Eq{"sku": sku}).ToSql()
	if err == nil {
		db.QueryContext(ctx, q, args...)
	}
	q2, args2, _ := sq.Select("s.quantity", "p.name").From("stock s").Join("products p ON p.sku = s.sku").ToSql()
	db.QueryContext(ctx, q2, args2...) // want `reads coreproduct's column.*products\.name.*\[foreign-table inventory->coreproduct\]` `spans contexts coreproduct, inventory.*\[cross-join inventory->coreproduct\]`

	sq.Update("products").Set("is_active", false).Where("sku = ?", sku).RunWith(db).Exec() // want `writes coreproduct's column.*products\.is_active.*\[foreign-table inventory->coreproduct\]`
	sq.StatementBuilder.PlaceholderFormat(sq.Dollar).Select("quantity").From("stock").RunWith(db).QueryRow()

	// A table chosen at run time: counted, not guessed at.
	q3, _, _ := sq.Select("quantity").From(sku).ToSql()
	db.QueryContext(ctx, q3)
}

// names runs SQL whose markers sqlx rebinds.
func names(xdb *sqlx.DB, sku string) {
	var n []string
	xdb.Select(&n, xdb.Rebind("SELECT name FROM products WHERE sku = ?"), sku) // want `reads coreproduct's column.*products\.name.*\[foreign-table inventory->coreproduct\]`
	xdb.Select(&n, sqlx.Rebind(1, "SELECT quantity FROM stock WHERE sku = ?"), sku)
}
