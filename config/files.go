package config

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/faultline/faultline/finding"
)

// files reads a list of Go file globs: relative, slash-separated, valid.
func (p *parser) files(n *yaml.Node, where string) []Entry {
	entries := p.list(n, where)
	for _, e := range entries {
		pat := filepath.ToSlash(e.Value)
		switch {
		case path.IsAbs(pat) || filepath.IsAbs(e.Value) || pat == ".." || strings.HasPrefix(pat, "../"):
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q must be relative to the directory of %s, inside it (internal/core/subscribers*.go)", where, e.Value, FileName)})
		case !doublestar.ValidatePattern(pat):
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q is not a valid glob: use *, ** and [...] as in pkg/repo/price_*.go", where, e.Value)})
		case !strings.HasSuffix(pat, ".go") && !strings.HasSuffix(pat, "*"):
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q names no Go file: files are globs of .go files (pkg/repo/price_*.go); a whole package goes under packages", where, e.Value)})
		}
	}
	return entries
}

// queries reads a list of query file entries, "path" or "path#NAME-GLOB".
func (p *parser) queries(n *yaml.Node, where string) []Entry {
	entries := p.list(n, where)
	for _, e := range entries {
		file, name, named := strings.Cut(e.Value, "#")
		pat := strings.TrimPrefix(filepath.ToSlash(file), "./")
		switch {
		case file == "":
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q names no file: write file.sql#name", where, e.Value)})
		case !doublestar.ValidatePattern(pat):
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q is not a valid glob: use *, ** and [...] as in db/queries/*.sql", where, e.Value)})
		case named && (name == "" || !validNameGlob(name)):
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q: after # comes a query name or a name glob (queries.sql#get-subscriber*)", where, e.Value)})
		}
	}
	return entries
}

func validNameGlob(s string) bool {
	_, err := path.Match(s, "")
	return err == nil && !strings.Contains(s, "/")
}

// FileOwner returns the owner of a Go file by the `files` globs of the contexts
// and the shared kernel, and whether any glob matched: the most specific glob wins
// (a literal file name beats a glob, a longer glob a shorter one). file is
// absolute or relative to the directory of faultline.yaml.
func (c *Config) FileOwner(file string) (Owner, bool) {
	rel, ok := c.relFile(file)
	if !ok {
		return Owner{}, false
	}
	best, bestScore := Owner{}, -1
	consider := func(o Owner, entries []Entry) {
		for _, e := range entries {
			if s := fileScore(e.Value, rel); s > bestScore {
				best, bestScore = o, s
			}
		}
	}
	consider(Owner{Shared: true}, c.Shared.Files)
	for _, x := range c.Contexts {
		consider(Owner{Context: x.Name}, x.Files)
	}
	return best, bestScore >= 0
}

// ObjectOwner returns the owner of code declared in file of the package with the
// given import path: the file's context when a `files` glob claims it, else the
// package's. file may be "" when unknown.
func (c *Config) ObjectOwner(importPath, file string) Owner {
	if file != "" && c.HasFiles() {
		if o, ok := c.FileOwner(file); ok {
			return o
		}
	}
	return c.PackageOwner(importPath)
}

// HasFiles reports whether any context or the shared kernel lists `files`.
func (c *Config) HasFiles() bool {
	if len(c.Shared.Files) > 0 {
		return true
	}
	for _, x := range c.Contexts {
		if len(x.Files) > 0 {
			return true
		}
	}
	return false
}

// SplitPackage reports whether some `files` glob may claim a file directly in the
// directory of the package with the given import path: such a package can hold
// several contexts, so its imports are judged by the objects used.
func (c *Config) SplitPackage(importPath string) bool {
	if !c.HasFiles() {
		return false
	}
	rel, ok := c.relPackage(importPath)
	if !ok {
		return false
	}
	match := func(entries []Entry) bool {
		for _, e := range entries {
			dir := path.Dir(strings.TrimPrefix(filepath.ToSlash(e.Value), "./"))
			if ok, _ := doublestar.Match(dir, rel); ok {
				return true
			}
		}
		return false
	}
	if match(c.Shared.Files) {
		return true
	}
	for _, x := range c.Contexts {
		if match(x.Files) {
			return true
		}
	}
	return false
}

// fileScore says how specifically a files glob matches rel: -1 when it does not;
// a literal beats any glob, and a glob with more literal text beats one with less.
func fileScore(pattern, rel string) int {
	pattern = strings.TrimPrefix(filepath.ToSlash(pattern), "./")
	if ok, _ := doublestar.Match(pattern, rel); !ok {
		return -1
	}
	if !isGlob(pattern) {
		return 1 << 20
	}
	n := 0
	for _, r := range pattern {
		if !strings.ContainsRune("*?[]{}", r) {
			n++
		}
	}
	return n
}

// relFile makes a file path relative to Dir, slash-separated.
func (c *Config) relFile(file string) (string, bool) {
	if !filepath.IsAbs(file) {
		return strings.TrimPrefix(filepath.ToSlash(file), "./"), true
	}
	if c.Dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(c.Dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// Query specificity, from the weakest claim to the strongest.
const (
	queryDir   = 1 // a directory or a glob of files
	queryFile  = 2 // one file, every query in it
	queryGlob  = 3 // file.sql#name-glob
	queryExact = 4 // file.sql#name
)

// QueryOwners returns the contexts (and the shared kernel) that own the named
// query of a query file through `queries` entries, by the most specific claim:
// an exact name beats a name glob, which beats a whole file, which beats a
// directory or glob of files. Claims of equal weight are all returned, in name
// order. file is absolute or relative to Dir; name may be "" (an unnamed block).
func (c *Config) QueryOwners(file, name string) []Owner {
	rel, ok := c.relFile(file)
	if !ok {
		return nil
	}
	var best []Owner
	bestScore := 0
	consider := func(o Owner, entries []Entry) {
		for _, e := range entries {
			s := queryScore(e.Value, rel, name)
			switch {
			case s > bestScore:
				best, bestScore = []Owner{o}, s
			case s == bestScore && s > 0 && (len(best) == 0 || best[len(best)-1] != o):
				best = append(best, o)
			}
		}
	}
	consider(Owner{Shared: true}, c.Shared.Queries)
	for _, x := range c.Contexts {
		consider(Owner{Context: x.Name}, x.Queries)
	}
	return best
}

// queryScore is how specifically a queries entry claims query name of file rel,
// 0 when it does not.
func queryScore(entry, rel, name string) int {
	file, nameGlob, named := strings.Cut(entry, "#")
	file = strings.TrimPrefix(filepath.ToSlash(file), "./")
	weight := queryFile
	if ok, _ := doublestar.Match(file, rel); !ok {
		if !strings.HasPrefix(rel, strings.TrimSuffix(file, "/")+"/") {
			return 0
		}
		weight = queryDir
	} else if isGlob(file) {
		weight = queryDir
	}
	if !named {
		return weight
	}
	if !globMatch(nameGlob, name) {
		return 0
	}
	if isGlob(nameGlob) {
		return queryGlob
	}
	return queryExact
}

// QueryFilePattern is the file part of a queries entry, without its #name.
func QueryFilePattern(entry string) string {
	file, _, _ := strings.Cut(entry, "#")
	return file
}

// FileWarnings returns a config warning for each `files` glob that matches no
// Go file under Dir: a typo there leaves code with its package's context.
func (c *Config) FileWarnings() []finding.Finding {
	var out []finding.Finding
	fsys := os.DirFS(c.Dir)
	check := func(from string, entries []Entry) {
		for _, e := range entries {
			pat := strings.TrimPrefix(filepath.ToSlash(e.Value), "./")
			matches, err := doublestar.Glob(fsys, pat, doublestar.WithFilesOnly())
			if err == nil && len(matches) > 0 {
				continue
			}
			out = append(out, finding.Finding{
				Kind: finding.Config, Severity: finding.Warning,
				From: from, Subject: "files " + e.Value,
				File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column,
				Message: fmt.Sprintf("files pattern %q of %s matches no file", e.Value, ownerName(from)),
				Fix:     fmt.Sprintf("correct the pattern (it is relative to the directory of %s) or remove it", FileName),
			})
		}
	}
	check("", c.Shared.Files)
	for _, x := range c.Contexts {
		check(x.Name, x.Files)
	}
	return out
}

func ownerName(context string) string {
	if context == "" {
		return "the shared kernel"
	}
	return "context " + context
}
