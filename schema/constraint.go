package schema

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

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
	// Pos is where the constraint was declared: its CONSTRAINT, REFERENCES, PRIMARY
	// KEY ... clause, within CREATE TABLE or ALTER TABLE.
	Pos Pos
}

// actions maps the parser's referential action codes to their SQL.
var actions = map[string]string{"a": NoAction, "r": Restrict, "c": Cascade, "n": SetNull, "d": SetDefault}

// matches maps the parser's match type codes to their SQL.
var matches = map[string]string{"s": MatchSimple, "f": MatchFull, "p": MatchPartial}

// addConstraint adds a PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK or EXCLUDE constraint
// to t. column is set for a column constraint; creating is set within CREATE TABLE,
// where NOT VALID does not apply.
func (c *Catalog) addConstraint(t *Table, con *pg_query.Constraint, column string, creating bool, s *source) {
	k := &Constraint{
		Name:              con.Conname,
		Table:             t.QualifiedName(),
		Deferrable:        con.Deferrable,
		InitiallyDeferred: con.Initdeferred,
		NotValid:          con.SkipValidation && !creating,
		Pos:               s.posAt(int(con.Location)),
	}
	keys := strs(con.Keys)
	if len(keys) == 0 && column != "" {
		keys = []string{column}
	}
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY:
		k.Type = PrimaryKey
		if t.PrimaryKey() != nil {
			s.errorf("42P16", "multiple primary keys for table %q are not allowed", t.Name)
			return
		}
		k.Columns = keys
		if con.Indexname != "" && !c.usingIndex(t, k, con, s) {
			return
		}
	case pg_query.ConstrType_CONSTR_UNIQUE:
		k.Type = Unique
		k.Columns = keys
		if con.Indexname != "" && !c.usingIndex(t, k, con, s) {
			return
		}
	case pg_query.ConstrType_CONSTR_EXCLUSION:
		k.Type = Exclusion
		for _, e := range con.Exclusions {
			if l := e.GetList(); l != nil && len(l.Items) > 0 {
				if ie := l.Items[0].GetIndexElem(); ie != nil && ie.Name != "" {
					k.Columns = append(k.Columns, ie.Name)
				}
			}
		}
	case pg_query.ConstrType_CONSTR_CHECK:
		k.Type = Check
		if i := afterWord(s.sql, int(con.Location), "check"); i >= 0 {
			k.Expr = ParenText(s.sql, i)
		}
		if column == "" {
			if refs := columnRefs(con.RawExpr); len(refs) == 1 {
				column = refs[0]
			}
		}
	case pg_query.ConstrType_CONSTR_FOREIGN:
		k.Type = ForeignKey
		k.Columns = strs(con.FkAttrs)
		if len(k.Columns) == 0 && column != "" {
			k.Columns = []string{column}
		}
		k.OnDelete = actions[con.FkDelAction]
		k.OnUpdate = actions[con.FkUpdAction]
		k.Match = matches[con.FkMatchtype]
		if k.OnDelete == "" {
			k.OnDelete = NoAction
		}
		if k.OnUpdate == "" {
			k.OnUpdate = NoAction
		}
		if k.Match == "" {
			k.Match = MatchSimple
		}
		if !c.resolveReference(t, k, con, s) {
			return
		}
	default:
		return
	}
	for _, col := range k.Columns {
		if t.Column(col) == nil {
			if k.Type == ForeignKey {
				s.errorf(CodeUndefinedColumn, "column %q referenced in foreign key constraint does not exist", col)
			} else {
				s.errorf(CodeUndefinedColumn, "column %q named in key does not exist", col)
			}
			return
		}
	}
	if k.Type == PrimaryKey {
		for _, col := range k.Columns {
			t.Column(col).NotNull = true
		}
	}
	if k.Name == "" {
		k.Name = c.chooseConstraintName(t, k, column)
	} else if t.Constraint(k.Name) != nil {
		s.errorf(CodeDuplicateObject, "constraint %q for relation %q already exists", k.Name, t.Name)
		return
	}
	t.Constraints = append(t.Constraints, k)
}

// usingIndex takes the columns of PRIMARY KEY / UNIQUE USING INDEX from the index,
// which PostgreSQL renames to the constraint's name.
func (c *Catalog) usingIndex(t *Table, k *Constraint, con *pg_query.Constraint, s *source) bool {
	cols, ok := c.indexColumns(t, con.Indexname)
	switch {
	case !ok:
		s.errorf(CodeUndefinedObject, "index %q does not exist", con.Indexname)
		return false
	case cols == nil:
		s.errorf(CodeFeatureNotSupp, "index %q contains expressions", con.Indexname)
		return false
	}
	k.Columns = slices.Clone(cols)
	if k.Name == "" {
		k.Name = con.Indexname
	}
	if k.Name != con.Indexname {
		ix := c.indexes[Name{t.Schema, con.Indexname}]
		delete(c.indexes, Name{t.Schema, con.Indexname})
		c.indexes[Name{t.Schema, k.Name}] = ix
	}
	return true
}

