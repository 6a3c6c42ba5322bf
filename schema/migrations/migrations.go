package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Format names the migration tool whose conventions a file follows.
type Format string

// The formats Load recognizes.
const (
	GolangMigrate Format = "golang-migrate"
	Goose         Format = "goose"
	SQLMigrate    Format = "sql-migrate"
	Dbmate        Format = "dbmate"
	Tern          Format = "tern"
	Flyway        Format = "flyway"
	Atlas         Format = "atlas"
	PgDump        Format = "pg_dump"
	// Plain is a .sql file no tool claims: sqlc schema files, schema.sql and the like.
	Plain Format = "plain"
)

// Script is one file's SQL to apply.
type Script struct {
	// File is the path relative to the root given to Load, slash-separated.
	File   string
	Format Format
	// Version is the version as written in the file name ("001", "1.2.3"), "" for
	// unversioned files and Flyway repeatable migrations.
	Version string
	// Text has exactly the byte length and the line breaks of the file; everything that
	// is not applied is replaced by spaces, so offsets in Text are offsets in the file.
	Text string
}

// Position returns the 1-based line and byte column of offset in s.Text. It scans the
// text; to map many offsets of one script, use NewLineIndex.
func (s Script) Position(offset int) (line, column int) {
	return NewLineIndex(s.Text).Position(offset)
}

// Problem is a file that could not be used; the rest of the migrations still apply.
type Problem struct {
	File string // relative to the root given to Load, slash-separated
	// Line and Column locate the problem when it has a place in the file (a NUL byte,
	// an invalid UTF-8 sequence); both are 0 when it concerns the whole file.
	Line, Column int
	// Message says what is wrong and what to do about it, in one sentence.
	Message string
}

// Error renders the problem as file:line:col: message, leaving out a position that is 0.
func (p Problem) Error() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	case p.Column == 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, p.Message)
}

// PathError reports an entry of the paths given to Load that names nothing Load can read:
// a mistake in faultline.yaml rather than in a migration.
type PathError struct {
	Index int    // the entry's index in the paths given to Load, to find it in the config
	Path  string // the entry as given
	Err   error  // why: fs.ErrNotExist, ErrNoMatch, a permission error...
}

// ErrNoMatch is the Err of a PathError whose glob pattern matches no file.
var ErrNoMatch = errors.New("pattern matches no .sql file")

func (e *PathError) Error() string {
	switch {
	case errors.Is(e.Err, fs.ErrNotExist):
		return fmt.Sprintf("migrations path %q does not exist; fix the entry in sql.migrations", e.Path)
	case errors.Is(e.Err, ErrNoMatch):
		return fmt.Sprintf("migrations pattern %q matches no .sql file; fix the entry in sql.migrations", e.Path)
	}
	return fmt.Sprintf("migrations path %q: %v", e.Path, e.Err)
}

func (e *PathError) Unwrap() error { return e.Err }

// Load reads the migrations that paths name, relative to root, and returns the SQL each
// file applies, in apply order. Files that cannot be used are returned as problems and the
// rest still loads. The error is non-nil only when an entry of paths names nothing that
// can be read (see PathError); it then joins one *PathError per such entry, and no scripts
// are returned.
func Load(root string, paths []string) ([]Script, []Problem, error) {
	if root == "" {
		root = "."
	}
	var (
		sets     [][]candidate
		problems []Problem
		errs     []error
	)
	for i, p := range paths {
		set, probs, err := resolve(root, p)
		if err != nil {
			errs = append(errs, &PathError{Index: i, Path: p, Err: err})
			continue
		}
		sets = append(sets, set)
		problems = append(problems, probs...)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}

	var scripts []Script
	seen := make(map[string]bool)
	cwd, _ := os.Getwd() // once: filepath.Abs would ask for every file
	for _, set := range sets {
		for _, c := range set {
			// The same file reached through two entries (or a link) is applied once, at
			// its first place: applying it twice would only produce "already exists"
			// noise.
			key, err := filepath.EvalSymlinks(c.path)
			if err != nil {
				key = c.path
			}
			if !filepath.IsAbs(key) {
				key = filepath.Join(cwd, key)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			s, prob := load(c)
			if prob != nil {
				problems = append(problems, *prob)
			}
			if s.File != "" {
				scripts = append(scripts, s)
			}
		}
	}
	return scripts, problems, nil
}
