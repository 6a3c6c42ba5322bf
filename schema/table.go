package schema

import (
	"cmp"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

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
	// Pos is where the column was defined (its line in CREATE TABLE or ADD COLUMN),
	// or the statement that last altered it.
	Pos Pos
}

// display renders a name as a statement wrote it, for error messages.
func display(rv *pg_query.RangeVar) string {
	if rv.Schemaname != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

// rvName turns a RangeVar into a Name, schema as written.
func rvName(rv *pg_query.RangeVar) Name {
	if rv == nil {
		return Name{}
	}
	return Name{rv.Schemaname, rv.Relname}
}

// lookupTable finds the table a statement names, or records that it does not exist.
func (c *Catalog) lookupTable(rv *pg_query.RangeVar, missingOK bool, s *source) *Table {
	if t := c.FindTable(rv.Schemaname, rv.Relname); t != nil {
		return t
	}
	if _, kind := c.relation(rvName(rv)); kind != "" {
		s.errorf(CodeWrongObjectType, "%q is not a table", display(rv))
		return nil
	}
	if !missingOK {
		s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
	}
	return nil
}

// createTable applies CREATE TABLE, PARTITION OF and INHERITS included. A constraint
// that cannot be created is reported and the table created without it.
func (c *Catalog) createTable(stmt *pg_query.CreateStmt, s *source) {
	rv := stmt.Relation
	sch := c.newRelationSchema(rv, stmt.IfNotExists, s)
	if sch == nil {
		return
	}
	t := &Table{Schema: sch.Name, Name: rv.Relname, Pos: s.pos}
	for _, inh := range stmt.InhRelations {
		prv := inh.GetRangeVar()
		if prv == nil {
			continue
		}
		parent := c.lookupTable(prv, false, s)
		if parent == nil {
			continue
		}
		if stmt.Partbound != nil {
			if parent.PartitionKey == "" {
				s.errorf(CodeWrongObjectType, "table %q is not partitioned", parent.Name)
				continue
			}
			t.PartitionOf = parent.QualifiedName()
		} else {
			t.Inherits = append(t.Inherits, parent.QualifiedName())
		}
		for _, col := range parent.Columns {
			if t.Column(col.Name) == nil {
				cp := *col
				cp.Pos = s.pos
				t.Columns = append(t.Columns, &cp)
			}
		}
	}
	if stmt.OfTypename != nil {
		// CREATE TABLE ... OF type: the composite type's columns are not modeled.
	}
	var pend []*pending
	for _, elt := range stmt.TableElts {
		switch e := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			pend = append(pend, c.columnDef(t, e.ColumnDef, true, s)...)
		case *pg_query.Node_Constraint:
			pend = append(pend, &pending{con: e.Constraint})
		case *pg_query.Node_TableLikeClause:
			src := c.lookupTable(e.TableLikeClause.Relation, false, s)
			if src == nil {
				continue
			}
			for _, col := range src.Columns {
				if t.Column(col.Name) == nil {
					t.Columns = append(t.Columns, &Column{Name: col.Name, Type: col.Type, NotNull: col.NotNull, Pos: s.pos})
				}
			}
		}
	}
	for _, con := range stmt.Constraints {
		if k := con.GetConstraint(); k != nil {
			pend = append(pend, &pending{con: k})
		}
	}
	if stmt.Partspec != nil {
		t.PartitionKey = partitionKey(stmt.Partspec, s)
	}
	sch.Tables[t.Name] = t
	for _, p := range pend {
		c.addConstraint(t, p.con, p.column, true, s)
	}
	c.createColumnSequences(t, t.Columns, s)
}

// pending is a constraint of CREATE TABLE, added once the table exists so that it
// may reference itself; column is set for a column constraint.
type pending struct {
	con    *pg_query.Constraint
	column string
}

// createTableAs applies CREATE TABLE ... AS: a table with the query's output columns
// (whose types are not derived).
func (c *Catalog) createTableAs(stmt *pg_query.CreateTableAsStmt, s *source) {
	rv := stmt.Into.GetRel()
	if rv == nil {
		return
	}
	sch := c.newRelationSchema(rv, stmt.IfNotExists, s)
	if sch == nil {
		return
	}
	t := &Table{Schema: sch.Name, Name: rv.Relname, Pos: s.pos}
	for _, n := range c.outputColumns(stmt.Query, strs(stmt.Into.ColNames)) {
		t.Columns = append(t.Columns, &Column{Name: n, Pos: s.pos})
	}
	sch.Tables[t.Name] = t
}

