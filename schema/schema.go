package schema

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

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

// relationKind says what holds the name in the schema's relation namespace: "table",
// "view", "materialized view", "sequence", or "" when nothing does.
func (s *Schema) relationKind(name string) string {
	if _, ok := s.Tables[name]; ok {
		return "table"
	}
	if v, ok := s.Views[name]; ok {
		if v.Materialized {
			return "materialized view"
		}
		return "view"
	}
	if _, ok := s.Sequences[name]; ok {
		return "sequence"
	}
	return ""
}

// empty reports whether the schema holds no objects.
func (s *Schema) empty() bool {
	return len(s.Tables) == 0 && len(s.Views) == 0 && len(s.Sequences) == 0 && len(s.Functions) == 0
}

// path returns the schemas of the search path that exist, in order, with pg_catalog
// first unless the path places it.
func (c *Catalog) path() []*Schema {
	out := make([]*Schema, 0, len(c.SearchPath)+1)
	explicit := false
	for _, n := range c.SearchPath {
		if n == "pg_catalog" {
			explicit = true
		}
	}
	if !explicit {
		out = append(out, c.Schemas["pg_catalog"])
	}
	for _, n := range c.SearchPath {
		if s := c.Schemas[n]; s != nil {
			out = append(out, s)
		}
	}
	return out
}

// creationSchema returns the schema an object named schema.name is created in: the
// named schema, or the first schema of the search path that exists.
func (c *Catalog) creationSchema(schema string, s *source) *Schema {
	if schema != "" {
		sch := c.Schemas[schema]
		if sch == nil {
			s.errorf(CodeUndefinedSchema, "schema %q does not exist", schema)
		}
		return sch
	}
	for _, n := range c.SearchPath {
		if sch := c.Schemas[n]; sch != nil && n != "pg_catalog" {
			return sch
		}
	}
	s.errorf(CodeUndefinedSchema, "no schema has been selected to create in")
	return nil
}

// schemasFor returns the schemas a name is looked up in: the named one, or the path.
func (c *Catalog) schemasFor(schema string) []*Schema {
	if schema != "" {
		if s := c.Schemas[schema]; s != nil {
			return []*Schema{s}
		}
		return nil
	}
	return c.path()
}

// FindTable returns the table schema.name, looking an empty schema up through the
// search path, or nil.
func (c *Catalog) FindTable(schema, name string) *Table {
	for _, s := range c.schemasFor(schema) {
		if t := s.Tables[name]; t != nil {
			return t
		}
		if s.relationKind(name) != "" {
			return nil
		}
	}
	return nil
}

// FindView returns the view or materialized view schema.name, looking an empty
// schema up through the search path, or nil.
func (c *Catalog) FindView(schema, name string) *View {
	for _, s := range c.schemasFor(schema) {
		if v := s.Views[name]; v != nil {
			return v
		}
		if s.relationKind(name) != "" {
			return nil
		}
	}
	return nil
}

// FindSequence returns the sequence schema.name, looking an empty schema up through
// the search path, or nil.
func (c *Catalog) FindSequence(schema, name string) *Sequence {
	for _, s := range c.schemasFor(schema) {
		if q := s.Sequences[name]; q != nil {
			return q
		}
		if s.relationKind(name) != "" {
			return nil
		}
	}
	return nil
}

// relation finds what holds a relation name through the search path: the schema and
// the kind of object, or nil.
func (c *Catalog) relation(n Name) (*Schema, string) {
	for _, s := range c.schemasFor(n.Schema) {
		if k := s.relationKind(n.Name); k != "" {
			return s, k
		}
	}
	return nil, ""
}

// createSchema applies CREATE SCHEMA, with the objects it creates inside.
func (c *Catalog) createSchema(stmt *pg_query.CreateSchemaStmt, s *source) {
	name := stmt.Schemaname
	if name == "" && stmt.Authrole != nil {
		name = stmt.Authrole.Rolename
	}
	if c.Schemas[name] != nil {
		if !stmt.IfNotExists {
			s.errorf(CodeDuplicateSchema, "schema %q already exists", name)
		}
		return
	}
	c.Schemas[name] = newSchema(name, s.pos)
	if len(stmt.SchemaElts) == 0 {
		return
	}
	saved := c.SearchPath
	c.SearchPath = []string{name}
	for _, e := range stmt.SchemaElts {
		c.update(e, s)
	}
	c.SearchPath = saved
}

