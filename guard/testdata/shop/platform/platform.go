// Package platform is the shared kernel: it runs the statements the guard's tests
// hand it, for whoever called it.
package platform

// Run calls fn, so that fn's statements are issued from this package.
//
//go:noinline
func Run(fn func()) { fn() }
