package config

import (
	"path"
	"sort"
	"strings"
)

// PackageOwner returns the owner of the package with the given import path: the
// context (or shared kernel) whose pattern matches it most specifically. An
// external test package (path ending in _test) belongs with the package it tests.
func (c *Config) PackageOwner(importPath string) Owner {
	rel, ok := c.relPackage(importPath)
	if !ok {
		return Owner{}
	}
	best, bestScore := Owner{}, -1
	consider := func(o Owner, entries []Entry) {
		for _, e := range entries {
			if s := patternScore(e.Value, rel); s > bestScore {
				best, bestScore = o, s
			}
		}
	}
	consider(Owner{Shared: true}, c.Shared.Packages)
	for _, x := range c.Contexts {
		consider(Owner{Context: x.Name}, x.Packages)
	}
	return best
}

// IsAPI reports whether the package is in the api of the named context.
func (c *Config) IsAPI(context, importPath string) bool {
	x := c.byName[context]
	rel, ok := c.relPackage(importPath)
	if x == nil || !ok {
		return false
	}
	for _, e := range x.API {
		if patternScore(e.Value, rel) >= 0 {
			return true
		}
	}
	return false
}

// PackagePrefix is the import path that module-relative patterns are relative to.
func (c *Config) PackagePrefix() string {
	if c.Module == "" {
		return ""
	}
	rel := ""
	if c.ModuleDir != "" && c.Dir != c.ModuleDir {
		rel = strings.TrimPrefix(strings.TrimPrefix(toSlash(c.Dir), toSlash(c.ModuleDir)), "/")
	}
	if rel == "" {
		return c.Module
	}
	return c.Module + "/" + rel
}

// relPackage turns an import path into a pattern-relative one ("." for the root).
func (c *Config) relPackage(importPath string) (string, bool) {
	importPath = strings.TrimSuffix(importPath, "_test")
	prefix := c.PackagePrefix()
	switch {
	case prefix == "":
		return importPath, true
	case importPath == prefix:
		return ".", true
	case strings.HasPrefix(importPath, prefix+"/"):
		return importPath[len(prefix)+1:], true
	}
	return "", false
}

// patternScore says how specifically a package pattern matches rel: -1 when it
// does not; otherwise longer patterns score higher, and an exact pattern beats a
// "..." subtree of the same base.
func patternScore(pattern, rel string) int {
	pattern = strings.TrimPrefix(path.Clean(pattern), "./")
	if base, ok := strings.CutSuffix(pattern, "..."); ok {
		base = strings.TrimSuffix(base, "/")
		if base == "" || base == "." {
			return 0
		}
		if rel == base || strings.HasPrefix(rel, base+"/") {
			return 2 * (strings.Count(base, "/") + 1)
		}
		return -1
	}
	if strings.ContainsAny(pattern, "*?[") {
		if ok, _ := path.Match(pattern, rel); ok {
			return 2*(strings.Count(pattern, "/")+1) - 1
		}
		return -1
	}
	if pattern == rel {
		return 2*(strings.Count(pattern, "/")+1) + 1
	}
	return -1
}

// TableOwner returns the owner of a table: the context or shared kernel whose
// table pattern matches it most specifically. schema may be "" when unknown.
// Partitions must be mapped to their parent by the caller.
func (c *Config) TableOwner(schema, table string) Owner {
	// Large schemas ask about the same tables again and again.
	key := schema + "\x00" + table
	if o, ok := c.tableOwners.Load(key); ok {
		return o.(Owner)
	}
	o := c.tableOwner(schema, table)
	c.tableOwners.Store(key, o)
	return o
}

func (c *Config) tableOwner(schema, table string) Owner {
	best, bestScore := Owner{}, -1
	consider := func(o Owner, entries []Entry) {
		for _, e := range entries {
			if s := tableScore(e.Value, schema, table); s > bestScore {
				best, bestScore = o, s
			}
		}
	}
	consider(Owner{Shared: true}, c.Shared.Tables)
	for _, x := range c.Contexts {
		consider(Owner{Context: x.Name}, x.Tables)
	}
	if bestScore < 0 && IsBookkeeping(table) {
		// A migration tool's own table: shared, listed or not.
		return Owner{Shared: true}
	}
	return best
}

// listing is a cached answer of Listed.
type listing struct {
	claim TableClaim
	ok    bool
}

// Listed returns the claim of the entry that names the table itself, its name
// written out without a glob ("gitlab_partitions_static.foo_01", "foo_01"):
// for a partition, such a listing wins over its parent's owner (DESIGN.md).
// ok is false when only globs, or nothing, match the table.
func (c *Config) Listed(schema, table string) (TableClaim, bool) {
	key := schema + "\x00" + table
	if l, ok := c.listed.Load(key); ok {
		return l.(listing).claim, l.(listing).ok
	}
	var l listing
	for _, cl := range c.TableClaims(schema, table) {
		name := cl.Entry.Value
		if i := strings.LastIndex(name, "."); i >= 0 {
			name = name[i+1:]
		}
		if !isGlob(name) {
			l = listing{cl, true}
			break
		}
	}
	c.listed.Store(key, l)
	return l.claim, l.ok
}

// TableClaim is one pattern of faultline.yaml that matches a table.
type TableClaim struct {
	Owner Owner
	Entry Entry
	// Score orders claims by how specifically they match: the highest wins.
	Score int
}

// TableClaims returns every table pattern that matches the table, most
// specific first (ties in file order), so a caller can see two contexts
// claiming one table through globs.
func (c *Config) TableClaims(schema, table string) []TableClaim {
	var out []TableClaim
	consider := func(o Owner, entries []Entry) {
		for _, e := range entries {
			if s := tableScore(e.Value, schema, table); s >= 0 {
				out = append(out, TableClaim{o, e, s})
			}
		}
	}
	consider(Owner{Shared: true}, c.Shared.Tables)
	for _, x := range c.Contexts {
		consider(Owner{Context: x.Name}, x.Tables)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		a, b := out[i].Entry.Pos, out[j].Entry.Pos
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	return out
}

// ColumnOwner returns the owner of a column: the context listing it under
// `columns`, else the table's owner.
func (c *Config) ColumnOwner(schema, table, column string) Owner {
	for _, cl := range c.ColumnClaims(schema, table) {
		if cl.Column == column {
			return Owner{Context: cl.Context}
		}
	}
	return c.TableOwner(schema, table)
}

// tableScore says how specifically a table pattern ("name", "schema.name",
// "schema.*", globs) matches; -1 when it does not. An unqualified pattern matches
// the name in any schema; a qualified one beats it, and a literal beats a glob.
func tableScore(pattern, schema, table string) int {
	ps, pt, qualified := strings.Cut(pattern, ".")
	if !qualified {
		pt, ps = ps, ""
	}
	score := 0
	if qualified {
		if schema == "" {
			// The statement did not say; an unqualified name lives in public.
			schema = "public"
		}
		if !globMatch(ps, schema) {
			return -1
		}
		score += 2
		if !isGlob(ps) {
			score += 2
		}
	}
	if !globMatch(pt, table) {
		return -1
	}
	if !isGlob(pt) {
		score += 4
	}
	return score
}

func isGlob(s string) bool { return strings.ContainsAny(s, "*?[") }

func globMatch(pattern, s string) bool {
	if !isGlob(pattern) {
		return pattern == s
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}

func toSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }
