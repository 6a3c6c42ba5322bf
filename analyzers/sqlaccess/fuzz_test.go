package sqlaccess

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/query"
)

// stubs are the packages the fuzzed Go file imports, small enough to type-check
// on every input.
var stubs = map[string]string{
	"fmt":     "package fmt\nfunc Sprintf(format string, a ...any) string { return format }\n",
	"strings": "package strings\nfunc Join(elems []string, sep string) string { return sep }\n",
}

type stubImporter map[string]*types.Package

func (m stubImporter) Import(path string) (*types.Package, error) {
	if p, ok := m[path]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("no package %s", path)
}

func newStubImporter(t testing.TB) stubImporter {
	m := stubImporter{}
	for path, src := range stubs {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{Importer: importer.Default()}).Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		m[path] = pkg
	}
	return m
}

const fuzzConfig = `version: 1
contexts:
  coreproduct:
    packages: [internal/coreproduct/...]
    tables: [products, categories]
  pricing:
    packages: [internal/pricing/...]
    tables: [price_history]
    columns: [products.original_price, products.sale_price, products.is_on_sale]
  inventory:
    packages: [internal/inventory/...]
    tables: [stock]
shared:
  tables: [schema_migrations]
`

type fuzzCatalog map[string]query.TableInfo

func (c fuzzCatalog) Table(schema, name string) (query.TableInfo, bool) {
	ti, ok := c[name]
	return ti, ok
}

var fuzzTables = fuzzCatalog{
	"products":      {Schema: "public", Name: "products", PrimaryKey: []string{"sku"}, Columns: []string{"sku", "name", "is_active", "sale_price"}},
	"price_history": {Schema: "public", Name: "price_history", PrimaryKey: []string{"id"}, Columns: []string{"id", "sku", "new_price"}},
	"stock":         {Schema: "public", Name: "stock", PrimaryKey: []string{"sku"}, Columns: []string{"sku", "quantity"}},
}

