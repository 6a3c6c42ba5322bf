// Package marketing owns the campaigns table and talks to the database through sqlx.
package marketing

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Campaign is a marketing campaign.
type Campaign struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
}

// sqlxForms issues foreign SQL through every sqlx call form.
func sqlxForms(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, sku string) {
	var name string
	var names []string
	c := Campaign{}
	db.Select(&c, "SELECT id, title FROM campaigns WHERE id = $1", 1)
	db.Get(&name, "SELECT name FROM products WHERE sku = $1", sku)                         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.GetContext(ctx, &name, "SELECT name FROM products WHERE sku = $1", sku)             // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.Select(&names, "SELECT name FROM products WHERE sku = $1", sku)                     // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.SelectContext(ctx, &names, "SELECT name FROM products WHERE sku = $1", sku)         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.Queryx("SELECT name FROM products WHERE sku = $1", sku)                             // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.QueryxContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)                 // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.QueryRowx("SELECT name FROM products WHERE sku = $1", sku)                          // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.QueryRowxContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)              // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.NamedExec("UPDATE products SET name = :title WHERE sku = :sku", c)                  // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.NamedExecContext(ctx, "UPDATE products SET name = :title WHERE sku = :sku", c)      // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.NamedQuery("SELECT name FROM products WHERE sku = :sku", c)                         // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.NamedQueryContext(ctx, "SELECT name FROM products WHERE sku = :sku", c)             // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.MustExec("UPDATE products SET name = $2 WHERE sku = $1", sku, "x")                  // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.MustExecContext(ctx, "UPDATE products SET name = $2 WHERE sku = $1", sku, "x")      // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.Preparex("SELECT name FROM products WHERE sku = $1")                                // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.PreparexContext(ctx, "SELECT name FROM products WHERE sku = $1")                    // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.PrepareNamed("SELECT name FROM products WHERE sku = :sku")                          // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	db.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)                  // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	tx.Get(&name, "SELECT name FROM products WHERE sku = ?", sku)                          // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	tx.Select(&names, "SELECT name FROM products WHERE sku = ?", sku)                      // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	tx.MustExec("UPDATE stock SET quantity = 0 WHERE sku = $1", sku)                       // want `writes inventory's column.*(public\.)?stock\.quantity.*\[foreign-table marketing->inventory\]`
	sqlx.Get(db, &name, "SELECT name FROM products WHERE sku = $1", sku)                   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.Select(tx, &names, "SELECT name FROM products WHERE sku = $1", sku)               // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.GetContext(ctx, db, &name, "SELECT name FROM products WHERE sku = $1", sku)       // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.SelectContext(ctx, db, &names, "SELECT name FROM products WHERE sku = $1", sku)   // want `reads coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.NamedExec(db, "UPDATE products SET name = :title WHERE sku = :sku", c)            // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.MustExec(db, "UPDATE products SET name = $2 WHERE sku = $1", sku, "x")            // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
	sqlx.MustExecContext(ctx, db, "UPDATE products SET name = $2 WHERE sku = $1", sku, "") // want `writes coreproduct's column.*(public\.)?products\.name.*\[foreign-table marketing->coreproduct\]`
}

// categories lists the categories campaigns may target.
func categories(db *sqlx.DB) []string {
	var names []string
	// An allow entry in faultline.yaml covers this function's reads of
	// products (its subject names the function and the table): not reported.
	db.Select(&names, "SELECT DISTINCT category_name FROM products")
	return names
}

// Launch opens a campaign and reserves its stock in one sqlx transaction.
func Launch(db *sqlx.DB, c Campaign, sku string) error {
	tx := db.MustBegin() // want `this transaction writes the data of contexts inventory, marketing`
	tx.NamedExec("INSERT INTO campaigns (id, title) VALUES (:id, :title)", c)
	tx.MustExec("UPDATE stock SET quantity = quantity - 1 WHERE sku = $1", sku) // want `writes inventory's column.*(public\.)?stock\.quantity.*\[foreign-table marketing->inventory\]`
	return tx.Commit()
}

// Rename changes its own campaigns in a Beginx transaction: no finding.
func Rename(db *sqlx.DB, c Campaign) error {
	tx, err := db.Beginx()
	if err != nil {
		return err
	}
	tx.NamedExec("UPDATE campaigns SET title = :title WHERE id = :id", c)
	tx.MustExec("DELETE FROM campaigns WHERE title = ''")
	return tx.Commit()
}
