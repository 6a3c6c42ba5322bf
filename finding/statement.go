package finding

// Statement is one SQL statement (in Go code, a query file or pg_stat_statements)
// that reads or writes a context's own columns of another context's table: no
// reach across contexts (DESIGN.md), but work of that table's split. It is
// evidence of the table's shared-table finding, and the cut set lists it under
// step 3: once the table is split, the statement must address the new table.
type Statement struct {
	// Table is the table as owned, qualified (a partition is its parent).
	Table string `json:"table"`
	// Columns are the context's own columns of Table the statement uses, as
	// table.column, sorted; empty when it touches the rows as a whole.
	Columns []string `json:"columns,omitempty"`
	Access  Access   `json:"access"`
	File    string   `json:"file,omitempty"`
	Line    int      `json:"line,omitempty"`
	Column  int      `json:"column,omitempty"`
	// Object is the enclosing function, the query's name, or the catalog
	// object of a statement seen in a live database.
	Object string `json:"object,omitempty"`
}

// Position renders file:line:col, or the catalog object when there is no file.
func (s Statement) Position() string {
	return Finding{File: s.File, Line: s.Line, Column: s.Column, Object: s.Object}.Position()
}
