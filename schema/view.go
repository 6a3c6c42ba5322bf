package schema

import "github.com/faultline/faultline/query"

// View is a view or materialized view.
type View struct {
	Schema       string
	Name         string
	Materialized bool
	// Columns are the output column names in order.
	Columns []string
	// Definition is the view's query as written.
	Definition string
	// Query is what the query reads, resolved against the catalog when the view was
	// created (as PostgreSQL binds a view to its tables then).
	Query query.Statement
	// Pos is where the view was created (or last replaced, renamed or moved).
	Pos Pos
}

// QualifiedName is the view's schema-qualified name.
func (v *View) QualifiedName() Name { return Name{v.Schema, v.Name} }
