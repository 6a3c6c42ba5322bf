// Package config reads faultline.yaml: which packages, tables and columns belong to
// which bounded context, what each context may use, and the known exceptions.
package config

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/faultline/faultline/finding"
)

// FileName is the configuration file faultline looks for.
const FileName = "faultline.yaml"

// Pos is a position in faultline.yaml; Line and Column are 1-based.
type Pos struct {
	File   string
	Line   int
	Column int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Entry is one value of a list in the file, with where it was written, so that a
// later check (a pattern matching no package, a table missing from the catalog) can
// point at it.
type Entry struct {
	Value string
	Pos   Pos
}

// Config is a loaded faultline.yaml.
type Config struct {
	// File is the path the configuration was read from; Dir is its directory, against
	// which package patterns, query globs and migration paths are resolved.
	File string
	Dir  string
	// Module is the Go module path of the go.mod in Dir or above ("" when there is
	// none), and ModuleDir its directory. Package patterns are relative to Dir, so a
	// pattern p names the import path Module + "/" + rel(ModuleDir, Dir) + "/" + p.
	Module    string
	ModuleDir string

	Version  int
	Contexts []*Context // sorted by name
	Shared   Kernel
	SQL      SQL
	Rank     Rank
	Allow    []*Allow

	byName      map[string]*Context
	tableOwners sync.Map // "schema\x00table" -> Owner
	listed      sync.Map // "schema\x00table" -> listing
}

// Context is one bounded context.
type Context struct {
	Name     string
	Pos      Pos
	Packages []Entry
	// Files are globs of Go files (relative to the directory of faultline.yaml)
	// that belong to this context even when their package belongs to another.
	Files   []Entry
	API     []Entry
	Tables  []Entry
	Columns []Entry
	Uses    []Entry
	Queries []Entry
	Roles   []Entry
	// Value is the business weight used by ranking; 1 when not given.
	Value float64
}

// Kernel is the shared kernel: packages, files, tables and query files every
// context may use.
type Kernel struct {
	Packages []Entry
	Files    []Entry
	Tables   []Entry
	Queries  []Entry
}

// SQL says where the database side of the monolith is.
type SQL struct {
	Migrations []Entry
	// Database is the DSN of a live database, after ${ENV} expansion; "" when unset.
	Database    string
	DatabasePos Pos
	// DatabaseUnset names the ${VARS} of sql.database that are not set, which
	// expand to nothing: DSN refuses to use such a DSN. Loading does not, since
	// go vet and a run with --db never use it.
	DatabaseUnset []string
	Functions     []SQLFunc
}

// SQLFunc is an extra function that takes SQL: Func is "import/path.Name" or
// "import/path.Type.Method", Arg the 0-based index of the SQL argument.
type SQLFunc struct {
	Func string
	Arg  int
	Pos  Pos
}

// Rank holds the overrides of the default edge weights, by weight name.
type Rank struct {
	Weights map[string]float64
}

// Allow is a known exception: findings of Kind from From to To (and, when Subject
// is set, whose subject matches that glob) are let through, with Reason shown.
type Allow struct {
	From, To, Kind, Subject string
	Reason                  string
	Pos                     Pos
}

// Owner says who owns a package, table or column: a context, the shared kernel,
// or (zero value) nobody.
type Owner struct {
	Context string
	Shared  bool
}

// Owned reports whether a context or the shared kernel owns the thing.
func (o Owner) Owned() bool { return o.Context != "" || o.Shared }

func (o Owner) String() string {
	switch {
	case o.Context != "":
		return o.Context
	case o.Shared:
		return "shared"
	}
	return "unowned"
}

// Context returns the context called name, or nil.
func (c *Config) Context(name string) *Context { return c.byName[name] }

// Names returns the context names, sorted.
func (c *Config) Names() []string {
	names := make([]string, len(c.Contexts))
	for i, x := range c.Contexts {
		names[i] = x.Name
	}
	return names
}

// MayUse reports whether context from lists to in its uses.
func (c *Config) MayUse(from, to string) bool {
	x := c.byName[from]
	if x == nil {
		return false
	}
	for _, u := range x.Uses {
		if u.Value == to {
			return true
		}
	}
	return false
}

// Covers reports whether the entry lets f through.
func (a *Allow) Covers(f finding.Finding) bool {
	if a.Kind != "" && a.Kind != string(f.Kind) {
		return false
	}
	if a.From != f.From || (a.To != "" && a.To != f.To) {
		return false
	}
	return a.Subject == "" || globMatch(a.Subject, f.Subject)
}

// Rel renders a path relative to the configuration's directory, slash-separated,
// so output does not depend on where the checkout lives; a path outside it stays
// as it is.
func (c *Config) Rel(path string) string {
	if path == "" || !filepath.IsAbs(path) {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(c.Dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// ColumnClaim is a column of a table that a context other than (possibly) the
// table's owner claims under `columns`.
type ColumnClaim struct {
	Schema, Table, Column string // Schema "" when the entry was unqualified
	Context               string
	Pos                   Pos
}

// ColumnClaims returns the columns of the named table claimed under `columns`,
// sorted by column name.
func (c *Config) ColumnClaims(schema, table string) []ColumnClaim {
	var out []ColumnClaim
	for _, x := range c.Contexts {
		for _, e := range x.Columns {
			cs, ct, cc, ok := splitColumn(e.Value)
			if !ok || ct != table || (cs != "" && cs != schema) {
				continue
			}
			out = append(out, ColumnClaim{Schema: cs, Table: ct, Column: cc, Context: x.Name, Pos: e.Pos})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Column < out[j].Column })
	return out
}

// splitColumn splits "table.column" or "schema.table.column".
func splitColumn(s string) (schema, table, column string, ok bool) {
	parts := strings.Split(s, ".")
	switch len(parts) {
	case 2:
		return "", parts[0], parts[1], parts[0] != "" && parts[1] != ""
	case 3:
		return parts[0], parts[1], parts[2], parts[0] != "" && parts[1] != "" && parts[2] != ""
	}
	return "", "", "", false
}
