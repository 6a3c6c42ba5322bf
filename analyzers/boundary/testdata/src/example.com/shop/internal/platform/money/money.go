// Package money is shared kernel: every context may import it.
package money

type Cents int64
