package schema

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline/faultline/query"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Function is a function or procedure.
type Function struct {
	Schema string
	Name   string
	// Args are the declared arguments in order, all modes included.
	Args []Arg
	// Returns is the canonical return type ("trigger", "void", "SETOF bigint",
	// "TABLE(...)"), "" for procedures.
	Returns   string
	Procedure bool
	// Language is the body's language in lower case: sql, plpgsql, c, internal...
	Language string
	// Body is the function body as written (the AS string, or the BEGIN ATOMIC block).
	Body string
	// Definition is the whole CREATE FUNCTION statement as written (or as
	// pg_get_functiondef gives it); the body is analyzed from it.
	Definition string
	// SearchPath is the search_path the body resolves names through: the function's
	// own SET search_path if it has one, else the one in effect when it was created.
	SearchPath []string

	// Statements is what the body runs, resolved against the catalog by
	// (*Catalog).AnalyzeFunctions: every SQL statement with the tables it reads and
	// writes. Empty for languages other than sql and plpgsql.
	Statements []query.Statement
	// Dynamic is set when the body runs SQL built at run time (EXECUTE), whose
	// tables cannot be known.
	Dynamic bool
	// Sequences names the sequences the body draws from with nextval.
	Sequences []Name
	// Pos is where the function was created (or last replaced).
	Pos Pos

	// analyzed is set once the body has been resolved.
	analyzed bool
}

// Arg is one declared function argument.
type Arg struct {
	Name string
	// Type is the canonical type name.
	Type string
	// Mode is IN, OUT, INOUT, VARIADIC or TABLE.
	Mode string
}

// QualifiedName is the function's schema-qualified name.
func (f *Function) QualifiedName() Name { return Name{f.Schema, f.Name} }

// Signature is the function's identity within its schema: its name and the types of
// its input arguments (IN, INOUT and VARIADIC), e.g. "f(integer, text[])", as
// PostgreSQL tells overloads apart.
func (f *Function) Signature() string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteString("(")
	first := true
	for _, a := range f.Args {
		if a.Mode == "OUT" || a.Mode == "TABLE" {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(a.Type)
	}
	b.WriteString(")")
	return b.String()
}

// paramModes maps the parser's parameter modes to their SQL.
var paramModes = map[pg_query.FunctionParameterMode]string{
	pg_query.FunctionParameterMode_FUNC_PARAM_IN:       "IN",
	pg_query.FunctionParameterMode_FUNC_PARAM_OUT:      "OUT",
	pg_query.FunctionParameterMode_FUNC_PARAM_INOUT:    "INOUT",
	pg_query.FunctionParameterMode_FUNC_PARAM_VARIADIC: "VARIADIC",
	pg_query.FunctionParameterMode_FUNC_PARAM_TABLE:    "TABLE",
	pg_query.FunctionParameterMode_FUNC_PARAM_DEFAULT:  "IN",
}

// argType renders an argument's type, resolving table.column%TYPE through the catalog.
func (c *Catalog) argType(tn *pg_query.TypeName) string {
	if tn != nil && tn.PctType {
		parts := strs(tn.Names)
		if len(parts) >= 2 {
			tab := Name{Name: parts[len(parts)-2]}
			if len(parts) > 2 {
				tab.Schema = parts[len(parts)-3]
			}
			if t := c.FindTable(tab.Schema, tab.Name); t != nil {
				if col := t.Column(parts[len(parts)-1]); col != nil {
					return col.Type
				}
			}
		}
	}
	return formatType(tn)
}

