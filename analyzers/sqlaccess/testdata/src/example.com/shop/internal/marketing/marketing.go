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
	db.Get(&name, "SELECT name FROM products WHERE sku = $1", sku)                         // want `marketing reads coreproduct's columns name `
	db.GetContext(ctx, &name, "SELECT name FROM products WHERE sku = $1", sku)             // want `marketing reads coreproduct's columns name `
	db.Select(&names, "SELECT name FROM products WHERE sku = $1", sku)                     // want `marketing reads coreproduct's columns name `
	db.SelectContext(ctx, &names, "SELECT name FROM products WHERE sku = $1", sku)         // want `marketing reads coreproduct's columns name `
	db.Queryx("SELECT name FROM products WHERE sku = $1", sku)                             // want `marketing reads coreproduct's columns name `
	db.QueryxContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)                 // want `marketing reads coreproduct's columns name `
	db.QueryRowx("SELECT name FROM products WHERE sku = $1", sku)                          // want `marketing reads coreproduct's columns name `
	db.QueryRowxContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)              // want `marketing reads coreproduct's columns name `
	db.NamedExec("UPDATE products SET name = :title WHERE sku = :sku", c)                  // want `marketing writes coreproduct's columns name `
	db.NamedExecContext(ctx, "UPDATE products SET name = :title WHERE sku = :sku", c)      // want `marketing writes coreproduct's columns name `
	db.NamedQuery("SELECT name FROM products WHERE sku = :sku", c)                         // want `marketing reads coreproduct's columns name `
	db.NamedQueryContext(ctx, "SELECT name FROM products WHERE sku = :sku", c)             // want `marketing reads coreproduct's columns name `
	db.MustExec("UPDATE products SET name = $2 WHERE sku = $1", sku, "x")                  // want `marketing writes coreproduct's columns name `
	db.MustExecContext(ctx, "UPDATE products SET name = $2 WHERE sku = $1", sku, "x")      // want `marketing writes coreproduct's columns name `
	db.Preparex("SELECT name FROM products WHERE sku = $1")                                // want `marketing reads coreproduct's columns name `
	db.PreparexContext(ctx, "SELECT name FROM products WHERE sku = $1")                    // want `marketing reads coreproduct's columns name `
	db.PrepareNamed("SELECT name FROM products WHERE sku = :sku")                          // want `marketing reads coreproduct's columns name `
	db.QueryContext(ctx, "SELECT name FROM products WHERE sku = $1", sku)                  // want `marketing reads coreproduct's columns name `
	tx.Get(&name, "SELECT name FROM products WHERE sku = ?", sku)                          // want `marketing reads coreproduct's columns name `
	tx.Select(&names, "SELECT name FROM products WHERE sku = ?", sku)                      // want `marketing reads coreproduct's columns name `
	tx.MustExec("UPDATE stock SET quantity = 0 WHERE sku = $1", sku)                       // want `marketing writes inventory's columns quantity, sku of table (public\.)?stock`
	sqlx.Get(db, &name, "SELECT name FROM products WHERE sku = $1", sku)                   // want `marketing reads coreproduct's columns name `
	sqlx.Select(tx, &names, "SELECT name FROM products WHERE sku = $1", sku)               // want `marketing reads coreproduct's columns name `
	sqlx.GetContext(ctx, db, &name, "SELECT name FROM products WHERE sku = $1", sku)       // want `marketing reads coreproduct's columns name `
	sqlx.SelectContext(ctx, db, &names, "SELECT name FROM products WHERE sku = $1", sku)   // want `marketing reads coreproduct's columns name `
	sqlx.NamedExec(db, "UPDATE products SET name = :title WHERE sku = :sku", c)            // want `marketing writes coreproduct's columns name `
	sqlx.MustExec(db, "UPDATE products SET name = $2 WHERE sku = $1", sku, "x")            // want `marketing writes coreproduct's columns name `
	sqlx.MustExecContext(ctx, db, "UPDATE products SET name = $2 WHERE sku = $1", sku, "") // want `marketing writes coreproduct's columns name `

	// An allow entry in faultline.yaml covers reading category_name: not reported.
	db.Select(&names, "SELECT DISTINCT category_name FROM products")
}

// Launch opens a campaign and reserves its stock in one sqlx transaction.
func Launch(db *sqlx.DB, c Campaign, sku string) error {
	tx := db.MustBegin() // want `this transaction writes the data of contexts inventory, marketing`
	tx.NamedExec("INSERT INTO campaigns (id, title) VALUES (:id, :title)", c)
	tx.MustExec("UPDATE stock SET quantity = quantity - 1 WHERE sku = $1", sku) // want `marketing writes inventory's columns quantity, sku of table (public\.)?stock`
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
