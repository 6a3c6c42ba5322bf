package queryfile

import (
	"strings"
	"testing"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/internal/safefile"
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

// FuzzCheckFile judges arbitrary query files: no panic, and every finding points
// at a line and column inside the file.
func FuzzCheckFile(f *testing.F) {
	f.Add("-- name: a\nSELECT id FROM b_items;\n-- name: a\nSELECT 2;\n-- name: empty\n")
	f.Add("-- name: cr\rSELECT id\rFROM b_items;\r")
	f.Add("-- name: t\nSELECT %s FROM {{.Table}} WHERE x = %query%;\n")
	f.Add("\x00\xff-- name: \n")
	cfg, err := config.Parse(config.FileName, []byte("version: 1\ncontexts:\n  a: {tables: [a_items]}\n  b: {tables: [b_items]}\n"))
	if err != nil {
		f.Fatal(err)
	}
	res := &access.Resolver{Config: cfg}
	f.Fuzz(func(t *testing.T, src string) {
		b := []byte(src)
		safefile.LoneCRToLF(b)
		lines := strings.Count(string(b), "\n") + 1
		for _, fd := range CheckFile(res, "a", "q.sql", string(b)) {
			if fd.Line < 1 || fd.Line > lines || fd.Column < 1 || fd.Message == "" {
				t.Fatalf("finding outside the file (%d lines): %+v", lines, fd)
			}
		}
	})
}
