// Package infer guesses a starting faultline.yaml from a module's Go code, query
// files and migrations, with a comment on every guess saying what it rests on and
// how sure it is; `faultline init` writes what it returns.
//
// It reads the tree with go/parser alone, without type-checking, so it works on
// code that does not build yet. The guesses:
//
//   - Contexts: one per top-level folder holding Go packages under internal/, else
//     under pkg/, else at the root (leaving out cmd, tools, examples and the like),
//     with packages [<folder>/...]. When a single folder holds all the others
//     (internal/app/orders, internal/app/billing), its subfolders are the contexts.
//   - Contexts by file: a folder that issues at least half of all statements and in
//     which two or more file names each lead some table (a domain package with
//     subscribers.go, lists.go, campaigns.go; a tie goes to the file named like the
//     table) is split into one context per such file name, with files: [<its
//     files>]; files of the same name in packages of no folder (cmd/subscribers.go)
//     join it for their code, not for its tables. Among such contexts a table goes
//     first to the one whose file is named like it. The rest of the folder is left
//     to the rules below. When this build's faultline.yaml does not take files:, the line
//     is written commented out and the context owns its tables only.
//   - Go migrations: a package in a folder named migrations, migration, migrate or
//     migrator, or importing goose, golang-migrate, gormigrate or sql-migrate, is
//     never a context and its SQL counts for none.
//   - Shared kernel: a folder that imports no other folder outside the kernel, is
//     the main user of no table, and that at least half of the other folders import,
//     directly or not (or, with a kernel's usual name such as platform, shared or
//     common, that any folder imports); or infrastructure: a folder with no SQL that
//     imports no context and is named after no untouched table (i18n, captcha).
//   - Facades: a folder that issues no SQL, imports two or more contexts and that no
//     folder imports (the catalog example's internal/catalog, a CatalogService) is
//     left out, like main: code in no context is not checked, only recorded as a
//     client. The comment says so, in case it is a context after all.
//   - api: the context's package named api; else its root package when it exports
//     functions (unsure); else none. The comment names the packages other contexts
//     import today that the guess leaves private.
//   - Named queries (a "-- name:" line, as goyesql, dotsql and sqlc write them)
//     count for the Go files that run them: files naming the query in a string,
//     selecting a struct field tagged query:"name", or a method of that name;
//     template placeholders (%order%, %s, {{.X}}) are read as TRUE. Queries no Go
//     file is seen to run are attributed by where their file is.
//   - tables: every string literal that looks like a data statement (SELECT,
//     INSERT, UPDATE, DELETE, WITH, MERGE, COPY, TRUNCATE, past leading comments such
//     as sqlc's "-- name:"), sums of literals included and test files excluded, and
//     every .sql file under a context's folder or under db/queries/<context>/,
//     queries/<context>/ or sql/queries/<context>/, is resolved with package query
//     against the schema the migrations build. Each table goes to the context that
//     leads most of its columns (touches each most often; the primary key, the
//     cross-system identifier, counts for nobody), ties broken by a name like the
//     context's (products and coreproduct, or a file stock.go in the context), then
//     by the number of statements. A table no context's code touches goes to the one
//     context it is named like, if any (unsure); otherwise it is left out with a
//     comment, and faultline check reports it as unowned-table.
//   - columns: columns of a table that another context's code alone touches (pricing's
//     sale_price in core product's products) are offered as a commented-out columns
//     line: code cannot tell a split table from a foreign read.
//   - uses: the contexts whose packages a context's code imports today.
//   - queries: the folders of the context's query files.
//   - sql.migrations: the schema paths of sqlc.yaml; the folders of migrations of
//     any tool found four levels deep (named migrations, migration or migrate, db/
//     migrations, sql, or holding Atlas's atlas.sum), a folder whose .sql files sit
//     in subfolders as dir/...; else the schema files (schema.sql, structure.sql)
//     three levels deep, a root schema.sql included. sql/queries does not count.
//
// Confidence is sure, likely or unsure. A table is sure when one context issues all
// statements touching it, or when the owner leads both columns and statements with
// three quarters of the statements; likely when it leads both; unsure otherwise.
package infer
