package orders

// RunAsBilling calls fn from a file of orders' package that billing claims
// (faultline.yaml: billing files: [orders/billing_*.go]).
//
//go:noinline
func RunAsBilling(fn func()) { fn() }
