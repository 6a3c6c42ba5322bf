package infer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/query"
)

// pkg is one Go package of the tree, as parsing alone sees it.
type pkg struct {
	rel        string // directory relative to the root, slash-separated; "." for the root
	importPath string // "" when no go.mod governs the root
	imports    []string
	files      []string // base names of the non-test .go files
	exported   int      // exported functions (not methods)
	sql        []sqlText
	// migration is set for a package of Go migrations (a folder named migrations,
	// or code importing a migration tool): it changes the schema, it is no context.
	migration bool
}

// refs is what one Go file names that can bind it to a named query: its string
// literals (dotsql's LookupQuery("name"), goyesql's map lookups) and the names
// it selects (q.GetSubscriber, sqlc's generated methods).
type refs struct {
	strs, sels map[string]bool
}

// sqlText is a string in Go code or a query file that looks like SQL.
type sqlText struct {
	file string // relative to the root, slash-separated
	text string
}

// tree is everything the inference reads from disk.
type tree struct {
	root       string // absolute
	module     string // the import path of the root directory; "" without go.mod
	pkgs       map[string]*pkg
	queryFiles []sqlText // .sql files outside migration folders
	// files maps each Go file (relative, slash-separated) to what it names; fields
	// maps a query name to the struct fields tagged query:"name".
	files  map[string]*refs
	fields map[string][]string
}

// skipDir reports whether a directory is never part of the monolith's own code.
func skipDir(name string) bool {
	return name == "vendor" || name == "testdata" || name == "node_modules" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// isMigrationDir reports whether rel (slash-separated) is, or is inside, a folder
// of migrations: one of the guessed ones or any folder named migrations or migrate,
// but never one of the queryRoots.
func isMigrationDir(rel string, migrationDirs []string) bool {
	for _, q := range queryRoots {
		if rel == q || strings.HasPrefix(rel, q+"/") {
			return false
		}
	}
	for _, m := range migrationDirs {
		m = strings.TrimSuffix(m, "/...")
		if rel == m || strings.HasPrefix(rel, m+"/") {
			return true
		}
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "migrations" || part == "migrate" {
			return true
		}
	}
	return false
}

// scan walks the tree under root, parsing every non-test Go file and reading the
// .sql files that are not migrations.
func scan(root string, migrationDirs []string) (*tree, error) {
	t := &tree{root: root, module: modulePath(root), pkgs: map[string]*pkg{}, files: map[string]*refs{}, fields: map[string][]string{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p == root {
				return nil
			}
			if skipDir(d.Name()) {
				return filepath.SkipDir
			}
			// Another module nested in this one is not part of it.
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // links, devices and named pipes: the go command skips them too
		}
		dir := path.Dir(rel)
		switch {
		case strings.HasSuffix(d.Name(), ".sql"):
			if isMigrationDir(dir, migrationDirs) || slices.Contains(migrationDirs, rel) {
				return nil
			}
			data, err := safefile.Read(p)
			if err != nil {
				return err
			}
			t.queryFiles = append(t.queryFiles, sqlText{file: rel, text: string(data)})
		case strings.HasSuffix(d.Name(), ".go") && !strings.HasSuffix(d.Name(), "_test.go"):
			f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				// A file that does not parse says nothing reliable; the rest still counts.
				return nil
			}
			pk := t.pkgs[dir]
			if pk == nil {
				pk = &pkg{rel: dir, importPath: t.importPath(dir)}
				t.pkgs[dir] = pk
			}
			pk.files = append(pk.files, d.Name())
			pk.add(f, rel)
			t.files[rel] = fileRefs(f)
			t.tagFields(f)
			pk.migration = pk.migration || isMigrationPkg(dir, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, pk := range t.pkgs {
		slices.Sort(pk.imports)
		pk.imports = slices.Compact(pk.imports)
	}
	return t, nil
}

// migrationImports are the migration tools whose importers are migrations.
var migrationImports = []string{"github.com/pressly/goose", "github.com/golang-migrate/migrate", "github.com/go-gormigrate/gormigrate", "github.com/rubenv/sql-migrate"}

// isMigrationPkg reports whether a file makes its package one of Go migrations.
func isMigrationPkg(dir string, f *ast.File) bool {
	switch path.Base(dir) {
	case "migrations", "migration", "migrate", "migrator":
		return true
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		for _, m := range migrationImports {
			if p == m || strings.HasPrefix(p, m+"/") {
				return true
			}
		}
	}
	return false
}

// fileRefs collects the string literals and selected names of a file.
func fileRefs(f *ast.File) *refs {
	r := &refs{strs: map[string]bool{}, sels: map[string]bool{}}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil && len(s) < 200 {
					r.strs[s] = true
				}
			}
		case *ast.SelectorExpr:
			r.sels[n.Sel.Name] = true
		}
		return true
	})
	return r
}

