// Package schema models a PostgreSQL catalog (schemas, tables, columns, constraints,
// sequences, views, functions and triggers) built by applying DDL in order, as the
// database itself would.
package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/query"
)

// Catalog is the database schema as the statements applied so far left it.
//
// The maps are keyed by name; use the sorted accessors (Tables, Views, Functions,
// Sequences, Triggers, ForeignKeys) for deterministic iteration.
type Catalog struct {
	// Schemas holds every schema by name; "public" and "pg_catalog" exist from the start.
	Schemas map[string]*Schema
	// SearchPath is the current search_path, as SET search_path or
	// set_config('search_path', ...) last left it. "$user" entries are kept as written
	// and never match a schema.
	SearchPath []string
	// indexes remembers index columns by name, for USING INDEX.
	indexes map[Name]*index
}

// Name is a schema-qualified object name. The zero Name means "none".
type Name struct {
	Schema string
	Name   string
}

// String renders schema.name, or name alone when the schema is empty.
func (n Name) String() string {
	if n.Schema == "" {
		return n.Name
	}
	return n.Schema + "." + n.Name
}

// SQL renders the name as a statement would write it: identifiers quoted where
// needed, the schema left out when it is public.
func (n Name) SQL() string {
	if n.Schema == "" || n.Schema == "public" {
		return quoteIdent(n.Name)
	}
	return quoteIdent(n.Schema) + "." + quoteIdent(n.Name)
}

// IsZero reports whether n names nothing.
func (n Name) IsZero() bool { return n.Name == "" }

// Compare orders names by schema, then name.
func (n Name) Compare(o Name) int {
	return cmp.Or(cmp.Compare(n.Schema, o.Schema), cmp.Compare(n.Name, o.Name))
}

// Pos is where a statement starts: its file, 1-based line and 1-based column
// (counted in bytes, as go vet does), and byte offset in the file.
type Pos struct {
	File   string
	Line   int
	Column int
	Offset int
}

// String renders file:line:column.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		if p.File != "" {
			b.WriteString(":")
		}
		b.WriteString(strconv.Itoa(p.Line))
		b.WriteString(":")
		b.WriteString(strconv.Itoa(p.Column))
	}
	return b.String()
}

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// New returns an empty catalog as a fresh database has it: schemas public and
// pg_catalog, search_path "$user", public.
func New() *Catalog {
	c := &Catalog{
		Schemas:    map[string]*Schema{},
		SearchPath: []string{"$user", "public"},
	}
	c.Schemas["public"] = newSchema("public", Pos{})
	c.Schemas["pg_catalog"] = newSchema("pg_catalog", Pos{})
	return c
}