// partitionKey renders a PARTITION BY clause as pg_get_partkeydef does: "RANGE (a, b)".
func partitionKey(spec *pg_query.PartitionSpec, s *source) string {
	var b strings.Builder
	switch spec.Strategy {
	case pg_query.PartitionStrategy_PARTITION_STRATEGY_LIST:
		b.WriteString("LIST")
	case pg_query.PartitionStrategy_PARTITION_STRATEGY_RANGE:
		b.WriteString("RANGE")
	case pg_query.PartitionStrategy_PARTITION_STRATEGY_HASH:
		b.WriteString("HASH")
	}
	b.WriteString(" (")
	for i, p := range spec.PartParams {
		if i > 0 {
			b.WriteString(", ")
		}
		pe := p.GetPartitionElem()
		switch {
		case pe == nil:
		case pe.Name != "":
			b.WriteString(quoteIdent(pe.Name))
		case pe.Expr != nil:
			if loc := startOf(pe.Expr); loc >= 0 && loc < len(s.sql) {
				b.WriteString("(" + exprText(s.sql, loc) + ")")
			}
		}
	}
	b.WriteString(")")
	return b.String()
}

// columnDef turns a column definition into a column of t, returning its constraints
// other than NOT NULL, DEFAULT, identity and generation to add once the table exists.
// A column inherited from a parent takes the local definition's settings.
func (c *Catalog) columnDef(t *Table, cd *pg_query.ColumnDef, creating bool, s *source) []*pending {
	col := t.Column(cd.Colname)
	if col == nil {
		col = &Column{Name: cd.Colname}
		t.Columns = append(t.Columns, col)
	} else if creating && t.PartitionOf.IsZero() && len(t.Inherits) == 0 {
		s.errorf(CodeDuplicateColumn, "column %q specified more than once", cd.Colname)
	}
	col.Pos = s.posAt(int(cd.Location))
	if cd.TypeName != nil {
		if st := serialType(cd.TypeName); st != "" {
			col.Type = st
			col.NotNull = true
			col.Default, col.Sequence = "", Name{}
			s.serial = append(s.serial, col) // its sequence is made once the table exists
		} else {
			col.Type = formatType(cd.TypeName)
		}
	}
	if cd.IsNotNull {
		col.NotNull = true
	}
	var out []*pending
	var last *pending
	for _, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT:
			setDefault(col, con.RawExpr, c, s, defaultText(s.sql, int(con.Location), con.RawExpr))
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.NotNull = true
			col.Identity = identityKind(con.GeneratedWhen)
			s.identityOptions(col, con.Options)
		case pg_query.ConstrType_CONSTR_GENERATED:
			col.Generated = generatedText(s.sql, con)
		case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE, pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE,
			pg_query.ConstrType_CONSTR_ATTR_DEFERRED, pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
			if last != nil {
				applyDeferral(last.con, con.Contype)
			}
		default:
			last = &pending{con: con, column: cd.Colname}
			out = append(out, last)
		}
	}
	return out
}

// applyDeferral folds a DEFERRABLE / INITIALLY clause into the constraint before it.
func applyDeferral(con *pg_query.Constraint, attr pg_query.ConstrType) {
	switch attr {
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRABLE:
		con.Deferrable = true
	case pg_query.ConstrType_CONSTR_ATTR_NOT_DEFERRABLE:
		con.Deferrable = false
	case pg_query.ConstrType_CONSTR_ATTR_DEFERRED:
		con.Initdeferred = true
	case pg_query.ConstrType_CONSTR_ATTR_IMMEDIATE:
		con.Initdeferred = false
	}
}

func identityKind(when string) string {
	if when == "a" {
		return "ALWAYS"
	}
	return "BY DEFAULT"
}

// defaultText returns the text of a DEFAULT clause's expression: after the DEFAULT
// keyword at or after loc, else from the expression's first location.
func defaultText(sql string, loc int, expr *pg_query.Node) string {
	if loc >= 0 && loc < len(sql) {
		if i := afterWord(sql, loc, "default"); i >= 0 {
			return exprText(sql, i)
		}
	}
	if i := startOf(expr); i >= 0 && i < len(sql) {
		return exprText(sql, i)
	}
	return ""
}

// generatedText returns the expression of GENERATED ALWAYS AS (expr) STORED.
func generatedText(sql string, con *pg_query.Constraint) string {
	if i := afterWord(sql, int(con.Location), "as"); i >= 0 {
		return ParenText(sql, i)
	}
	return ""
}