// createFunction applies CREATE [OR REPLACE] FUNCTION / PROCEDURE. The body is kept
// and resolved later by AnalyzeFunctions, as PostgreSQL resolves it when it runs.
func (c *Catalog) createFunction(stmt *pg_query.CreateFunctionStmt, s *source) {
	n := nameOf(stmt.Funcname)
	sch := c.creationSchema(n.Schema, s)
	if sch == nil {
		return
	}
	f := &Function{Schema: sch.Name, Name: n.Name, Procedure: stmt.IsProcedure, Definition: s.text, Pos: s.pos}
	var table []string
	for _, p := range stmt.Parameters {
		fp := p.GetFunctionParameter()
		if fp == nil {
			continue
		}
		a := Arg{Name: fp.Name, Type: c.argType(fp.ArgType), Mode: paramModes[fp.Mode]}
		f.Args = append(f.Args, a)
		if a.Mode == "TABLE" {
			table = append(table, quoteIdent(a.Name)+" "+a.Type)
		}
	}
	switch {
	case len(table) > 0:
		f.Returns = "TABLE(" + strings.Join(table, ", ") + ")"
	case stmt.ReturnType != nil:
		f.Returns = formatType(stmt.ReturnType)
	case !stmt.IsProcedure:
		f.Returns = "record"
	}
	f.SearchPath = slices.Clone(c.SearchPath)
	for _, o := range stmt.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			f.Language = strings.ToLower(d.Arg.GetString_().GetSval())
		case "as":
			if parts := strs(d.Arg.GetList().GetItems()); len(parts) > 0 {
				f.Body = parts[0]
			}
		case "set":
			if vs := d.Arg.GetVariableSetStmt(); vs != nil && strings.EqualFold(vs.Name, "search_path") &&
				vs.Kind == pg_query.VariableSetKind_VAR_SET_VALUE {
				f.SearchPath = searchPathArgs(vs.Args)
			}
		}
	}
	if stmt.SqlBody != nil {
		// BEGIN ATOMIC ... END or RETURN expr: the body runs to the statement's end.
		f.Language = "sql"
		start := -1
		for _, w := range []string{"begin", "return"} {
			if i := afterWord(s.text, 0, w); i >= 0 && (start < 0 || i-len(w) < start) {
				start = i - len(w)
			}
		}
		if start >= 0 {
			f.Body = strings.TrimSpace(s.text[start:])
		}
	}
	sig := f.Signature()
	if old := sch.Functions[sig]; old != nil {
		if !stmt.Replace {
			s.errorf(CodeDuplicateFunction, "function %s already exists with same argument types", sig)
			return
		}
	}
	sch.Functions[sig] = f
}

