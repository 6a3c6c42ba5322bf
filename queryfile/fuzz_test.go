package queryfile

import (
	"strings"
	"testing"
)

// FuzzSplit cuts arbitrary query files: no panic, and every block is the part of
// the file its offset says.
func FuzzSplit(f *testing.F) {
	f.Add("-- name: GetPrice :one\nSELECT sale_price FROM products WHERE sku = $1;\n\n-- name: ListSales :many\nSELECT sku FROM products WHERE is_on_sale;\n")
	f.Add("-- name: a\nselect 1;\n-- name:\n")
	f.Add("SELECT 1; -- name: not a name line\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, b := range Split(src) {
			if b.Offset < 0 || b.Offset+len(b.Text) > len(src) || !strings.HasPrefix(src[b.Offset:], b.Text) {
				t.Fatalf("block %q at %d is not the file's text", b.Text, b.Offset)
			}
		}
	})
}
