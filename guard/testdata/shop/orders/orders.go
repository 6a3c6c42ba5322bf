// Package orders runs the statements the guard's tests hand it as orders's code.
package orders

// Run calls fn, so that fn's statements are issued from this package.
//
//go:noinline
func Run(fn func()) { fn() }

// Batch calls fn too: a second function of orders, for keys that name it.
//
//go:noinline
func Batch(fn func()) { fn() }