// afterWord returns the offset just after the first occurrence of word (a keyword,
// case-insensitive) at or after i, skipping quoted text; -1 when there is none
// before the statement ends.
func afterWord(sql string, i int, word string) int {
	for i < len(sql) {
		ch := sql[i]
		switch {
		case ch == '\'':
			i = skipQuoted(sql, i, '\'')
		case ch == '"':
			i = skipQuoted(sql, i, '"')
		case ch == '$':
			i = skipDollar(sql, i)
		case ch == ';':
			return -1
		case isIdentStart(ch):
			j := i
			for j < len(sql) && isIdentChar(sql[j]) {
				j++
			}
			if strings.EqualFold(sql[i:j], word) {
				return j
			}
			i = j
		default:
			i++
		}
	}
	return -1
}

// setDefault sets a column's default, noting the sequence a nextval draws from.
func setDefault(col *Column, expr *pg_query.Node, c *Catalog, s *source, text string) {
	col.Default = text
	col.Sequence = Name{}
	if seq, ok := nextvalSequence(expr); ok {
		if q := c.FindSequence(seq.Schema, seq.Name); q != nil {
			seq = q.QualifiedName()
		}
		col.Sequence = seq
	}
}

// nextvalSequence returns the sequence a nextval('name'[::regclass]) expression
// names, unwrapping casts.
func nextvalSequence(expr *pg_query.Node) (Name, bool) {
	for expr != nil && expr.GetTypeCast() != nil {
		expr = expr.GetTypeCast().Arg
	}
	fc := expr.GetFuncCall()
	if fc == nil || nameOf(fc.Funcname).Name != "nextval" || len(fc.Args) != 1 {
		return Name{}, false
	}
	arg := fc.Args[0]
	for arg.GetTypeCast() != nil {
		arg = arg.GetTypeCast().Arg
	}
	sv := arg.GetAConst().GetSval()
	if sv == nil {
		return Name{}, false
	}
	return parseRegclass(sv.Sval), true
}

// parseRegclass reads a relation name written as text ('s.x', '"X"'), folding
// unquoted parts to lower case as the regclass input does.
func parseRegclass(v string) Name {
	parts := splitOutsideQuotes(v, '.')
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && p[0] == '"' && p[len(p)-1] == '"' {
			parts[i] = strings.ReplaceAll(p[1:len(p)-1], `""`, `"`)
		} else {
			parts[i] = strings.ToLower(p)
		}
	}
	if len(parts) >= 2 {
		return Name{parts[len(parts)-2], parts[len(parts)-1]}
	}
	return Name{Name: parts[0]}
}

// createColumnSequences creates the sequences of serial and identity columns among
// cols, named <table>_<column>_seq as PostgreSQL names them.
func (c *Catalog) createColumnSequences(t *Table, cols []*Column, s *source) {
	for _, col := range cols {
		serial := slices.Contains(s.serial, col)
		if !serial && (col.Identity == "" || c.identitySequence(t, col.Name) != nil) {
			continue
		}
		sch := c.Schemas[t.Schema]
		name := uniqueName(makeObjectName(t.Name, col.Name, "seq"), func(n string) bool {
			return sch.relationKind(n) != ""
		})
		if given, ok := s.seqNames[col]; ok && !given.IsZero() {
			if given.Schema != "" && c.Schemas[given.Schema] != nil {
				sch = c.Schemas[given.Schema]
			}
			if sch.relationKind(given.Name) != "" {
				s.errorf(CodeDuplicateTable, "relation %q already exists", given.Name)
				continue
			}
			name = given.Name
		}
		typ := col.Type
		if typ == "" {
			typ = "bigint"
		}
		q := &Sequence{Schema: sch.Name, Name: name, Type: typ, OwnedBy: t.QualifiedName(),
			OwnedByColumn: col.Name, Identity: !serial, Pos: s.pos}
		sch.Sequences[name] = q
		if serial {
			col.Default = "nextval('" + regclassText(q.QualifiedName()) + "'::regclass)"
			col.Sequence = q.QualifiedName()
		}
	}
}

// identitySequence returns the sequence of t's identity column col, or nil.
func (c *Catalog) identitySequence(t *Table, col string) *Sequence {
	for _, q := range c.Schemas[t.Schema].Sequences {
		if q.Identity && q.OwnedBy == t.QualifiedName() && q.OwnedByColumn == col {
			return q
		}
	}
	return nil
}

// regclassText renders a sequence name as nextval's argument spells it.
func regclassText(n Name) string {
	if n.Schema == "public" || n.Schema == "" {
		return quoteIdent(n.Name)
	}
	return quoteIdent(n.Schema) + "." + quoteIdent(n.Name)
}

