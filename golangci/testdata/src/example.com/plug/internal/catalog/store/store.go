// Package store is the catalog's storage, private to it.
package store

// Count returns how many items there are.
func Count() int { return 0 }
