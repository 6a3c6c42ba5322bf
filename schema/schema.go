package schema

// Schema is one namespace of the catalog. Tables, views and sequences share the
// namespace of relations, as in PostgreSQL.
type Schema struct {
	Name string
	// Tables by name, partitions and partitioned parents included.
	Tables map[string]*Table
	// Views by name, materialized views included.
	Views map[string]*View
	// Sequences by name, those of serial and identity columns included.
	Sequences map[string]*Sequence
	// Functions by signature, e.g. "f(integer, text)" (see Function.Signature).
	Functions map[string]*Function
	// Pos is where CREATE SCHEMA ran; zero for the schemas a database starts with.
	Pos Pos
}

func newSchema(name string, pos Pos) *Schema {
	return &Schema{
		Name:      name,
		Tables:    map[string]*Table{},
		Views:     map[string]*View{},
		Sequences: map[string]*Sequence{},
		Functions: map[string]*Function{},
		Pos:       pos,
	}
}
