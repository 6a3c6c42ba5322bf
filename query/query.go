// Package query resolves what one SQL statement touches: every base table with its
// access mode and the columns read or written, through aliases, CTEs, subqueries and
// every DML form PostgreSQL has. It parses with libpg_query (pg_query_go v6), so it
// understands exactly the grammar of PostgreSQL 17.
//
// A table is written by INSERT, UPDATE, DELETE, MERGE, COPY FROM, TRUNCATE and REFRESH, and
// read when it appears in a FROM clause (or USING, a MERGE source, COPY TO) or when any of
// its columns is read. CTE names are never tables; a CTE is visible in the WITH query and
// the CTEs after it (all of them under RECURSIVE). A star (SELECT *, t.*) inside a subquery
// or CTE is expanded only as far as the enclosing query uses it; EXISTS uses nothing of its
// select list. An unqualified column belongs to the one relation of its query level that
// has it by the Catalog, else to the one relation whose columns are unknown, else to the
// enclosing level; when several could have it, it is reported in Statement.Unresolved.
//
// libpg_query's C code recurses over the parse tree without a stack check, so text whose
// nesting (brackets, operator chains, set operations, joins) is estimated beyond a few
// thousand levels is reported as a ParseError and never handed to it.
package query

// Catalog lets resolution see the schema, so unqualified names and columns resolve
// as PostgreSQL would. A nil Catalog means the schema is unknown.
type Catalog interface {
	// Table resolves a table or view name; schema "" means "through the search path".
	Table(schema, name string) (TableInfo, bool)
}

// TableInfo is what resolution needs to know of one table or view.
type TableInfo struct {
	Schema     string
	Name       string
	Columns    []string // in ordinal order
	PrimaryKey []string // in key order; empty when there is none
	View       bool
	// PartitionOf is the qualified name of the root partitioned table this table is
	// a partition of (or inherits from), "" otherwise: a partition belongs to its
	// parent's context.
	PartitionOf string
}

// Statement is the resolved access of one SQL statement.
type Statement struct {
	// Text is the statement as written, and Offset its byte offset in the text that
	// was analyzed (before parameter marker normalization).
	Text   string
	Offset int
	// Command is select, insert, update, delete, merge, copy, ddl or other.
	Command string
	// Tables lists every base table or view the statement touches, sorted by schema
	// and name; CTE names and functions never appear here.
	Tables []Table
	// Unresolved lists column names that could not be attributed to one table (an
	// unqualified column in a multi-table FROM with no catalog), sorted. A reference
	// qualified by a name that nothing in scope has is listed as written ("x.col").
	Unresolved []string
	// Sequences lists the sequences the statement names in nextval, currval or
	// setval calls with a constant, as written ("schema.name" or "name"),
	// sorted. A sequence is not a table and is not in Tables.
	Sequences []string
}

// Table is one relation a statement touches.
type Table struct {
	// Schema is "" when the statement did not qualify the name and no catalog
	// resolved it.
	Schema string
	Name   string
	Read   bool
	Write  bool
	// Columns lists the columns referenced, sorted by name.
	Columns []Column
	// AllColumns is set when every column is read (SELECT *, t.*, row references).
	// With a catalog, Columns lists them too.
	AllColumns bool
	// AllColumnsWritten is set when every column is written (INSERT or MERGE ... INSERT
	// without a column list, COPY FROM without one). With a catalog, Columns lists them too.
	AllColumnsWritten bool
}

// Column is one column of a Table that a statement references.
type Column struct {
	Name  string
	Read  bool
	Write bool
}

// QualifiedName is schema.name, or name when the schema is unknown.
func (t Table) QualifiedName() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}
