// Package migrations finds the migration files that faultline.yaml's sql.migrations names
// and yields the SQL they apply, up direction only, in the order the migration tool would
// apply it.
//
// # What a Script holds
//
// A Script's Text has exactly the bytes of its file, except that everything which is not
// applied is overwritten by spaces: down sections, psql meta-commands and COPY data. Line
// breaks (\n and \r) are never touched, so an offset into Text is the same offset into the
// file, and a position reported on Text points at the right line and column in the file.
// Annotations of the migration tools (-- +goose Up, -- migrate:up, ...) are comments and
// stay as they are.
//
// # Formats
//
// The format of each file is detected from its name and content:
//
//   - golang-migrate: N_name.up.sql is applied, N_name.down.sql never.
//   - goose: -- +goose Up / -- +goose Down annotations (case-insensitive, at the start of
//     the line, as goose reads them); everything outside an Up section is blanked.
//     StatementBegin/End, NO TRANSACTION and ENVSUB annotations are kept as comments;
//     ${VAR} substitution is not performed. goose Go migrations (.go files) are skipped
//     silently like every other non-.sql file in a directory: faultline cannot run Go,
//     and a warning on every run for a file nobody can change would only be noise.
//   - sql-migrate: -- +migrate Up / -- +migrate Down, handled like goose.
//   - dbmate: -- migrate:up / -- migrate:down sections; only up sections are applied.
//   - tern: everything below "---- create above / drop below ----" is blanked.
//   - Flyway: V1__name.sql and V1.2.3__name.sql or V1_2__name.sql (versions compare
//     numerically part by part, 1.10 after 1.9), then repeatable R__name.sql sorted by
//     description; undo U1__name.sql is never applied. When baseline B5__name.sql files
//     exist, the highest one is applied in place of the versioned files up to its
//     version, as Flyway does on an empty database.
//   - Atlas: a directory with an atlas.sum file (the sum file itself is ignored).
//   - pg_dump: plain files are reported as pg_dump when they carry pg_dump's marks
//     (its header, ALTER TABLE ONLY, psql meta-commands or COPY data).
//   - plain: sqlc schema files, schema.sql and any other .sql file.
//
// In every format, psql meta-commands (a backslash outside quotes and comments, such as
// \connect, \restrict or \set, up to the end of its line) and COPY statements are blanked.
// COPY ... FROM stdin is blanked together with its data, up to the line \. that ends it:
// COPY loads data and says nothing about the schema, and keeping the statement without its
// data would leave SQL that cannot run.
//
// # Order
//
// The entries of paths are applied in the order given. Within a directory (or a glob
// pattern, or a subtree) files are applied as the tools do: versioned files first, by
// version compared as numbers (9 before 10), ties by name; then Flyway repeatable files by
// description; then unversioned files by path (in one directory: by name). A version is the number a name starts with
// (001_init.sql, 20230101120000_users.sql) or a Flyway version. A file reached twice is
// loaded once, at its first place, also when it is reached through a symbolic link.
//
// # Paths
//
// Entries are files, directories or glob patterns (db/*/schema.sql), relative to the root
// unless absolute, slash-separated. A directory is not read recursively, like
// golang-migrate, goose and dbmate do; an entry ending in /... (the config's notation for a
// subtree) reads the whole subtree as one set, ordered together, as Flyway does. In a
// directory, files whose names start with a dot, non-.sql files (atlas.sum, README.md, Go
// migrations), down and undo migrations are skipped without a word.
//
// # Problems and errors
//
// A file that cannot be used (unreadable, binary, not UTF-8, nothing to apply, a down
// migration named explicitly) is reported as a Problem and skipped; everything else still
// loads. A directory with no .sql file is a Problem too. An entry that names nothing (a path
// that does not exist, a pattern that matches nothing) makes Load fail with a *PathError:
// it is a mistake in faultline.yaml, and going on without those migrations would turn every
// table they create into a false finding.
//
// Positions are 1-based; columns count bytes, as in go/token and in PostgreSQL's own error
// positions.
package migrations