// FuzzSQLString puts arbitrary SQL in every form the extractor understands (an
// interpreted and a raw literal, a constant, a concatenation, a Sprintf format and
// argument, a strings.Join element), and checks that the text is recovered
// exactly, that every byte maps back into the Go file, and that parsing and
// judging the SQL never panics, whatever libpg_query makes of it.
func FuzzSQLString(f *testing.F) {
	for _, s := range []string{
		"SELECT name FROM products WHERE sku = $1",
		"UPDATE products SET is_active = true, sale_price = 1 WHERE sku = ?",
		"WITH stock AS (SELECT 1) SELECT * FROM stock",
		"SELECT p.name, h.new_price FROM products p JOIN price_history h USING (sku)",
		"INSERT INTO price_history (sku, new_price) VALUES (:sku, :price); DELETE FROM stock",
		"UPDATE price_history SET new_price = WHERE id = $1",
		"SELECT '%s', %d, %%, %[1]q FROM stock",
		"SELECT 'é\t\x00' FROM \"products\"",
		"SELECT " + strings.Repeat("(", 2000) + "1" + strings.Repeat(")", 2000),
		"COPY stock FROM STDIN",
		"SELECT $$ a ; b $$, E'\\'' FROM products",
		"\r\n-- comment\r\nSELECT 1 /* x */",
	} {
		f.Add(s)
	}
	imp := newStubImporter(f)
	cfg, err := config.Parse("faultline.yaml", []byte(fuzzConfig))
	if err != nil {
		f.Fatal(err)
	}
	res := &access.Resolver{Config: cfg, Catalog: fuzzTables}

	f.Fuzz(func(t *testing.T, sql string) {
		q := strconv.Quote(sql)
		var raw string
		if !strings.ContainsAny(sql, "`\r") && utf8.ValidString(sql) && !strings.ContainsRune(sql, 0) && !strings.ContainsRune(sql, '\uFEFF') {
			raw = "`" + sql + "`"
		}
		// Split the quoted literal into two literals at a byte that starts no escape.
		left, right := splitQuoted(sql)
		src := "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n" +
			"const c = " + q + "\n\n" +
			"var (\n" +
			"\t_ = " + q + "\n" +
			"\t_ = c\n" +
			"\t_ = " + strconv.Quote(left) + " + " + strconv.Quote(right) + "\n" +
			"\t_ = fmt.Sprintf(" + q + ", 1, \"x\", v)\n" +
			"\t_ = fmt.Sprintf(\"%s %d\", " + q + ", 7)\n" +
			"\t_ = strings.Join([]string{" + q + ", c}, \", \")\n"
		if raw != "" {
			src += "\t_ = " + raw + "\n"
		}
		src += ")\n\nvar v string\n"

		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatalf("generated file does not parse: %v\n%s", err, src)
		}
		info := &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{},
			Defs:  map[*ast.Ident]types.Object{},
			Uses:  map[*ast.Ident]types.Object{},
		}
		_, err = (&types.Config{Importer: imp}).Check("p", fset, []*ast.File{file}, info)
		if err != nil {
			t.Fatalf("generated file does not type-check: %v\n%s", err, src)
		}
		x := &extractor{info: info, consts: map[types.Object]ast.Expr{}, vars: map[types.Object]ast.Expr{}}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				x.consts[info.Defs[vs.Names[0]]] = vs.Values[0]
			}
		}
		tf := fset.File(file.Pos())
		a := &analyzer{catalog: fuzzTables, parsed: map[string]parsed{}}

		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR || len(gd.Specs) < 2 {
				continue
			}
			for i, spec := range gd.Specs {
				e := spec.(*ast.ValueSpec).Values[0]
				text, ok := x.eval(e)
				if !ok {
					if i == 3 {
						// The fuzzed text as a format may want more arguments than it has.
						continue
					}
					t.Fatalf("expression %d not evaluated: %s", i, src)
				}
				if want, ok := expected(i, sql); ok && text.text != want {
					t.Fatalf("expression %d: got %q, want %q", i, text.text, want)
				}
				// Every byte (a sample of them in a long text), and the end, maps
				// into the file, inside the expression.
				step := max(1, len(text.text)/64)
				for off := 0; off <= len(text.text); off += min(step, max(1, len(text.text)-off)) {
					p := text.pos(fset, off, e.Pos())
					if !p.IsValid() || int(p) < tf.Base() || int(p) > tf.Base()+tf.Size() {
						t.Fatalf("expression %d: offset %d maps outside the file", i, off)
					}
					if local(i) && (p < e.Pos() || p > e.End()) {
						t.Fatalf("expression %d: offset %d maps to %s, outside %s-%s", i, off, fset.Position(p), fset.Position(e.Pos()), fset.Position(e.End()))
					}
				}
				stmts, err := a.parse(text.text)
				for _, pe := range query.ParseErrors(err) {
					if pe.Offset < 0 || pe.Offset > len(text.text) {
						t.Fatalf("parse error offset %d outside the text of %d bytes", pe.Offset, len(text.text))
					}
					text.pos(fset, pe.Offset, e.Pos())
				}
				for _, st := range stmts {
					if st.Offset < 0 || st.Offset > len(text.text) {
						t.Fatalf("statement offset %d outside the text of %d bytes", st.Offset, len(text.text))
					}
					res.Touches(st)
					for _, from := range []string{"", "pricing", "coreproduct"} {
						res.Check(from, st, access.Site{File: "p.go", Line: 1, Column: 1})
					}
				}
			}
		}
		// The raw literal maps each byte of its value to the same byte in the source.
		if raw != "" {
			offs := literalOffsets(raw)
			if len(offs) != len(sql) {
				t.Fatalf("raw literal: %d offsets for %d bytes", len(offs), len(sql))
			}
			for i, o := range offs {
				if raw[o] != sql[i] {
					t.Fatalf("raw literal: byte %d maps to %q, want %q", i, raw[o], sql[i])
				}
			}
		}
		// The interpreted literal's offsets rise with the value's bytes.
		offs := literalOffsets(q)
		if len(offs) != len(sql) {
			t.Fatalf("literal %s: %d offsets for %d bytes", q, len(offs), len(sql))
		}
		for i := 1; i < len(offs); i++ {
			if offs[i] < offs[i-1] || offs[i] <= 0 || offs[i] >= len(q)-1 {
				t.Fatalf("literal %s: offsets %v out of order", q, offs)
			}
		}
	})
}

// expected is the text expression i of the generated file must evaluate to,
// when the test can say it simply.
func expected(i int, sql string) (string, bool) {
	switch i {
	case 0, 1, 2, 6:
		return sql, true
	case 4:
		return sql + " 7", true
	case 5:
		return sql + ", " + sql, true
	}
	return "", false
}

// local reports whether every byte of expression i comes from the expression
// itself, not from the declaration of the constant c.
func local(i int) bool { return i != 1 && i != 5 }

// splitQuoted cuts sql in two at a rune boundary near its middle.
func splitQuoted(sql string) (string, string) {
	i := len(sql) / 2
	for i > 0 && !utf8.RuneStart(sql[i]) {
		i--
	}
	return sql[:i], sql[i:]
}