// tagFields records the struct fields tagged query:"name" (goyesql and dotsql
// scan named queries into them).
func (t *tree) tagFields(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok {
			return true
		}
		for _, field := range st.Fields.List {
			if field.Tag == nil || len(field.Names) == 0 {
				continue
			}
			tag, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				continue
			}
			if name := reflect.StructTag(tag).Get("query"); name != "" {
				t.fields[name] = append(t.fields[name], field.Names[0].Name)
			}
		}
		return true
	})
}

// importPath is the import path of the package in dir (relative to the root).
func (t *tree) importPath(dir string) string {
	switch {
	case t.module == "":
		return ""
	case dir == ".":
		return t.module
	}
	return t.module + "/" + dir
}

// relOf turns an import path of this module into a directory relative to the
// root; ok is false for other modules' packages.
func (t *tree) relOf(importPath string) (string, bool) {
	switch {
	case t.module == "":
		return "", false
	case importPath == t.module:
		return ".", true
	case strings.HasPrefix(importPath, t.module+"/"):
		return importPath[len(t.module)+1:], true
	}
	return "", false
}

// modulePath returns the import path of dir: the module path of the first go.mod
// at or above it, joined with dir's path below that go.mod.
func modulePath(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := safefile.Read(filepath.Join(d, "go.mod")); err == nil {
			mod := modfile.ModulePath(data)
			if mod == "" {
				return ""
			}
			rel, err := filepath.Rel(d, dir)
			if err != nil || rel == "." {
				return mod
			}
			return mod + "/" + filepath.ToSlash(rel)
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// add records what one file of the package says: its imports, its exported
// functions and the string literals that look like SQL.
func (pk *pkg) add(f *ast.File, file string) {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil {
			pk.imports = append(pk.imports, p)
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
			pk.exported++
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.BinaryExpr:
			// "SELECT ..." + "FROM ..." is one statement, not two fragments.
			if s, ok := concat(n); ok {
				pk.addSQL(file, s)
				return false
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					pk.addSQL(file, s)
				}
			}
		}
		return true
	})
}

// concat folds a sum of string literals into its value.
func concat(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return concat(e.X)
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := concat(e.X)
		if !ok {
			return "", false
		}
		y, ok := concat(e.Y)
		return x + y, ok
	}
	return "", false
}

func (pk *pkg) addSQL(file, s string) {
	if looksLikeSQL(s) {
		pk.sql = append(pk.sql, sqlText{file: file, text: s})
	}
}

// sqlKeywords open the statements that read or write data.
var sqlKeywords = []string{"select", "insert", "update", "delete", "with", "merge", "copy", "truncate"}

// looksLikeSQL reports whether s, past blanks and SQL comments (sqlc puts a
// "-- name:" line first), starts with a keyword of a data statement.
func looksLikeSQL(s string) bool {
	for {
		s = strings.TrimLeft(s, " \t\r\n(")
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return false
			}
			s = s[i+1:]
			continue
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return false
			}
			s = s[i+2:]
			continue
		}
		break
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') })
	if end <= 0 || !strings.ContainsRune(" \t\r\n(", rune(s[end])) {
		return false
	}
	return slices.Contains(sqlKeywords, strings.ToLower(s[:end]))
}

// analyze returns the data statements of a text, dropping what does not parse:
// a string that merely starts like SQL ("update failed: %w") is not SQL.
func analyze(s string, cat query.Catalog) []query.Statement {
	stmts, _ := query.Analyze(s, cat)
	var out []query.Statement
	for _, st := range stmts {
		// DDL in a query file defines tables; it does not use them.
		if st.Command != "ddl" && len(st.Tables) > 0 {
			out = append(out, st)
		}
	}
	return out
}
