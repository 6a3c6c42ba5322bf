// Package finding holds the one record every faultline analysis produces: a place where
// the monolith is welded across a bounded-context boundary.
package finding

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Kind names what is coupled; the values are the kinds of DESIGN.md.
type Kind string

const (
	Import           Kind = "import"
	Private          Kind = "private"
	Cycle            Kind = "cycle"
	ForeignTable     Kind = "foreign-table"
	CrossJoin        Kind = "cross-join"
	CrossTransaction Kind = "cross-transaction"
	ForeignKey       Kind = "foreign-key"
	Trigger          Kind = "trigger"
	View             Kind = "view"
	Function         Kind = "function"
	Sequence         Kind = "sequence"
	SharedTable      Kind = "shared-table"
	UnownedTable     Kind = "unowned-table"
	RuntimeCrossJoin Kind = "runtime-cross-join"
	Drift            Kind = "drift"
	ParseError       Kind = "parse-error"
	// StaleAllow reports an allow entry in faultline.yaml that covers nothing.
	StaleAllow Kind = "stale-allow"
	// UnusedIgnore reports a faultline:ignore comment that suppresses nothing.
	UnusedIgnore Kind = "unused-ignore"
	// StaleBaseline reports a baseline entry that no longer occurs.
	StaleBaseline Kind = "stale-baseline"
	// Config reports a warning about faultline.yaml, such as a table entry that
	// matches nothing in the catalog.
	Config Kind = "config"
)

// Severity grades a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Access says whether SQL reads or writes what it touches.
type Access string

const (
	Read  Access = "read"
	Write Access = "write"
)

// Finding is one coupling across a context boundary.
//
// From is the context that depends, To the one depended on (DESIGN.md "Direction").
// Subject names what is coupled without line numbers, so Key survives edits.
type Finding struct {
	Kind     Kind     `json:"kind"`
	Severity Severity `json:"severity"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Subject  string   `json:"subject"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	// Object is the catalog object a finding came from when it was read from a live
	// database rather than a file, e.g. "public.products".
	Object  string `json:"object,omitempty"`
	Message string `json:"message"`
	Fix     string `json:"fix"`

	// Access is read or write for SQL findings; the graph weighs writes higher.
	Access Access `json:"access,omitempty"`
	// Tables and Columns are the database objects involved, qualified, sorted.
	Tables  []string `json:"tables,omitempty"`
	Columns []string `json:"columns,omitempty"`
	// Calls and TotalMillis come from pg_stat_statements for runtime findings.
	Calls       int64   `json:"calls,omitempty"`
	TotalMillis float64 `json:"total_ms,omitempty"`
	// AllowedBy holds the reason of the allow entry or faultline:ignore comment that
	// covers this finding; such findings are kept for the graph and verbose output
	// but never fail a check. Excuse says which, and where it is written.
	AllowedBy string  `json:"allowed_by,omitempty"`
	Excuse    *Excuse `json:"-"`
	// Query is the named query of a query file whose SQL the finding's statement
	// is, when Go code runs it by name: the evidence beside the Go call site.
	Query *QueryRef `json:"query,omitempty"`
	// Statements are, for a shared-table finding, the statements that read or
	// write From's own columns of the table: the split's work (see Statement).
	Statements []Statement `json:"statements,omitempty"`
}

// QueryRef is a named query of a query file (goyesql, dotsql, sqlc), where its
// SQL starts; File is relative to the directory of faultline.yaml.
type QueryRef struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func (q QueryRef) String() string {
	return q.Name + " (" + q.File + ":" + strconv.Itoa(q.Line) + ":" + strconv.Itoa(q.Column) + ")"
}

// ExcuseKind says what lets a finding through.
type ExcuseKind string

const (
	ByAllow  ExcuseKind = "allow"  // an allow entry of faultline.yaml
	ByIgnore ExcuseKind = "ignore" // a faultline:ignore comment
)

// Excuse is the allow entry or faultline:ignore comment that lets a finding through,
// as the verdict stage found it.
type Excuse struct {
	By     ExcuseKind
	Reason string
	File   string
	Line   int
	Column int
}

// SetExcuse marks f as let through by e; AllowedBy renders it for the reports.
func (f *Finding) SetExcuse(e Excuse) {
	f.Excuse = &e
	f.AllowedBy = e.Reason
	if e.By == ByIgnore {
		f.AllowedBy = "faultline:ignore at " + e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Reason
	}
}

// Key identifies a finding independently of where it sits in a file.
func (f Finding) Key() string {
	return string(f.Kind) + " " + f.From + "->" + f.To + " " + f.Subject
}

// Arrow renders "from->to", or the one context there is ("" for none).
func (f Finding) Arrow() string {
	switch {
	case f.From != "" && f.To != "":
		return f.From + "->" + f.To
	case f.From != "":
		return f.From
	}
	return f.To
}

// Tag renders "[kind from->to]", the end of every line go vet and faultline check
// print for a finding.
func (f Finding) Tag() string {
	if a := f.Arrow(); a != "" {
		return "[" + string(f.Kind) + " " + a + "]"
	}
	return "[" + string(f.Kind) + "]"
}

// Position renders file:line:col, or the catalog object when there is no file.
func (f Finding) Position() string {
	if f.File == "" {
		return f.Object
	}
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		b.WriteString(":")
		b.WriteString(strconv.Itoa(f.Line))
		if f.Column > 0 {
			b.WriteString(":")
			b.WriteString(strconv.Itoa(f.Column))
		}
	}
	return b.String()
}

// Compare orders findings by file, line, column, then key, so output is deterministic.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Object, b.Object),
		cmp.Compare(a.Key(), b.Key()),
		cmp.Compare(a.Message, b.Message),
	)
}

// Sort orders findings deterministically and drops exact duplicates.
func Sort(fs []Finding) []Finding {
	slices.SortFunc(fs, Compare)
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return Compare(a, b) == 0 && a.Kind == b.Kind
	})
}

// Reference is a dependency that is not itself a finding: code of one context using
// another through its published API, or code in no context (a facade, main) calling
// into a context. The graph needs them to know who depends on whom, and the cut set
// lists them as the call sites to move.
type Reference struct {
	// From is the context of the referring code, "" when it belongs to no context.
	From string `json:"from"`
	To   string `json:"to"`
	// FromPackage and ToPackage are import paths; Object is what is used, e.g.
	// "api.Client.PriceFor" or a package name for an import.
	FromPackage string `json:"from_package"`
	ToPackage   string `json:"to_package"`
	Object      string `json:"object"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	// API is set when the use goes through the target context's api packages.
	API bool `json:"api"`
}