// SchemaNames lists the schemas, sorted.
func (c *Catalog) SchemaNames() []string {
	names := make([]string, 0, len(c.Schemas))
	for n := range c.Schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// sortedSchemas returns the schemas in name order.
func (c *Catalog) sortedSchemas() []*Schema {
	out := make([]*Schema, 0, len(c.Schemas))
	for _, n := range c.SchemaNames() {
		out = append(out, c.Schemas[n])
	}
	return out
}

// Tables lists every table (partitioned parents and partitions included), sorted by
// schema and name.
func (c *Catalog) Tables() []*Table {
	var out []*Table
	for _, s := range c.sortedSchemas() {
		out = append(out, sortedValues(s.Tables)...)
	}
	return out
}

// Views lists every view and materialized view, sorted by schema and name.
func (c *Catalog) Views() []*View {
	var out []*View
	for _, s := range c.sortedSchemas() {
		out = append(out, sortedValues(s.Views)...)
	}
	return out
}

// Sequences lists every sequence, sorted by schema and name.
func (c *Catalog) Sequences() []*Sequence {
	var out []*Sequence
	for _, s := range c.sortedSchemas() {
		out = append(out, sortedValues(s.Sequences)...)
	}
	return out
}

// Functions lists every function and procedure, sorted by schema and signature.
func (c *Catalog) Functions() []*Function {
	var out []*Function
	for _, s := range c.sortedSchemas() {
		out = append(out, sortedValues(s.Functions)...)
	}
	return out
}

// Triggers lists every trigger on a table or view, sorted by table, then trigger
// name.
func (c *Catalog) Triggers() []*Trigger {
	var out []*Trigger
	for _, t := range c.Tables() {
		out = append(out, t.Triggers...)
	}
	for _, v := range c.Views() {
		out = append(out, v.Triggers...)
	}
	slices.SortStableFunc(out, func(a, b *Trigger) int {
		return cmp.Or(a.Table.Compare(b.Table), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ForeignKeys lists every foreign key as declared, sorted by table, then constraint
// name. Partitions do not repeat the foreign keys of their parent.
func (c *Catalog) ForeignKeys() []*Constraint {
	var out []*Constraint
	for _, t := range c.Tables() {
		for _, k := range t.Constraints {
			if k.Type == ForeignKey {
				out = append(out, k)
			}
		}
	}
	return out
}

// sortedValues returns a map's values in key order.
func sortedValues[V any](m map[string]V) []V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// Error is a problem applying one statement, shaped like PostgreSQL's own errors: an
// SQLSTATE code and the message the server would give, at the statement's position.
type Error struct {
	Pos     Pos
	Code    string // SQLSTATE, e.g. "42P01" (undefined_table) or "42601" (syntax_error)
	Message string
}

// Error renders file:line:column: message.
func (e *Error) Error() string {
	if !e.Pos.IsValid() && e.Pos.File == "" {
		return e.Message
	}
	return e.Pos.String() + ": " + e.Message
}

// IsSyntax reports whether the statement could not be parsed at all, as opposed to
// parsing but failing to apply.
func (e *Error) IsSyntax() bool { return e.Code == CodeSyntaxError }

// SQLSTATE codes of the errors applying statements produces.
const (
	CodeSyntaxError       = "42601"
	CodeUndefinedTable    = "42P01"
	CodeUndefinedColumn   = "42703"
	CodeUndefinedObject   = "42704"
	CodeUndefinedFunction = "42883"
	CodeUndefinedSchema   = "3F000"
	CodeDuplicateTable    = "42P07"
	CodeDuplicateColumn   = "42701"
	CodeDuplicateObject   = "42710"
	CodeDuplicateFunction = "42723"
	CodeDuplicateSchema   = "42P06"
	CodeWrongObjectType   = "42809"
	CodeInvalidFK         = "42830"
	CodeDependentObjects  = "2BP01"
	CodeFeatureNotSupp    = "0A000"
)

// errorf builds an Error at pos.
func errorf(pos Pos, code, format string, args ...any) *Error {
	return &Error{Pos: pos, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Table implements query.Catalog: it resolves a table or view (schema "" through the
// search path) and says which root table a partition or inheritance child belongs to.
func (c *Catalog) Table(schema, name string) (query.TableInfo, bool) {
	if t := c.FindTable(schema, name); t != nil {
		info := query.TableInfo{Schema: t.Schema, Name: t.Name, Columns: t.ColumnNames()}
		if pk := t.PrimaryKey(); pk != nil {
			info.PrimaryKey = slices.Clone(pk.Columns)
		}
		if root := c.Root(t); root != t {
			info.PartitionOf = root.QualifiedName().String()
		}
		return info, true
	}
	if v := c.FindView(schema, name); v != nil {
		return query.TableInfo{Schema: v.Schema, Name: v.Name, Columns: slices.Clone(v.Columns), View: true}, true
	}
	return query.TableInfo{}, false
}

// TriggerFunction returns the function a trigger executes, or nil.
func (c *Catalog) TriggerFunction(g *Trigger) *Function {
	if s := c.Schemas[g.Function.Schema]; s != nil {
		return s.Functions[g.Function.Name+"()"]
	}
	return nil
}
