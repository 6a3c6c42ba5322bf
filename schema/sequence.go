package schema

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

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

// createSequence applies CREATE SEQUENCE.
func (c *Catalog) createSequence(stmt *pg_query.CreateSeqStmt, s *source) {
	rv := stmt.Sequence
	sch := c.newRelationSchema(rv, stmt.IfNotExists, s)
	if sch == nil {
		return
	}
	q := &Sequence{Schema: sch.Name, Name: rv.Relname, Type: "bigint", Pos: s.pos}
	sch.Sequences[q.Name] = q
	c.sequenceOptions(q, stmt.Options, s)
}

// alterSequence applies ALTER SEQUENCE: AS and OWNED BY matter, the rest does not.
func (c *Catalog) alterSequence(stmt *pg_query.AlterSeqStmt, s *source) {
	rv := stmt.Sequence
	q := c.FindSequence(rv.Schemaname, rv.Relname)
	if q == nil {
		if _, kind := c.relation(rvName(rv)); kind != "" {
			s.errorf(CodeWrongObjectType, "%q is not a sequence", display(rv))
		} else if !stmt.MissingOk {
			s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
		}
		return
	}
	c.sequenceOptions(q, stmt.Options, s)
}

// sequenceOptions applies the AS and OWNED BY options of CREATE / ALTER SEQUENCE.
func (c *Catalog) sequenceOptions(q *Sequence, opts []*pg_query.Node, s *source) {
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "as":
			if tn := d.Arg.GetTypeName(); tn != nil {
				q.Type = formatType(tn)
			}
		case "owned_by":
			parts := strs(d.Arg.GetList().GetItems())
			if len(parts) == 1 && strings.EqualFold(parts[0], "none") {
				q.OwnedBy, q.OwnedByColumn = Name{}, ""
				continue
			}
			if len(parts) < 2 {
				s.errorf(CodeSyntaxError, "invalid OWNED BY option")
				continue
			}
			tn := Name{Name: parts[len(parts)-2]}
			if len(parts) > 2 {
				tn.Schema = parts[len(parts)-3]
			}
			col := parts[len(parts)-1]
			t := c.FindTable(tn.Schema, tn.Name)
			if t == nil {
				s.errorf(CodeUndefinedTable, "relation %q does not exist", tn.String())
				continue
			}
			if t.Column(col) == nil {
				s.errorf(CodeUndefinedColumn, "column %q of relation %q does not exist", col, t.Name)
				continue
			}
			if t.Schema != q.Schema {
				s.errorf("55000", "sequence must be in same schema as table it is linked to")
				continue
			}
			q.OwnedBy, q.OwnedByColumn = t.QualifiedName(), col
		}
	}
	q.Pos = s.pos
}

// dropSequence applies DROP SEQUENCE. Column defaults drawing from it need CASCADE,
// which drops the defaults.
func (c *Catalog) dropSequence(q *Sequence, cascade bool, s *source) {
	n := q.QualifiedName()
	var users []*Column
	for _, t := range c.Tables() {
		for _, col := range t.Columns {
			if col.Sequence == n {
				users = append(users, col)
			}
		}
	}
	if len(users) > 0 && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop sequence %s because other objects depend on it", q.Name)
		return
	}
	for _, col := range users {
		col.Default, col.Sequence = "", Name{}
	}
	delete(c.Schemas[q.Schema].Sequences, q.Name)
}
