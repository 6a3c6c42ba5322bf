package schema

import (
	"strings"

	"github.com/faultline/faultline/query"
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
// its input arguments, e.g. "f(integer, text)", as PostgreSQL tells overloads apart.
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
		if a.Mode == "VARIADIC" {
			b.WriteString("VARIADIC ")
		}
		b.WriteString(a.Type)
	}
	b.WriteString(")")
	return b.String()
}
