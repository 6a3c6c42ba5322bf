package schema

import pg_query "github.com/pganalyze/pg_query_go/v6"

// index is what the catalog keeps of an index: only enough for ADD CONSTRAINT ...
// PRIMARY KEY / UNIQUE USING INDEX to know the constraint's columns. Indexes are
// not part of the model otherwise.
type index struct {
	table   *Table
	columns []string // nil when a key is an expression
}

// createIndex applies CREATE INDEX, remembering plain-column indexes by name.
func (c *Catalog) createIndex(stmt *pg_query.IndexStmt, s *source) {
	if stmt.Idxname == "" || stmt.Relation == nil {
		return
	}
	t := c.FindTable(stmt.Relation.Schemaname, stmt.Relation.Relname)
	if t == nil {
		return
	}
	ix := &index{table: t}
	for _, p := range stmt.IndexParams {
		e := p.GetIndexElem()
		if e == nil || e.Name == "" {
			ix.columns = nil
			break
		}
		ix.columns = append(ix.columns, e.Name)
	}
	if c.indexes == nil {
		c.indexes = map[Name]*index{}
	}
	c.indexes[Name{t.Schema, stmt.Idxname}] = ix
}

// indexColumns returns the columns of the index name on t, and whether t has it.
func (c *Catalog) indexColumns(t *Table, name string) ([]string, bool) {
	if ix := c.indexes[Name{t.Schema, name}]; ix != nil && ix.table == t {
		return ix.columns, true
	}
	return nil, false
}

// renameIndex follows ALTER INDEX ... RENAME TO.
func (c *Catalog) renameIndex(stmt *pg_query.RenameStmt) {
	for _, sch := range c.schemasFor(stmt.Relation.Schemaname) {
		old := Name{sch.Name, stmt.Relation.Relname}
		if ix := c.indexes[old]; ix != nil {
			delete(c.indexes, old)
			c.indexes[Name{sch.Name, stmt.Newname}] = ix
			return
		}
	}
}