// resolveReference fills a foreign key's referenced table and columns (its primary
// key when none are named), reporting what PostgreSQL would refuse.
func (c *Catalog) resolveReference(t *Table, k *Constraint, con *pg_query.Constraint, s *source) bool {
	rv := con.Pktable
	if rv == nil {
		return false
	}
	ref := c.lookupTable(rv, false, s)
	if ref == nil {
		return false
	}
	k.RefTable = ref.QualifiedName()
	k.RefColumns = strs(con.PkAttrs)
	if len(k.RefColumns) == 0 {
		pk := ref.PrimaryKey()
		if pk == nil {
			s.errorf(CodeInvalidFK, "there is no primary key for referenced table %q", ref.Name)
			return false
		}
		k.RefColumns = slices.Clone(pk.Columns)
	}
	for _, col := range k.RefColumns {
		if ref.Column(col) == nil {
			s.errorf(CodeUndefinedColumn, "column %q referenced in foreign key constraint does not exist", col)
			return false
		}
	}
	if len(k.RefColumns) != len(k.Columns) {
		s.errorf(CodeInvalidFK, "number of referencing and referenced columns for foreign key disagree")
		return false
	}
	return true
}

// chooseConstraintName names a constraint as PostgreSQL does: <table>_pkey,
// <table>_<columns>_key, <table>_<columns>_fkey, <table>_<column>_check,
// <table>_<columns>_excl, with a number added when the name is taken.
func (c *Catalog) chooseConstraintName(t *Table, k *Constraint, column string) string {
	var base string
	switch k.Type {
	case PrimaryKey:
		base = makeObjectName(t.Name, "", "pkey")
	case Unique:
		base = makeObjectName(t.Name, strings.Join(k.Columns, "_"), "key")
	case ForeignKey:
		base = makeObjectName(t.Name, strings.Join(k.Columns, "_"), "fkey")
	case Exclusion:
		base = makeObjectName(t.Name, strings.Join(k.Columns, "_"), "excl")
	default:
		base = makeObjectName(t.Name, column, "check")
	}
	indexed := k.Type == PrimaryKey || k.Type == Unique || k.Type == Exclusion
	sch := c.Schemas[t.Schema]
	return uniqueName(base, func(n string) bool {
		if t.Constraint(n) != nil {
			return true
		}
		return indexed && sch.relationKind(n) != ""
	})
}

// maxIdentifier is the longest identifier PostgreSQL keeps (NAMEDATALEN - 1).
const maxIdentifier = 63

// makeObjectName builds name1_name2_label as PostgreSQL's makeObjectName does,
// shortening the longer of name1 and name2 until the whole fits in 63 bytes.
func makeObjectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead += 1
	}
	avail := maxIdentifier - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	n1 = clipUTF8(name1, n1)
	n2 = clipUTF8(name2, n2)
	out := name1[:n1]
	if name2 != "" {
		out += "_" + name2[:n2]
	}
	if label != "" {
		out += "_" + label
	}
	return out
}

// clipUTF8 shortens n so that s[:n] does not end inside a multibyte character.
func clipUTF8(s string, n int) int {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return n
}

// uniqueName returns base, or base with the smallest number appended (shortened to
// fit) for which taken reports false.
func uniqueName(base string, taken func(string) bool) string {
	if !taken(base) {
		return base
	}
	for i := 1; ; i++ {
		suffix := strconv.Itoa(i)
		b := base
		if len(b)+len(suffix) > maxIdentifier {
			b = b[:clipUTF8(b, maxIdentifier-len(suffix))]
		}
		if n := b + suffix; !taken(n) {
			return n
		}
	}
}

// dropConstraint applies ALTER TABLE ... DROP CONSTRAINT. Dropping a key that
// foreign keys of other tables reference needs CASCADE, which drops them.
func (c *Catalog) dropConstraint(t *Table, cmd *pg_query.AlterTableCmd, s *source) {
	k := t.Constraint(cmd.Name)
	if k == nil {
		if !cmd.MissingOk {
			s.errorf(CodeUndefinedObject, "constraint %q of relation %q does not exist", cmd.Name, t.Name)
		}
		return
	}
	if k.Type == PrimaryKey || k.Type == Unique {
		var deps []*Constraint
		for _, fk := range c.referencing(t) {
			if fk != k && sameColumns(fk.RefColumns, k.Columns) {
				deps = append(deps, fk)
			}
		}
		if len(deps) > 0 && cmd.Behavior != pg_query.DropBehavior_DROP_CASCADE {
			s.errorf(CodeDependentObjects, "cannot drop constraint %s on table %s because other objects depend on it", k.Name, t.Name)
			return
		}
		for _, fk := range deps {
			c.removeConstraint(fk)
		}
	}
	c.removeConstraint(k)
}

// sameColumns reports whether a and b hold the same columns in any order.
func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// renameConstraint applies ALTER TABLE ... RENAME CONSTRAINT.
func (c *Catalog) renameConstraint(stmt *pg_query.RenameStmt, s *source) {
	t := c.lookupTable(stmt.Relation, stmt.MissingOk, s)
	if t == nil {
		return
	}
	k := t.Constraint(stmt.Subname)
	if k == nil {
		s.errorf(CodeUndefinedObject, "constraint %q for table %q does not exist", stmt.Subname, t.Name)
		return
	}
	if t.Constraint(stmt.Newname) != nil {
		s.errorf(CodeDuplicateObject, "constraint %q for relation %q already exists", stmt.Newname, t.Name)
		return
	}
	k.Name = stmt.Newname
}