// alterTable applies ALTER TABLE's commands in order. ALTER TABLE on a view or
// sequence (owner, options) and ALTER VIEW, INDEX, TYPE ... change nothing modeled.
func (c *Catalog) alterTable(stmt *pg_query.AlterTableStmt, s *source) {
	if stmt.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	rv := stmt.Relation
	t := c.FindTable(rv.Schemaname, rv.Relname)
	if t == nil {
		if _, kind := c.relation(rvName(rv)); kind != "" {
			return // ALTER TABLE works on views and sequences too: nothing modeled
		}
		if !stmt.MissingOk {
			s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
		}
		return
	}
	recurse := rv.Inh
	for _, n := range stmt.Cmds {
		cmd := n.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			c.addColumn(t, cmd, recurse, s)
		case pg_query.AlterTableType_AT_DropColumn:
			c.dropColumn(t, cmd, recurse, s)
		case pg_query.AlterTableType_AT_ColumnDefault:
			c.alterColumn(t, cmd.Name, recurse, s, func(col *Column) {
				if cmd.Def == nil {
					col.Default, col.Sequence = "", Name{}
					return
				}
				text := ""
				if i := startOf(cmd.Def); i >= 0 && i < len(s.sql) {
					text = exprText(s.sql, i)
				}
				setDefault(col, cmd.Def, c, s, text)
			})
		case pg_query.AlterTableType_AT_SetNotNull:
			c.alterColumn(t, cmd.Name, recurse, s, func(col *Column) { col.NotNull = true })
		case pg_query.AlterTableType_AT_DropNotNull:
			c.alterColumn(t, cmd.Name, recurse, s, func(col *Column) { col.NotNull = false })
		case pg_query.AlterTableType_AT_AlterColumnType:
			if cd := cmd.Def.GetColumnDef(); cd != nil && cd.TypeName != nil {
				typ := formatType(cd.TypeName)
				c.alterColumn(t, cmd.Name, recurse, s, func(col *Column) { col.Type = typ })
			}
		case pg_query.AlterTableType_AT_AddIdentity:
			if con := cmd.Def.GetConstraint(); con != nil {
				c.alterColumn(t, cmd.Name, false, s, func(col *Column) {
					col.Identity = identityKind(con.GeneratedWhen)
					col.NotNull = true
					s.identityOptions(col, con.Options)
					c.createColumnSequences(t, []*Column{col}, s)
				})
			}
		case pg_query.AlterTableType_AT_DropIdentity:
			c.alterColumn(t, cmd.Name, false, s, func(col *Column) {
				if col.Identity == "" {
					if !cmd.MissingOk {
						s.errorf(CodeUndefinedObject, "column %q of relation %q is not an identity column", col.Name, t.Name)
					}
					return
				}
				if q := c.identitySequence(t, col.Name); q != nil {
					delete(c.Schemas[q.Schema].Sequences, q.Name)
				}
				col.Identity = ""
			})
		case pg_query.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil {
				c.addConstraint(t, con, "", false, s)
			}
		case pg_query.AlterTableType_AT_ValidateConstraint:
			if k := t.Constraint(cmd.Name); k != nil {
				k.NotValid = false
			} else {
				s.errorf(CodeUndefinedObject, "constraint %q of relation %q does not exist", cmd.Name, t.Name)
			}
		case pg_query.AlterTableType_AT_DropConstraint:
			c.dropConstraint(t, cmd, s)
		case pg_query.AlterTableType_AT_AttachPartition:
			c.attachPartition(t, cmd.Def.GetPartitionCmd(), s)
		case pg_query.AlterTableType_AT_DetachPartition:
			c.detachPartition(t, cmd.Def.GetPartitionCmd(), s)
		case pg_query.AlterTableType_AT_AddInherit:
			if prv := cmd.Def.GetRangeVar(); prv != nil {
				if p := c.lookupTable(prv, false, s); p != nil && !slices.Contains(t.Inherits, p.QualifiedName()) {
					t.Inherits = append(t.Inherits, p.QualifiedName())
				}
			}
		case pg_query.AlterTableType_AT_DropInherit:
			if prv := cmd.Def.GetRangeVar(); prv != nil {
				if p := c.lookupTable(prv, false, s); p != nil {
					i := slices.Index(t.Inherits, p.QualifiedName())
					if i < 0 {
						s.errorf(CodeUndefinedTable, "relation %q is not a parent of relation %q", p.Name, t.Name)
					} else {
						t.Inherits = slices.Delete(t.Inherits, i, i+1)
					}
				}
			}
		}
	}
}

