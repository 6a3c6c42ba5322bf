// Package repo holds the repositories of several contexts, one file each, as
// layered monoliths do (the pkg/repo of a photo server); db.go is the shared
// kernel's.
package repo

import "example.com/shop/internal/coreproduct/api"

// DB is the shared handle every context may use.
type DB struct{ Name string }

// Open opens the handle.
func Open() *DB { return &DB{} }

// Close closes it.
func (d *DB) Close() {}

// The shared kernel may depend on anything.
var _ = api.Find
