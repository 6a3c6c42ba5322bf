package migrations

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// class orders the files of one set: versioned files come first, Flyway repeatable
// files after all of them, files without a version last.
type class int

const (
	versioned class = iota
	repeatable
	unversioned
)

// candidate is a file found for an entry, with what its name says.
type candidate struct {
	path    string // as the OS opens it
	rel     string // relative to the root, slash-separated
	name    string // base name
	atlas   bool   // its directory holds an atlas.sum
	class   class
	format  Format   // what the name alone says: GolangMigrate, Flyway or ""
	version string   // as written in the name
	key     []string // version parts without leading zeros, for numeric comparison
	desc    string   // a Flyway repeatable file's description
	// skip says why the name alone rules the file out (down or undo migration,
	// not SQL); "" when it may be applied.
	skip string
	// baseline marks a Flyway baseline migration (B5__name.sql).
	baseline bool
}

var (
	// golang-migrate: {version}_{title}.up.sql; anything else ending in .down.sql is a
	// down migration too. (Not _down.sql: 00005_slow_down.sql is a goose name.)
	migrateName = regexp.MustCompile(`^([0-9]+)_.*\.(?i:up)\.(?i:sql)$`)
	downName    = regexp.MustCompile(`(?i)\.down\.sql$`)
	// Flyway: V1__x.sql, V1.2__x.sql, V1_2__x.sql, U1__x.sql, B1__x.sql, R__x.sql.
	flywayName     = regexp.MustCompile(`^([VUB])([0-9]+(?:[._][0-9]+)*)__(.*)\.(?i:sql)$`)
	repeatableName = regexp.MustCompile(`^R__(.*)\.(?i:sql)$`)
	leadingNumber  = regexp.MustCompile(`^[0-9]+`)
)

func isSQL(name string) bool { return strings.EqualFold(filepath.Ext(name), ".sql") }

// classify reads what a file's name says about it.
func classify(path, rel string) candidate {
	name := filepath.Base(path)
	c := candidate{path: path, rel: rel, name: name, class: unversioned}
	switch {
	case !isSQL(name):
		c.skip = "is not a .sql file; list SQL migration files or the directory that holds them"
	case downName.MatchString(name):
		c.skip = "is a down migration, which is never applied; list the matching up migration instead"
	case migrateName.MatchString(name):
		c.format = GolangMigrate
		c.setVersion(migrateName.FindStringSubmatch(name)[1])
	case flywayName.MatchString(name):
		m := flywayName.FindStringSubmatch(name)
		c.format = Flyway
		switch m[1] {
		case "U":
			c.skip = "is a Flyway undo migration, which is never applied; list the versioned V file instead"
		case "B":
			c.baseline = true
		}
		c.setVersion(m[2])
	case repeatableName.MatchString(name):
		c.format = Flyway
		c.class = repeatable
		c.desc = repeatableName.FindStringSubmatch(name)[1]
	default:
		if v := leadingNumber.FindString(name); v != "" {
			c.setVersion(v)
		}
	}
	return c
}

func (c *candidate) setVersion(v string) {
	c.class = versioned
	c.version = v
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '_' }) {
		part = strings.TrimLeft(part, "0")
		if part == "" {
			part = "0"
		}
		c.key = append(c.key, part)
	}
	// Flyway reads 1.0 as 1: trailing zero parts do not make a later version.
	for len(c.key) > 1 && c.key[len(c.key)-1] == "0" {
		c.key = c.key[:len(c.key)-1]
	}
}