// dropSchema applies DROP SCHEMA for one schema; CASCADE drops what it holds.
func (c *Catalog) dropSchema(name string, stmt *pg_query.DropStmt, s *source) {
	sch := c.Schemas[name]
	if sch == nil {
		if !stmt.MissingOk {
			s.errorf(CodeUndefinedSchema, "schema %q does not exist", name)
		}
		return
	}
	cascade := stmt.Behavior == pg_query.DropBehavior_DROP_CASCADE
	if !sch.empty() && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop schema %s because other objects depend on it", name)
		return
	}
	for _, v := range sortedValues(sch.Views) {
		if sch.Views[v.Name] == v {
			c.dropView(v, true, s)
		}
	}
	for _, t := range sortedValues(sch.Tables) {
		if sch.Tables[t.Name] == t {
			c.dropTable(t, true, s)
		}
	}
	for _, q := range sortedValues(sch.Sequences) {
		if sch.Sequences[q.Name] == q {
			c.dropSequence(q, true, s)
		}
	}
	for _, f := range sortedValues(sch.Functions) {
		c.dropFunction(f, true, s)
	}
	delete(c.Schemas, name)
}

// renameSchema applies ALTER SCHEMA ... RENAME TO.
func (c *Catalog) renameSchema(stmt *pg_query.RenameStmt, s *source) {
	sch := c.Schemas[stmt.Subname]
	if sch == nil {
		s.errorf(CodeUndefinedSchema, "schema %q does not exist", stmt.Subname)
		return
	}
	if c.Schemas[stmt.Newname] != nil {
		s.errorf(CodeDuplicateSchema, "schema %q already exists", stmt.Newname)
		return
	}
	for _, t := range sortedValues(sch.Tables) {
		c.moveRelation(Name{sch.Name, t.Name}, Name{stmt.Newname, t.Name})
	}
	for _, v := range sortedValues(sch.Views) {
		c.moveRelation(Name{sch.Name, v.Name}, Name{stmt.Newname, v.Name})
	}
	for _, q := range sortedValues(sch.Sequences) {
		c.moveRelation(Name{sch.Name, q.Name}, Name{stmt.Newname, q.Name})
	}
	for _, f := range sch.Functions {
		f.Schema = stmt.Newname
	}
	delete(c.Schemas, sch.Name)
	sch.Name = stmt.Newname
	c.Schemas[sch.Name] = sch
}

// setVariable applies SET search_path (and RESET); other settings do not matter.
func (c *Catalog) setVariable(stmt *pg_query.VariableSetStmt, s *source) {
	if !strings.EqualFold(stmt.Name, "search_path") && stmt.Kind != pg_query.VariableSetKind_VAR_RESET_ALL {
		return
	}
	switch stmt.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		c.SearchPath = searchPathArgs(stmt.Args)
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET, pg_query.VariableSetKind_VAR_RESET_ALL:
		c.SearchPath = []string{"$user", "public"}
	}
}

// searchPathArgs reads the schema list of SET search_path.
func searchPathArgs(args []*pg_query.Node) []string {
	out := []string{}
	for _, a := range args {
		switch {
		case a.GetAConst() != nil && a.GetAConst().GetSval() != nil:
			out = append(out, splitSearchPath(a.GetAConst().GetSval().Sval)...)
		case a.GetString_() != nil:
			out = append(out, a.GetString_().Sval)
		}
	}
	return out
}

// selectConfig applies SELECT pg_catalog.set_config('search_path', '...', false), as
// pg_dump writes it.
func (c *Catalog) selectConfig(stmt *pg_query.SelectStmt, s *source) {
	for _, t := range stmt.TargetList {
		fc := t.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || nameOf(fc.Funcname).Name != "set_config" || len(fc.Args) < 2 {
			continue
		}
		setting := fc.Args[0].GetAConst().GetSval()
		value := fc.Args[1].GetAConst().GetSval()
		if setting == nil || value == nil || !strings.EqualFold(setting.Sval, "search_path") {
			continue
		}
		c.SearchPath = splitSearchPath(value.Sval)
	}
}

// splitSearchPath splits a search_path value ("a, \"B\", public") into schema names.
func splitSearchPath(v string) []string {
	out := []string{}
	for _, part := range splitOutsideQuotes(v, ',') {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.HasPrefix(part, `"`) && strings.HasSuffix(part, `"`) && len(part) >= 2 {
			part = strings.ReplaceAll(part[1:len(part)-1], `""`, `"`)
		} else {
			part = strings.ToLower(part)
		}
		out = append(out, part)
	}
	return out
}

// splitOutsideQuotes splits s at sep where sep is not inside double quotes.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	quoted := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case sep:
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// newRelationSchema returns the schema a new table, sequence or materialized view
// named rv is created in, or nil when it cannot be: the schema is missing, or the
// name is taken (an error unless IF NOT EXISTS made it a no-op).
func (c *Catalog) newRelationSchema(rv *pg_query.RangeVar, ifNotExists bool, s *source) *Schema {
	sch := c.creationSchema(rv.Schemaname, s)
	if sch == nil {
		return nil
	}
	if sch.relationKind(rv.Relname) != "" {
		if !ifNotExists {
			s.errorf(CodeDuplicateTable, "relation %q already exists", rv.Relname)
		}
		return nil
	}
	return sch
}
