package schema

// Sequence is a sequence, explicit or created for a serial or identity column.
type Sequence struct {
	Schema string
	Name   string
	// Type is the sequence's data type, "bigint" unless AS said otherwise.
	Type string
	// OwnedBy is the table and column the sequence belongs to (OWNED BY, serial,
	// identity); zero table when it belongs to none.
	OwnedBy       Name
	OwnedByColumn string
	// Identity is set for the sequence of an identity column.
	Identity bool
	// Pos is where the sequence was created (or last altered).
	Pos Pos
}

// QualifiedName is the sequence's schema-qualified name.
func (s *Sequence) QualifiedName() Name { return Name{s.Schema, s.Name} }
