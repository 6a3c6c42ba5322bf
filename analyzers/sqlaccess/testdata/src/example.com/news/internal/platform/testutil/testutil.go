// Package testutil is imported by tests only: it imports "testing", so its SQL
// is fixture work.
package testutil

import (
	"testing"

	"github.com/jmoiron/sqlx"
)

// Reset empties every table between tests.
func Reset(t testing.TB, db *sqlx.DB) { // want Reset:"sql\\(other .* on param 1 own\\)"
	t.Helper()
	db.MustExec("TRUNCATE subscribers, subscriber_lists, campaigns, campaign_lists, lists, settings")
}
