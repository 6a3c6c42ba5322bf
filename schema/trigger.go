package schema

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Trigger is a trigger on a table or view.
type Trigger struct {
	Name string
	// Table is the table (or view) the trigger is on.
	Table Name
	// Timing is BEFORE, AFTER or INSTEAD OF.
	Timing string
	// Events lists INSERT, UPDATE, DELETE and TRUNCATE, in that order, as they apply.
	Events []string
	// Columns are the columns of UPDATE OF, in order.
	Columns []string
	// ForEachRow is set for row-level triggers, clear for statement-level ones.
	ForEachRow bool
	// Function is the trigger function, schema resolved through the search path in
	// effect when the trigger was created.
	Function Name
	// Args are the literal arguments passed to the function.
	Args []string
	// When is the WHEN condition as written, "" when there is none.
	When string
	// Constraint is set for CREATE CONSTRAINT TRIGGER.
	Constraint bool
	// Pos is where the trigger was created (or last renamed).
	Pos Pos
}

// Trigger event and timing bits of CREATE TRIGGER and of pg_trigger.tgtype, as in
// pg_trigger.h.
const (
	triggerRow      = 1 << 0
	triggerBefore   = 1 << 1
	triggerInsert   = 1 << 2
	triggerDelete   = 1 << 3
	triggerUpdate   = 1 << 4
	triggerTruncate = 1 << 5
	triggerInstead  = 1 << 6
)

// TriggerType decodes the timing and the events of trigger type bits, as
// CREATE TRIGGER's parse tree and pg_trigger.tgtype both give them.
func TriggerType(bits int32) (timing string, events []string) {
	switch {
	case bits&triggerInstead != 0:
		timing = "INSTEAD OF"
	case bits&triggerBefore != 0:
		timing = "BEFORE"
	default:
		timing = "AFTER"
	}
	for _, e := range []struct {
		bit  int32
		name string
	}{{triggerInsert, "INSERT"}, {triggerUpdate, "UPDATE"}, {triggerDelete, "DELETE"}, {triggerTruncate, "TRUNCATE"}} {
		if bits&e.bit != 0 {
			events = append(events, e.name)
		}
	}
	return timing, events
}

// createTrigger applies CREATE [OR REPLACE] [CONSTRAINT] TRIGGER on a table or view.
func (c *Catalog) createTrigger(stmt *pg_query.CreateTrigStmt, s *source) {
	rv := stmt.Relation
	var list *[]*Trigger
	var relName Name
	if t := c.FindTable(rv.Schemaname, rv.Relname); t != nil {
		list, relName = &t.Triggers, t.QualifiedName()
	} else if v := c.FindView(rv.Schemaname, rv.Relname); v != nil {
		list, relName = &v.Triggers, v.QualifiedName()
	} else {
		s.errorf(CodeUndefinedTable, "relation %q does not exist", display(rv))
		return
	}
	fn := nameOf(stmt.Funcname)
	f := c.FindFunction(fn.Schema, fn.Name+"()")
	if f == nil {
		s.errorf(CodeUndefinedFunction, "function %s() does not exist", fn.String())
		return
	}
	g := &Trigger{
		Name:       stmt.Trigname,
		Table:      relName,
		ForEachRow: stmt.Row,
		Function:   f.QualifiedName(),
		Columns:    strs(stmt.Columns),
		Args:       strs(stmt.Args),
		Constraint: stmt.Isconstraint,
		Pos:        s.pos,
	}
	g.Timing, g.Events = TriggerType(stmt.Timing | stmt.Events)
	if stmt.WhenClause != nil {
		if i := afterWord(s.text, 0, "when"); i >= 0 {
			g.When = ParenText(s.text, i)
		}
	}
	i := slices.IndexFunc(*list, func(x *Trigger) bool { return x.Name == g.Name })
	switch {
	case i >= 0 && !stmt.Replace:
		s.errorf(CodeDuplicateObject, "trigger %q for relation %q already exists", g.Name, relName.Name)
	case i >= 0:
		(*list)[i] = g
	default:
		*list = append(*list, g)
		slices.SortFunc(*list, func(a, b *Trigger) int { return strings.Compare(a.Name, b.Name) })
	}
}

// triggerList returns the trigger list of the table or view n, or nil.
func (c *Catalog) triggerList(n Name) *[]*Trigger {
	if t := c.FindTable(n.Schema, n.Name); t != nil {
		return &t.Triggers
	}
	if v := c.FindView(n.Schema, n.Name); v != nil {
		return &v.Triggers
	}
	return nil
}

// dropTrigger applies DROP TRIGGER name ON table.
func (c *Catalog) dropTrigger(rel Name, name string, missingOK bool, s *source) {
	list := c.triggerList(rel)
	if list == nil {
		if !missingOK {
			s.errorf(CodeUndefinedTable, "relation %q does not exist", rel.String())
		}
		return
	}
	i := slices.IndexFunc(*list, func(x *Trigger) bool { return x.Name == name })
	if i < 0 {
		if !missingOK {
			s.errorf(CodeUndefinedObject, "trigger %q for table %q does not exist", name, rel.Name)
		}
		return
	}
	*list = slices.Delete(*list, i, i+1)
}

// removeTrigger removes g from its table or view.
func (c *Catalog) removeTrigger(g *Trigger) {
	if list := c.triggerList(g.Table); list != nil {
		*list = slices.DeleteFunc(*list, func(x *Trigger) bool { return x == g })
	}
}

// renameTrigger applies ALTER TRIGGER ... ON ... RENAME TO.
func (c *Catalog) renameTrigger(stmt *pg_query.RenameStmt, s *source) {
	list := c.triggerList(rvName(stmt.Relation))
	if list == nil {
		s.errorf(CodeUndefinedTable, "relation %q does not exist", display(stmt.Relation))
		return
	}
	i := slices.IndexFunc(*list, func(x *Trigger) bool { return x.Name == stmt.Subname })
	if i < 0 {
		s.errorf(CodeUndefinedObject, "trigger %q for table %q does not exist", stmt.Subname, stmt.Relation.Relname)
		return
	}
	if slices.ContainsFunc(*list, func(x *Trigger) bool { return x.Name == stmt.Newname }) {
		s.errorf(CodeDuplicateObject, "trigger %q for relation %q already exists", stmt.Newname, stmt.Relation.Relname)
		return
	}
	g := (*list)[i]
	g.Name = stmt.Newname
	g.Pos = s.pos
	slices.SortFunc(*list, func(a, b *Trigger) int { return strings.Compare(a.Name, b.Name) })
}