// children returns the partitions and inheritance children of t, sorted.
func (c *Catalog) children(t *Table) []*Table {
	var out []*Table
	n := t.QualifiedName()
	for _, sch := range c.Schemas {
		for _, ch := range sch.Tables {
			if ch.PartitionOf == n || slices.Contains(ch.Inherits, n) {
				out = append(out, ch)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Table) int { return a.QualifiedName().Compare(b.QualifiedName()) })
	return out
}

// Root returns the root of the partition or inheritance tree t belongs to: t itself
// when it has no parent.
func (c *Catalog) Root(t *Table) *Table {
	seen := 0
	for p := t.Parent(); !p.IsZero() && seen < 100; p = t.Parent() {
		pt := c.FindTable(p.Schema, p.Name)
		if pt == nil {
			break
		}
		t = pt
		seen++
	}
	return t
}

// addColumn applies ADD COLUMN, to the children too unless ONLY.
func (c *Catalog) addColumn(t *Table, cmd *pg_query.AlterTableCmd, recurse bool, s *source) {
	cd := cmd.Def.GetColumnDef()
	if cd == nil {
		return
	}
	if t.Column(cd.Colname) != nil {
		if !cmd.MissingOk {
			s.errorf(CodeDuplicateColumn, "column %q of relation %q already exists", cd.Colname, t.Name)
		}
		return
	}
	pend := c.columnDef(t, cd, false, s)
	col := t.Column(cd.Colname)
	for _, p := range pend {
		c.addConstraint(t, p.con, p.column, false, s)
	}
	c.createColumnSequences(t, []*Column{col}, s)
	if !recurse {
		return
	}
	for _, ch := range c.children(t) {
		if ch.Column(col.Name) == nil {
			cp := *col
			ch.Columns = append(ch.Columns, &cp)
		}
		c.addColumnToDescendants(ch, col)
	}
}

// addColumnToDescendants copies col into every partition or child below t.
func (c *Catalog) addColumnToDescendants(t *Table, col *Column) {
	for _, ch := range c.children(t) {
		if ch.Column(col.Name) == nil {
			cp := *col
			ch.Columns = append(ch.Columns, &cp)
		}
		c.addColumnToDescendants(ch, col)
	}
}

// alterColumn applies fn to column name of t, and of its children when recurse.
func (c *Catalog) alterColumn(t *Table, name string, recurse bool, s *source, fn func(*Column)) {
	col := t.Column(name)
	if col == nil {
		s.errorf(CodeUndefinedColumn, "column %q of relation %q does not exist", name, t.Name)
		return
	}
	fn(col)
	col.Pos = s.pos
	if !recurse {
		return
	}
	for _, ch := range c.children(t) {
		if cc := ch.Column(name); cc != nil {
			c.alterColumn(ch, name, true, s, fn)
		}
	}
}

// dropColumn applies DROP COLUMN: the constraints on the column go with it; foreign
// keys of other tables and views that use it need CASCADE.
func (c *Catalog) dropColumn(t *Table, cmd *pg_query.AlterTableCmd, recurse bool, s *source) {
	col := t.Column(cmd.Name)
	if col == nil {
		if !cmd.MissingOk {
			s.errorf(CodeUndefinedColumn, "column %q of relation %q does not exist", cmd.Name, t.Name)
		}
		return
	}
	cascade := cmd.Behavior == pg_query.DropBehavior_DROP_CASCADE
	var fks []*Constraint
	for _, k := range c.referencing(t) {
		if k.Table != t.QualifiedName() && slices.Contains(k.RefColumns, col.Name) {
			fks = append(fks, k)
		}
	}
	views := c.viewsReading(t.QualifiedName(), col.Name)
	if (len(fks) > 0 || len(views) > 0) && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop column %s of table %s because other objects depend on it", col.Name, t.Name)
		return
	}
	for _, k := range fks {
		c.removeConstraint(k)
	}
	for _, v := range views {
		c.dropView(v, true, s)
	}
	t.Constraints = slices.DeleteFunc(t.Constraints, func(k *Constraint) bool {
		return slices.Contains(k.Columns, col.Name)
	})
	for _, q := range c.Schemas[t.Schema].Sequences {
		if q.OwnedBy == t.QualifiedName() && q.OwnedByColumn == col.Name {
			delete(c.Schemas[t.Schema].Sequences, q.Name)
		}
	}
	t.Columns = slices.DeleteFunc(t.Columns, func(x *Column) bool { return x == col })
	if recurse {
		for _, ch := range c.children(t) {
			if ch.Column(col.Name) != nil {
				c.dropColumn(ch, cmd, true, s)
			}
		}
	}
}