// functionNamed returns the functions named n, looking an empty schema up through the
// search path (the first schema holding one wins), sorted by signature.
func (c *Catalog) functionNamed(n Name) []*Function {
	for _, sch := range c.schemasFor(n.Schema) {
		var out []*Function
		for _, f := range sortedValues(sch.Functions) {
			if f.Name == n.Name {
				out = append(out, f)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// FindFunction returns the function with that signature (see Function.Signature),
// looking an empty schema up through the search path, or nil.
func (c *Catalog) FindFunction(schema, signature string) *Function {
	for _, sch := range c.schemasFor(schema) {
		if f := sch.Functions[signature]; f != nil {
			return f
		}
	}
	return nil
}

// lookupFunction finds the function DROP / ALTER FUNCTION names, or records why not.
func (c *Catalog) lookupFunction(owa *pg_query.ObjectWithArgs, missingOK bool, s *source) *Function {
	n := nameOf(owa.Objname)
	if owa.ArgsUnspecified {
		fs := c.functionNamed(n)
		switch {
		case len(fs) == 1:
			return fs[0]
		case len(fs) > 1:
			s.errorf("42725", "function name %q is not unique", n.String())
		case !missingOK:
			s.errorf(CodeUndefinedFunction, "could not find a function named %q", n.String())
		}
		return nil
	}
	var types []string
	if len(owa.Objfuncargs) > 0 {
		for _, a := range owa.Objfuncargs {
			fp := a.GetFunctionParameter()
			if fp == nil || fp.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_OUT || fp.Mode == pg_query.FunctionParameterMode_FUNC_PARAM_TABLE {
				continue
			}
			types = append(types, c.argType(fp.ArgType))
		}
	} else {
		for _, a := range owa.Objargs {
			types = append(types, c.argType(a.GetTypeName()))
		}
	}
	sig := n.Name + "(" + strings.Join(types, ", ") + ")"
	if f := c.FindFunction(n.Schema, sig); f != nil {
		return f
	}
	if !missingOK {
		s.errorf(CodeUndefinedFunction, "function %s does not exist", qualify(n.Schema, sig))
	}
	return nil
}

func qualify(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}

// dropFunction applies DROP FUNCTION to one function; triggers calling it need
// CASCADE, which drops them.
func (c *Catalog) dropFunction(f *Function, cascade bool, s *source) {
	var users []*Trigger
	if f.Returns == "trigger" {
		for _, g := range c.Triggers() {
			if g.Function == f.QualifiedName() {
				users = append(users, g)
			}
		}
	}
	if len(users) > 0 && !cascade {
		s.errorf(CodeDependentObjects, "cannot drop function %s because other objects depend on it", f.Signature())
		return
	}
	for _, g := range users {
		c.removeTrigger(g)
	}
	delete(c.Schemas[f.Schema].Functions, f.Signature())
}

// renameFunction applies ALTER FUNCTION ... RENAME TO.
func (c *Catalog) renameFunction(stmt *pg_query.RenameStmt, s *source) {
	owa := stmt.Object.GetObjectWithArgs()
	if owa == nil {
		return
	}
	f := c.lookupFunction(owa, stmt.MissingOk, s)
	if f == nil {
		return
	}
	sch := c.Schemas[f.Schema]
	old := f.QualifiedName()
	delete(sch.Functions, f.Signature())
	f.Name = stmt.Newname
	if sch.Functions[f.Signature()] != nil {
		s.errorf(CodeDuplicateFunction, "function %s already exists in schema %q", f.Signature(), sch.Name)
		f.Name = old.Name
		sch.Functions[f.Signature()] = f
		return
	}
	sch.Functions[f.Signature()] = f
	c.retargetTriggers(old, f.QualifiedName())
}

// setFunctionSchema applies ALTER FUNCTION ... SET SCHEMA.
func (c *Catalog) setFunctionSchema(stmt *pg_query.AlterObjectSchemaStmt, to *Schema, s *source) {
	owa := stmt.Object.GetObjectWithArgs()
	if owa == nil {
		return
	}
	f := c.lookupFunction(owa, stmt.MissingOk, s)
	if f == nil {
		return
	}
	if to == nil {
		s.errorf(CodeUndefinedSchema, "schema %q does not exist", stmt.Newschema)
		return
	}
	if to.Functions[f.Signature()] != nil {
		s.errorf(CodeDuplicateFunction, "function %s already exists in schema %q", f.Signature(), to.Name)
		return
	}
	old := f.QualifiedName()
	delete(c.Schemas[f.Schema].Functions, f.Signature())
	f.Schema = to.Name
	to.Functions[f.Signature()] = f
	c.retargetTriggers(old, f.QualifiedName())
}

// retargetTriggers follows a trigger function's rename or move.
func (c *Catalog) retargetTriggers(old, new Name) {
	for _, g := range c.Triggers() {
		if g.Function == old {
			g.Function = new
		}
	}
}

// nextvalCall finds nextval('name') calls in function bodies.
var nextvalCall = regexp.MustCompile(`(?i)nextval\s*\(\s*'((?:[^']|'')+)'`)

// AnalyzeFunctions resolves the body of every sql and plpgsql function not resolved
// yet against the catalog as it stands, through the function's search path: the
// statements it runs with the tables they read and write, whether it builds SQL at
// run time, and the sequences it draws from. It returns the bodies that could not be
// parsed, as *Error values at the function's position.
func (c *Catalog) AnalyzeFunctions() []error {
	var errs []error
	saved := c.SearchPath
	defer func() { c.SearchPath = saved }()
	for _, f := range c.Functions() {
		if f.analyzed {
			continue
		}
		f.analyzed = true
		c.SearchPath = f.SearchPath
		f.Sequences = nil
		for _, m := range nextvalCall.FindAllStringSubmatch(f.Body, -1) {
			n := parseRegclass(strings.ReplaceAll(m[1], "''", "'"))
			if q := c.FindSequence(n.Schema, n.Name); q != nil {
				n = q.QualifiedName()
			}
			if !slices.Contains(f.Sequences, n) {
				f.Sequences = append(f.Sequences, n)
			}
		}
		slices.SortFunc(f.Sequences, Name.Compare)
		if f.Language != "sql" && f.Language != "plpgsql" || f.Definition == "" {
			continue
		}
		stmts, dynamic, err := analyzeFunction(f.Definition, c)
		if err != nil {
			errs = append(errs, &Error{Pos: f.Pos, Code: CodeSyntaxError,
				Message: fmt.Sprintf("body of function %s: %v", f.Signature(), err)})
		}
		f.Statements, f.Dynamic = stmts, dynamic
	}
	return errs
}
