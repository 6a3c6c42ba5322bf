// Package guard is faultline's runtime guard: it judges the SQL a program really
// runs against faultline.yaml, with the same rules and the same SQL resolver as
// `faultline check`, to catch what static analysis cannot see (SQL built at run
// time, ORMs, the code path that really runs), as GitLab's prevent_cross_joins
// does for Rails. Leave it on in a test suite or a staging environment.
//
//	g, err := guard.Open("faultline.yaml", guard.Fail) // or guard.Record
//	db := sql.OpenDB(g.Connector(stdlib.GetConnector(*pgxConfig))) // database/sql
//	pgxConfig.Tracer = g.Tracer()                                   // pgx v5
//	g.RecordTo(w)                                                    // Record: Flush writes JSON lines
//
// Open loads the configuration, the catalog its sql.migrations build and the
// baseline beside it (faultline.baseline.yaml).
//
// # Attribution
//
// Each statement is attributed to the context of the Go code that issued it: the
// first frame of the calling goroutine's stack in code that a context owns
// (faultline.yaml packages:, or files: for single files of another package). Frames of database/sql, drivers, ORMs and the
// shared kernel are walked past, so a shared helper's SQL counts for the context
// that called it, as in check. A statement no context's code issued is judged as
// SQL of unknown origin (only joins across contexts break a rule), at the first
// frame of the module's own code.
//
// # Rules
//
// A statement breaks a rule when check would report a finding for it:
// foreign-table (it reads or writes a table or columns another context owns) or
// cross-join (it touches the tables of two or more contexts). A transaction
// breaks a rule when it writes the tables of two or more contexts
// (cross-transaction); transactions are followed per connection. A finding that
// an allow entry of faultline.yaml or an entry of the baseline covers (same key:
// kind, from, to, subject) is let through, as in check.
//
// # Modes
//
// In Fail mode a statement that breaks a rule is not sent to the server: the
// call returns an error that errors.As matches to *Violation, with the
// contexts, the tables, the statement and the Go call site. A transaction that
// breaks a rule is rolled back at Commit, which returns the *Violation. The pgx
// tracer cannot fail a query: it keeps its violations for Violations.
//
// In Record mode nothing fails. The guard counts every statement per (call site,
// statement text); Flush appends one JSON object a line (Observation) to the
// RecordTo writer, and `faultline check --observed FILE` and `faultline rank
// --observed FILE` count them as runtime evidence. Argument values are never
// recorded or logged, only statement texts as the program wrote them.
//
// # Cost
//
// A statement text is parsed once (a cache keyed by the text) and its verdict
// per issuing context is cached too; a cached statement costs a walk of the
// stack and a few map lookups, with no allocation beyond the stack walk. The
// caches stop growing at 20,000 texts (SQL with inlined values); past that,
// statements are parsed each time. A statement that does not parse is let
// through and counted (Stats).
package guard
