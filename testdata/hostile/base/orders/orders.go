// Package orders takes orders.
package orders

// Total is an order's total.
func Total() int { return 0 }
