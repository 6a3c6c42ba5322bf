// Package dbutil is the shared kernel's: helpers whose SQL is their callers'.
package dbutil

import (
	"strings"

	"github.com/jmoiron/sqlx"
)

// Run runs a prepared statement it is handed.
func Run(s *sqlx.Stmt, args ...any) error { // want Run:"sql\\(sql arg 0\\)"
	_, err := s.Exec(args...)
	return err
}

// Count fills a template's %query% and runs it.
func Count(db *sqlx.DB, tpl, cond string) int { // want Count:"sql\\(sql arg 1\\)"
	var n int
	q := strings.ReplaceAll(tpl, "%query%", cond)
	db.Get(&n, q)
	return n
}

// Unsubscribe writes subscribers' table for whoever calls it.
func Unsubscribe(db *sqlx.DB, id int) { // want Unsubscribe:"sql\\(update subscribers:w on param 0 own\\)"
	db.MustExec("UPDATE subscribers SET status = 'blocked' WHERE id = $1", id)
}