// attachPartition applies ATTACH PARTITION.
func (c *Catalog) attachPartition(parent *Table, pc *pg_query.PartitionCmd, s *source) {
	if pc == nil || pc.Name == nil {
		return
	}
	part := c.lookupTable(pc.Name, false, s)
	if part == nil {
		return
	}
	if parent.PartitionKey == "" {
		s.errorf(CodeWrongObjectType, "table %q is not partitioned", parent.Name)
		return
	}
	if !part.PartitionOf.IsZero() && part.PartitionOf != parent.QualifiedName() {
		s.errorf("42P17", "%q is already a partition", part.Name)
		return
	}
	part.PartitionOf = parent.QualifiedName()
}

// detachPartition applies DETACH PARTITION.
func (c *Catalog) detachPartition(parent *Table, pc *pg_query.PartitionCmd, s *source) {
	if pc == nil || pc.Name == nil {
		return
	}
	part := c.lookupTable(pc.Name, false, s)
	if part == nil {
		return
	}
	if part.PartitionOf != parent.QualifiedName() {
		s.errorf(CodeUndefinedTable, "relation %q is not a partition of relation %q", part.Name, parent.Name)
		return
	}
	part.PartitionOf = Name{}
}

// dropTable applies DROP TABLE to one table. Its partitions, triggers, constraints
// and owned sequences go with it; foreign keys referencing it, views reading it and
// inheritance children need CASCADE, which drops them (children: whole).
func (c *Catalog) dropTable(t *Table, cascade bool, s *source) {
	n := t.QualifiedName()
	var fks []*Constraint
	for _, k := range c.referencing(t) {
		if k.Table != n {
			fks = append(fks, k)
		}
	}
	views := c.viewsReading(n, "")
	var parts, heirs []*Table
	for _, ch := range c.children(t) {
		if ch.PartitionOf == n {
			parts = append(parts, ch)
		} else {
			heirs = append(heirs, ch)
		}
	}
	if (len(fks) > 0 || len(views) > 0 || len(heirs) > 0) && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop table %s because other objects depend on it", t.Name)
		return
	}
	for _, p := range parts {
		c.dropTable(p, cascade, s)
	}
	for _, h := range heirs {
		c.dropTable(h, true, s)
	}
	for _, k := range fks {
		c.removeConstraint(k)
	}
	for _, v := range views {
		c.dropView(v, true, s)
	}
	sch := c.Schemas[t.Schema]
	for _, q := range sortedValues(sch.Sequences) {
		if q.OwnedBy == n {
			delete(sch.Sequences, q.Name)
		}
	}
	delete(sch.Tables, t.Name)
}

