// Package sqlaccess defines an Analyzer that reports SQL issued by one bounded
// context that reaches into the tables or columns another context owns.
//
// # Analyzer sqlaccess
//
// sqlaccess: report SQL that reaches across a bounded-context boundary
//
// A monolith split into bounded contexts on paper is still welded together
// wherever one context's code reads or writes another's data. The database is
// never a legal path between contexts: before a context can become a service,
// every such statement has to go through the owner's API instead. sqlaccess
// finds them, using the ownership of packages, tables and columns declared in
// faultline.yaml.
//
// It finds the SQL a package issues at the calls of database/sql (DB, Tx,
// Conn: Query, QueryRow, Exec, Prepare and their Context forms), pgx v5 (Conn,
// Tx, pgxpool.Pool: Query, QueryRow, Exec, Prepare, Batch.Queue, and CopyFrom,
// a write of the table its pgx.Identifier names), sqlx (Get, Select, Queryx,
// QueryRowx, NamedExec, NamedQuery, MustExec, Preparex and their Context forms,
// as methods and as functions), methods of interfaces shaped like these (sqlc's
// DBTX), and the functions listed under sql.functions in faultline.yaml.
//
// The SQL may be a literal, a constant (sqlc's generated ones included), a
// concatenation of them, fmt.Sprintf with a constant format (a verb whose
// argument is not constant becomes a parameter marker) or strings.Join of a slice of
// constants, directly or through a variable assigned once. SQL built at run time
// is counted in the Result, never guessed at.
//
// The calls of gorm, bun, squirrel and goqu are read as the statements they
// send: a chain such as db.Model(&Product{}).Where("sku = ?", s).Update("name", n)
// becomes UPDATE products SET name = $1 WHERE (sku = $2), its table and columns
// taken from the model's Go type (TableName(), bun's table tag, gorm, bun and db
// field tags, or the libraries' naming rules), and is judged at the call that sends
// it. A function that assembles SQL from constants and its string parameters is
// followed into at each call: in its package directly, from other packages
// through the SQLFunc fact it exports. docs/orm.md lists the forms.
//
// Each statement is resolved column by column and judged for the context of
// the package issuing it. It reports:
//
//   - foreign-table: the statement reads (warning) or writes (error) a table or
//     a column another context owns. Addressing one's own columns of a shared
//     table by its primary key, the cross-system identifier, is not a finding.
//   - cross-join: one statement touches the data of two or more contexts.
//   - cross-transaction: one transaction (Begin/BeginTx, sqlx Beginx,
//     pgx.BeginFunc and callbacks handed a transaction) writes the tables or
//     columns of two or more contexts; reported where it begins.
//   - parse-error: SQL that PostgreSQL's grammar rejects, at the place in the Go
//     source where the offending text is.
//
// Named queries of query files (goyesql, dotsql, sqlc: `-- name:` blocks of the
// module's .sql files) are followed to the Go code that runs them: a struct
// field tagged `query:"name"` run as a prepared statement (q.GetSubscriber.Get)
// or used as SQL text, goyesql's Queries map indexed by a constant, dotsql's
// Exec, Query, QueryRow, Prepare and Raw given a constant name, and sqlc's
// generated constants. The statement may be handed to a helper, kept in a
// struct or rewritten with strings.ReplaceAll before it runs; the finding sits
// where it runs and names the query and its position in the query file.
// Template placeholders of such queries (%query%, %s, {{.X}}) are read around,
// and counted as SQL built at run time rather than reported as parse errors.
//
// A function belongs to the context of the file declaring it (faultline.yaml's
// files globs), else to its package's. SQL of test code (_test.go files, and
// packages that import "testing") is fixture work: kept in the Result's Fixture
// and reported as diagnostics only with the -tests flag.
//
// SQL in a package of the shared kernel, or of no context, is not judged where
// it is written: it is its callers'. A function that issues SQL, directly or
// through other such functions, exports a fact saying what its statements
// touch, and a caller in a context is reported at its call, naming the helper:
//
//	internal/pricing/quote.go:21:12: pricing through store.LoadProduct reads
//	coreproduct's columns public.products.category_name, public.products.is_active,
//	public.products.name; get this data from coreproduct's API (or a copy
//	coreproduct publishes) instead of reading its table
//	[foreign-table pricing->coreproduct]
//
// SQL written in the call is reported where its literal opens, SQL named by a
// constant at the call, and a cross-transaction where the transaction begins.
//
// The same facts carry the statements a helper runs on a transaction it is
// handed, so a transaction spanning helpers is judged as one.
//
// Packages that no faultline.yaml governs are not analyzed. Findings covered by
// an allow entry are kept in the Result but not reported.
package sqlaccess
