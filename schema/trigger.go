package schema

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
