package schema

// Table is a table, a partitioned parent or a partition.
type Table struct {
	Schema string
	Name   string
	// Columns in ordinal order.
	Columns []*Column
	// Constraints in the order they were added: primary key, unique, foreign key,
	// check and exclusion. Partitions do not repeat the constraints they inherit
	// from their parent (a live catalog's clones, with conparentid set, are left out).
	Constraints []*Constraint
	// Triggers sorted by name (the order PostgreSQL fires them in). Partitions do not
	// repeat the triggers of their parent.
	Triggers []*Trigger
	// PartitionKey is the PARTITION BY clause of a partitioned table, e.g.
	// "RANGE (created_at)"; "" for other tables.
	PartitionKey string
	// PartitionOf names the parent of a partition (PARTITION OF or ATTACH PARTITION);
	// zero when the table is not a partition.
	PartitionOf Name
	// Inherits lists the parents of INHERITS, in order.
	Inherits []Name
	// Pos is where the table was created (or last renamed or moved).
	Pos Pos
}

// QualifiedName is the table's schema-qualified name.
func (t *Table) QualifiedName() Name { return Name{t.Schema, t.Name} }

// Column returns the column of that name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ColumnNames lists the column names in ordinal order.
func (t *Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// PrimaryKey returns the primary key constraint, or nil.
func (t *Table) PrimaryKey() *Constraint {
	for _, k := range t.Constraints {
		if k.Type == PrimaryKey {
			return k
		}
	}
	return nil
}

// Constraint returns the constraint of that name, or nil.
func (t *Table) Constraint(name string) *Constraint {
	for _, k := range t.Constraints {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Trigger returns the trigger of that name, or nil.
func (t *Table) Trigger(name string) *Trigger {
	for _, g := range t.Triggers {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// Parent returns the table this one is a partition of, else its first INHERITS
// parent, else the zero Name.
func (t *Table) Parent() Name {
	if !t.PartitionOf.IsZero() {
		return t.PartitionOf
	}
	if len(t.Inherits) > 0 {
		return t.Inherits[0]
	}
	return Name{}
}

// Column is one column of a table.
type Column struct {
	Name string
	// Type is the canonical type name, spelled as PostgreSQL's format_type spells it:
	// "bigint", "character varying(255)", "timestamp with time zone", "text[]".
	Type    string
	NotNull bool
	// Default is the DEFAULT expression as written, "" when there is none.
	Default string
	// Sequence names the sequence the default draws from through nextval (serial
	// columns included); zero otherwise.
	Sequence Name
	// Identity is "ALWAYS" or "BY DEFAULT" for identity columns, "" otherwise.
	Identity string
	// Generated is the expression of a GENERATED ALWAYS AS (...) STORED column.
	Generated string
	// Pos is where the column was added (or last altered).
	Pos Pos
}
