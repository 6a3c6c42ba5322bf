package suppress

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/schema/migrations"
)

// ProjectFiles lists the files whose faultline:ignore comments a whole-project check
// answers for, relative to cfg.Dir and slash-separated, sorted: the migrations that
// sql.migrations applies, the query files of every context's `queries`, and, when
// code is true (the check analyzed the Go code), the Go files of ./... below
// cfg.Dir (as the go command matches it: no testdata, vendor, _ or . directories,
// no nested modules; test files included, as go vet analyzes them).
//
// Entries that name nothing are skipped silently: the check reports them.
func ProjectFiles(cfg *config.Config, code bool) ([]string, error) {
	var out []string
	if len(cfg.SQL.Migrations) > 0 {
		paths := make([]string, len(cfg.SQL.Migrations))
		for i, e := range cfg.SQL.Migrations {
			paths[i] = e.Value
		}
		// Load resolves the entries exactly as the check does; on an entry that
		// names nothing it returns no scripts, so resolve them one by one.
		for _, p := range paths {
			scripts, _, err := migrations.Load(cfg.Dir, []string{p})
			if err != nil {
				continue
			}
			for _, s := range scripts {
				out = append(out, s.File)
			}
		}
	}
	for _, x := range cfg.Contexts {
		for _, q := range x.Queries {
			out = append(out, queryFiles(cfg.Dir, config.QueryFilePattern(q.Value))...)
		}
	}
	if code {
		gofiles, err := goFiles(cfg.Dir)
		if err != nil {
			return nil, err
		}
		out = append(out, gofiles...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// queryFiles resolves one `queries` entry: a file, a directory (its .sql files) or
// a glob, ** included.
func queryFiles(dir, entry string) []string {
	full := filepath.FromSlash(entry)
	if !filepath.IsAbs(full) {
		full = filepath.Join(dir, full)
	}
	var matches []string
	if strings.ContainsAny(entry, "*?[{") {
		matches, _ = doublestar.FilepathGlob(full)
	} else if st, err := os.Stat(full); err == nil && st.IsDir() {
		matches, _ = filepath.Glob(filepath.Join(full, "*.sql"))
	} else if err == nil {
		matches = []string{full}
	}
	var out []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.Mode().IsRegular() {
			out = append(out, relative(dir, m))
		}
	}
	return out
}

// goFiles lists the .go files of the packages ./... matches in dir.
func goFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path == dir {
				return nil
			}
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_") && d.Type().IsRegular() {
			out = append(out, relative(dir, path))
		}
		return nil
	})
	return out, err
}
