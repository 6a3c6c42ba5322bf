package schema

// ConstraintType is the kind of a table constraint, spelled as in SQL.
type ConstraintType string

const (
	PrimaryKey ConstraintType = "PRIMARY KEY"
	Unique     ConstraintType = "UNIQUE"
	ForeignKey ConstraintType = "FOREIGN KEY"
	Check      ConstraintType = "CHECK"
	Exclusion  ConstraintType = "EXCLUDE"
)

// Referential actions and match types of foreign keys, spelled as in SQL.
const (
	NoAction   = "NO ACTION"
	Restrict   = "RESTRICT"
	Cascade    = "CASCADE"
	SetNull    = "SET NULL"
	SetDefault = "SET DEFAULT"

	MatchSimple  = "SIMPLE"
	MatchFull    = "FULL"
	MatchPartial = "PARTIAL"
)

// Constraint is a primary key, unique, foreign key, check or exclusion constraint.
type Constraint struct {
	// Name is the constraint's name, the one given or the one PostgreSQL generates
	// (products_pkey, stock_sku_fkey, ...).
	Name string
	Type ConstraintType
	// Table is the table holding the constraint.
	Table Name
	// Columns are the key columns in key order (empty for check constraints).
	Columns []string
	// RefTable is the referenced table of a foreign key.
	RefTable Name
	// RefColumns are the referenced columns in key order; when the foreign key named
	// none, they are the referenced table's primary key.
	RefColumns []string
	// OnDelete and OnUpdate are the referential actions (NoAction, Restrict, ...).
	OnDelete string
	OnUpdate string
	// Match is MatchSimple, MatchFull or MatchPartial.
	Match string
	// NotValid is set for constraints added NOT VALID and not validated since.
	NotValid bool
	// Deferrable and InitiallyDeferred are the constraint's deferral settings.
	Deferrable        bool
	InitiallyDeferred bool
	// Expr is the expression of a check constraint as written.
	Expr string
	// Pos is where the constraint was declared.
	Pos Pos
}
