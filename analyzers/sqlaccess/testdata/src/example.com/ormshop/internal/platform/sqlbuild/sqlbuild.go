// Package sqlbuild assembles SQL for every context from constants and names its
// callers pass: what each call builds is known where it is called.
package sqlbuild

import "fmt"

// Products is the table's name, a constant of the shared kernel.
const Products = "products"

// SelectFrom lists columns of a table.
func SelectFrom(cols, table string) string { // want SelectFrom:`sqlfunc "SELECT \{0\} FROM \{1\}"`
	return "SELECT " + cols + " FROM " + table
}

// CountOf counts a table's rows.
func CountOf(table string) string { // want CountOf:`sqlfunc "SELECT count\(\*\) FROM \{0\} LIMIT 1000"`
	return fmt.Sprintf("SELECT count(*) FROM %s LIMIT %d", table, 1000)
}

// Table is a name, not SQL: no fact.
func Table() string { return Products }
