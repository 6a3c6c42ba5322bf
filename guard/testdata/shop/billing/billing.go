// Package billing runs the statements the guard's tests hand it as billing's code.
package billing

// Run calls fn, so that fn's statements are issued from this package.
//
//go:noinline
func Run(fn func()) { fn() }