// compareNumbers compares two decimal numbers without leading zeros, of any length
// (timestamps overflow nothing this way).
func compareNumbers(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func compareVersions(a, b []string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := compareNumbers(a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

func compareCandidates(a, b candidate) int {
	if c := cmp.Compare(a.class, b.class); c != 0 {
		return c
	}
	switch a.class {
	case versioned:
		if c := compareVersions(a.key, b.key); c != 0 {
			return c
		}
	case repeatable:
		if c := strings.Compare(a.desc, b.desc); c != 0 {
			return c
		}
	case unversioned:
		// Files without a version found in several directories (by a pattern or a
		// tree) go directory by directory, as ls lists them.
		return strings.Compare(a.rel, b.rel)
	}
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	return strings.Compare(a.rel, b.rel)
}

// order sorts one set into apply order and keeps only the files to apply.
func order(set []candidate) []candidate {
	// An empty database under Flyway gets the latest baseline migration instead of the
	// versioned migrations it covers, then the versioned ones after it.
	var base *candidate
	for i := range set {
		if set[i].baseline && (base == nil || compareVersions(set[i].key, base.key) > 0) {
			base = &set[i]
		}
	}
	out := make([]candidate, 0, len(set))
	for _, c := range set {
		if base != nil && c.format == Flyway && c.class == versioned && c.path != base.path &&
			compareVersions(c.key, base.key) <= 0 {
			continue
		}
		if base != nil && c.baseline && c.path != base.path {
			continue
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, compareCandidates)
	return out
}

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// resolve turns one entry of sql.migrations into its files in apply order, with the
// problems of files the names alone rule out. The error says the entry names nothing.
func resolve(root, entry string) ([]candidate, []Problem, error) {
	if strings.TrimSpace(entry) == "" {
		return nil, nil, errors.New("empty path; remove the entry or name a file or directory")
	}
	recursive := entry == "..." || strings.HasSuffix(entry, "/...")
	p := strings.TrimSuffix(strings.TrimSuffix(entry, "..."), "/")
	if p == "" {
		p = "."
		if strings.HasPrefix(entry, "/") {
			p = "/"
		}
	}
	full := filepath.FromSlash(p)
	if !filepath.IsAbs(full) {
		full = filepath.Join(root, full)
	}
	l := lister{root: root}

	if hasMeta(p) {
		matches, err := filepath.Glob(full)
		if err != nil {
			return nil, nil, err
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			switch {
			case err != nil:
				l.problem(m, fmt.Sprintf("cannot read it (%v); fix its permissions or the pattern", unwrapPath(err)))
			case st.IsDir():
				list := l.list
				if recursive {
					list = l.walk
				}
				if err := list(m); err != nil {
					l.problem(m, fmt.Sprintf("cannot list it (%v); fix its permissions or the pattern", err))
				}
			case st.Mode().IsRegular() && isSQL(m):
				// Devices and named pipes are dropped as the directory listings drop them.
				l.add(m)
			}
		}
		if len(matches) == 0 || len(l.files) == 0 && len(l.problems) == 0 {
			return nil, nil, ErrNoMatch
		}
		return order(l.files), l.problems, nil
	}

	st, err := os.Stat(full)
	if err != nil {
		return nil, nil, unwrapPath(err)
	}
	switch {
	case st.IsDir():
		var err error
		if recursive {
			err = l.walk(full)
		} else {
			err = l.list(full)
		}
		if err != nil {
			return nil, nil, err
		}
		if len(l.files) == 0 && len(l.problems) == 0 {
			msg := "directory holds no .sql migration to apply; point sql.migrations at the directory that does"
			if l.subdirs && !recursive {
				msg = "directory holds no .sql migration to apply, and sub-directories are not read; list them, or end the entry in /... to read the whole tree"
			}
			l.problem(full, msg)
		}
		return order(l.files), l.problems, nil
	case recursive:
		return nil, nil, errors.New("not a directory, so /... cannot read a tree under it")
	}
	// A file named on its own is applied whatever its name says, except what the name
	// says is never applied (it is worth telling: the user expects it to be used).
	c := l.candidate(full)
	if c.skip != "" {
		return nil, []Problem{{File: c.rel, Message: "the file " + c.skip}}, nil
	}
	return []candidate{c}, nil, nil
}

// unwrapPath drops the *fs.PathError's path: the entry is named by the caller already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// lister collects the files of one entry.
type lister struct {
	root     string
	files    []candidate
	problems []Problem
	subdirs  bool // a listed directory has sub-directories (for the hint when it is empty)
	atlas    map[string]bool
}

func (l *lister) rel(path string) string {
	if r, err := filepath.Rel(l.root, path); err == nil {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(path)
}

func (l *lister) problem(path, msg string) {
	l.problems = append(l.problems, Problem{File: l.rel(path), Message: msg})
}

func (l *lister) candidate(path string) candidate {
	c := classify(path, l.rel(path))
	dir := filepath.Dir(path)
	if l.atlas == nil {
		l.atlas = make(map[string]bool)
	}
	has, ok := l.atlas[dir]
	if !ok {
		_, err := os.Stat(filepath.Join(dir, "atlas.sum"))
		has = err == nil
		l.atlas[dir] = has
	}
	c.atlas = has
	return c
}

// add takes a file found in a directory or by a pattern; what its name rules out is
// skipped silently, as the migration tools skip it.
func (l *lister) add(path string) {
	if c := l.candidate(path); c.skip == "" {
		l.files = append(l.files, c)
	}
}

// list reads one directory without descending, as golang-migrate, goose and dbmate do.
func (l *lister) list(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return unwrapPath(err)
	}
	for _, e := range entries {
		name := e.Name()
		// Dot files are editor backups, lock files and macOS resource forks.
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			if err != nil {
				continue // a dangling link is not a migration
			}
			typ = st.Mode().Type()
		}
		switch {
		case typ.IsDir():
			l.subdirs = true
		case typ.IsRegular() && isSQL(name):
			l.add(path)
		}
	}
	return nil
}

// walk reads a whole tree as one set, as Flyway reads its locations.
func (l *lister) walk(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return unwrapPath(err)
			}
			l.problem(path, fmt.Sprintf("cannot list it (%v); fix its permissions or leave it out of the tree", unwrapPath(err)))
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		typ := d.Type()
		if typ&fs.ModeSymlink != 0 {
			// Linked files are followed as in list; linked directories are not
			// descended, which keeps a link cycle from looping.
			st, err := os.Stat(path)
			if err != nil {
				return nil
			}
			typ = st.Mode().Type()
		}
		if typ.IsRegular() && isSQL(d.Name()) {
			l.add(path)
		}
		return nil
	})
}
