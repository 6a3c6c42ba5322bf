package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Warning is a problem in faultline.yaml that does not stop a run: an entry
// that matches nothing in the catalog (the schema moved on, the configuration
// follows), or two patterns claiming a table equally specifically. Warnings are
// printed on standard error as file:line:col and listed under "warnings" in
// JSON; they never change the exit status and never go into a baseline.
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
}

// String renders the warning as go vet renders a diagnostic:
// "faultline.yaml:12:14: warning: message; fix".
func (w Warning) String() string {
	s := w.Message
	if w.Fix != "" {
		s += "; " + w.Fix
	}
	return fmt.Sprintf("%s:%d:%d: warning: %s", w.File, w.Line, w.Column, s)
}

// SortWarnings orders warnings by position and drops exact duplicates.
func SortWarnings(ws []Warning) []Warning {
	slices.SortFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(ws)
}

// Bookkeeping lists the tables migration tools keep their state in. They are
// created when the tool first runs, never by a migration, so the catalog the
// migrations build lacks them: such a table is shared by every context without
// being listed, and a table entry naming one is never a warning.
var Bookkeeping = []string{
	"schema_migrations",      // golang-migrate, dbmate, Rails
	"goose_db_version",       // goose
	"gorp_migrations",        // sql-migrate
	"schema_version",         // tern
	"flyway_schema_history",  // Flyway
	"atlas_schema_revisions", // Atlas
	"_sqlx_migrations",       // sqlx
	"ar_internal_metadata",   // Rails
	"knex_migrations",        // knex
	"knex_migrations_lock",   // knex
}

// IsBookkeeping reports whether a table name, or a table entry of
// faultline.yaml ("name" or "schema.name"), names a migration tool's
// bookkeeping table.
func IsBookkeeping(entry string) bool {
	if _, name, ok := strings.Cut(entry, "."); ok {
		entry = name
	}
	return slices.Contains(Bookkeeping, entry)
}