// referencing returns the foreign keys that reference t, its own included, sorted
// by table and name.
func (c *Catalog) referencing(t *Table) []*Constraint {
	n := t.QualifiedName()
	var out []*Constraint
	for _, sch := range c.Schemas {
		for _, o := range sch.Tables {
			for _, k := range o.Constraints {
				if k.Type == ForeignKey && k.RefTable == n {
					out = append(out, k)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *Constraint) int {
		return cmp.Or(a.Table.Compare(b.Table), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// removeConstraint removes k from its table.
func (c *Catalog) removeConstraint(k *Constraint) {
	if t := c.FindTable(k.Table.Schema, k.Table.Name); t != nil {
		t.Constraints = slices.DeleteFunc(t.Constraints, func(x *Constraint) bool { return x == k })
	}
}

// renameTable applies ALTER TABLE ... RENAME TO for a table, view or sequence.
func (c *Catalog) renameRelation(stmt *pg_query.RenameStmt, s *source) {
	rv := stmt.Relation
	sch, kind := c.relation(rvName(rv))
	if kind == "" {
		if !stmt.MissingOk {
			s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
		}
		return
	}
	if sch.relationKind(stmt.Newname) != "" {
		s.errorf(CodeDuplicateTable, "relation %q already exists", stmt.Newname)
		return
	}
	c.moveRelation(Name{sch.Name, rv.Relname}, Name{sch.Name, stmt.Newname})
	switch kind {
	case "table":
		sch.Tables[stmt.Newname].Pos = s.pos
	case "sequence":
		sch.Sequences[stmt.Newname].Pos = s.pos
	default:
		sch.Views[stmt.Newname].Pos = s.pos
	}
}

// moveRelation renames or moves the relation old to new (whose schema exists), and
// every reference the catalog holds to it: constraints, foreign keys, partitions and
// children, triggers, sequence ownership, column defaults and view dependencies.
func (c *Catalog) moveRelation(old, new Name) {
	from, to := c.Schemas[old.Schema], c.Schemas[new.Schema]
	if t := from.Tables[old.Name]; t != nil {
		delete(from.Tables, old.Name)
		t.Schema, t.Name = new.Schema, new.Name
		to.Tables[new.Name] = t
	}
	if v := from.Views[old.Name]; v != nil {
		delete(from.Views, old.Name)
		v.Schema, v.Name = new.Schema, new.Name
		to.Views[new.Name] = v
	}
	if q := from.Sequences[old.Name]; q != nil {
		delete(from.Sequences, old.Name)
		q.Schema, q.Name = new.Schema, new.Name
		to.Sequences[new.Name] = q
	}
	swap := func(n *Name) {
		if *n == old {
			*n = new
		}
	}
	for _, sch := range c.Schemas {
		for _, t := range sch.Tables {
			swap(&t.PartitionOf)
			for i := range t.Inherits {
				swap(&t.Inherits[i])
			}
			for _, k := range t.Constraints {
				swap(&k.Table)
				swap(&k.RefTable)
			}
			for _, g := range t.Triggers {
				swap(&g.Table)
			}
			for _, col := range t.Columns {
				swap(&col.Sequence)
			}
		}
		for _, q := range sch.Sequences {
			swap(&q.OwnedBy)
		}
		for _, v := range sch.Views {
			for _, g := range v.Triggers {
				swap(&g.Table)
			}
			for i := range v.Query.Tables {
				tt := &v.Query.Tables[i]
				if tt.Schema == old.Schema && tt.Name == old.Name {
					tt.Schema, tt.Name = new.Schema, new.Name
				}
			}
		}
	}
}

// renameColumn applies ALTER TABLE ... RENAME COLUMN, to children too, and follows
// the rename in constraints, foreign keys, triggers, sequence ownership and views.
func (c *Catalog) renameColumn(stmt *pg_query.RenameStmt, s *source) {
	rv := stmt.Relation
	if v := c.FindView(rv.Schemaname, rv.Relname); v != nil {
		i := slices.Index(v.Columns, stmt.Subname)
		if i < 0 {
			s.errorf(CodeUndefinedColumn, "column %q does not exist", stmt.Subname)
			return
		}
		v.Columns[i] = stmt.Newname
		return
	}
	t := c.lookupTable(rv, stmt.MissingOk, s)
	if t == nil {
		return
	}
	c.renameTableColumn(t, stmt.Subname, stmt.Newname, s)
}

func (c *Catalog) renameTableColumn(t *Table, old, new string, s *source) {
	col := t.Column(old)
	if col == nil {
		s.errorf(CodeUndefinedColumn, "column %q does not exist", old)
		return
	}
	if t.Column(new) != nil {
		s.errorf(CodeDuplicateColumn, "column %q of relation %q already exists", new, t.Name)
		return
	}
	col.Name = new
	n := t.QualifiedName()
	rename := func(cols []string) {
		for i := range cols {
			if cols[i] == old {
				cols[i] = new
			}
		}
	}
	for _, k := range t.Constraints {
		rename(k.Columns)
	}
	for _, k := range c.referencing(t) {
		rename(k.RefColumns)
	}
	for _, g := range t.Triggers {
		rename(g.Columns)
	}
	for _, q := range c.Schemas[t.Schema].Sequences {
		if q.OwnedBy == n && q.OwnedByColumn == old {
			q.OwnedByColumn = new
		}
	}
	for _, v := range c.Views() {
		for i := range v.Query.Tables {
			tt := &v.Query.Tables[i]
			if tt.Schema == n.Schema && tt.Name == n.Name {
				for j := range tt.Columns {
					if tt.Columns[j].Name == old {
						tt.Columns[j].Name = new
					}
				}
			}
		}
	}
	for _, ch := range c.children(t) {
		if ch.Column(old) != nil {
			c.renameTableColumn(ch, old, new, s)
		}
	}
}

// setSchema applies ALTER ... SET SCHEMA to a table (whose owned sequences follow),
// view, sequence or function.
func (c *Catalog) setSchema(stmt *pg_query.AlterObjectSchemaStmt, s *source) {
	to := c.Schemas[stmt.Newschema]
	switch stmt.ObjectType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_SEQUENCE:
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		c.setFunctionSchema(stmt, to, s)
		return
	default:
		return
	}
	rv := stmt.Relation
	from, kind := c.relation(rvName(rv))
	if kind == "" {
		if !stmt.MissingOk {
			s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
		}
		return
	}
	if to == nil {
		s.errorf(CodeUndefinedSchema, "schema %q does not exist", stmt.Newschema)
		return
	}
	if to == from {
		return
	}
	if to.relationKind(rv.Relname) != "" {
		s.errorf(CodeDuplicateTable, "relation %q already exists in schema %q", rv.Relname, to.Name)
		return
	}
	old := Name{from.Name, rv.Relname}
	var owned []*Sequence
	if kind == "table" {
		for _, q := range sortedValues(from.Sequences) {
			if q.OwnedBy == old {
				owned = append(owned, q)
			}
		}
	}
	c.moveRelation(old, Name{to.Name, rv.Relname})
	for _, q := range owned {
		if to.relationKind(q.Name) == "" {
			c.moveRelation(Name{from.Name, q.Name}, Name{to.Name, q.Name})
		}
	}
	switch kind {
	case "table":
		to.Tables[rv.Relname].Pos = s.pos
	case "sequence":
		to.Sequences[rv.Relname].Pos = s.pos
	default:
		to.Views[rv.Relname].Pos = s.pos
	}
}

// rename hands each RENAME to the method for its kind of object.
func (c *Catalog) rename(stmt *pg_query.RenameStmt, s *source) {
	switch stmt.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW,
		pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_SEQUENCE:
		c.renameRelation(stmt, s)
	case pg_query.ObjectType_OBJECT_COLUMN:
		c.renameColumn(stmt, s)
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		c.renameConstraint(stmt, s)
	case pg_query.ObjectType_OBJECT_TRIGGER:
		c.renameTrigger(stmt, s)
	case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
		c.renameFunction(stmt, s)
	case pg_query.ObjectType_OBJECT_SCHEMA:
		c.renameSchema(stmt, s)
	case pg_query.ObjectType_OBJECT_INDEX:
		c.renameIndex(stmt)
	}
}

// drop hands each object of a DROP statement to the method for its kind.
func (c *Catalog) drop(stmt *pg_query.DropStmt, s *source) {
	cascade := stmt.Behavior == pg_query.DropBehavior_DROP_CASCADE
	for _, obj := range stmt.Objects {
		switch stmt.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			n := nameOf(obj.GetList().GetItems())
			if t := c.FindTable(n.Schema, n.Name); t != nil {
				c.dropTable(t, cascade, s)
			} else if _, kind := c.relation(n); kind != "" {
				s.errorf(CodeWrongObjectType, "%q is not a table", n.String())
			} else if !stmt.MissingOk {
				s.errorf(CodeUndefinedTable, "table %q does not exist", n.String())
			}
		case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW:
			mat := stmt.RemoveType == pg_query.ObjectType_OBJECT_MATVIEW
			what := map[bool]string{false: "view", true: "materialized view"}[mat]
			n := nameOf(obj.GetList().GetItems())
			if v := c.FindView(n.Schema, n.Name); v != nil && v.Materialized == mat {
				c.dropView(v, cascade, s)
			} else if _, kind := c.relation(n); kind != "" {
				s.errorf(CodeWrongObjectType, "%q is not a %s", n.String(), what)
			} else if !stmt.MissingOk {
				s.errorf(CodeUndefinedTable, "%s %q does not exist", what, n.String())
			}
		case pg_query.ObjectType_OBJECT_SEQUENCE:
			n := nameOf(obj.GetList().GetItems())
			if q := c.FindSequence(n.Schema, n.Name); q != nil {
				c.dropSequence(q, cascade, s)
			} else if _, kind := c.relation(n); kind != "" {
				s.errorf(CodeWrongObjectType, "%q is not a sequence", n.String())
			} else if !stmt.MissingOk {
				s.errorf(CodeUndefinedTable, "sequence %q does not exist", n.String())
			}
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
			if owa := obj.GetObjectWithArgs(); owa != nil {
				if f := c.lookupFunction(owa, stmt.MissingOk, s); f != nil {
					c.dropFunction(f, cascade, s)
				}
			}
		case pg_query.ObjectType_OBJECT_TRIGGER:
			items := strs(obj.GetList().GetItems())
			if len(items) < 2 {
				continue
			}
			c.dropTrigger(nameOf(obj.GetList().GetItems()[:len(items)-1]), items[len(items)-1], stmt.MissingOk, s)
		case pg_query.ObjectType_OBJECT_SCHEMA:
			if sv := obj.GetString_(); sv != nil {
				c.dropSchema(sv.Sval, stmt, s)
			}
		case pg_query.ObjectType_OBJECT_INDEX:
			n := nameOf(obj.GetList().GetItems())
			for _, sch := range c.schemasFor(n.Schema) {
				if c.indexes[Name{sch.Name, n.Name}] != nil {
					delete(c.indexes, Name{sch.Name, n.Name})
					break
				}
			}
		}
	}
}
