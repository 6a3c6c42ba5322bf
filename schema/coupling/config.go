package coupling

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// configEntries warns about the table and column entries of faultline.yaml that
// match nothing in the catalog: the schema moved on and the configuration should
// follow.
func (k *checker) configEntries() {
	rels := k.relationIndex()
	check := func(ctx string, e config.Entry) {
		if rels.matchesRelation(e.Value) || config.IsBookkeeping(e.Value) {
			return // a migration tool's table appears only when the tool runs
		}
		who := "context " + ctx
		if ctx == "" {
			who = "the shared kernel"
		}
		k.configWarning(ctx, e, fmt.Sprintf("table entry %q of %s matches no table, view or sequence in the catalog", e.Value, who), "tables")
	}
	for _, e := range k.cfg.Shared.Tables {
		check("", e)
	}
	k.overlappingClaims()
	k.listedPartitions()
	for _, x := range k.cfg.Contexts {
		for _, e := range x.Tables {
			check(x.Name, e)
		}
		for _, e := range x.Columns {
			if !k.matchesColumn(rels, e.Value) {
				k.configWarning(x.Name, e, fmt.Sprintf("column entry %q of context %s matches no column in the catalog", e.Value, x.Name), "columns")
			}
		}
	}
}

func (k *checker) configWarning(ctx string, e config.Entry, msg, list string) {
	owner := ctx
	if owner == "" {
		owner = "shared"
	}
	k.add(finding.Finding{
		Kind: finding.Config, Severity: finding.Warning,
		From: ctx, Subject: owner + " " + list + " " + e.Value,
		Message: msg,
		Fix:     fmt.Sprintf("correct the entry's spelling or remove it from %s's %s in faultline.yaml", owner, list),
	}, schema.Pos{File: k.configFile(e.Pos.File), Line: e.Pos.Line, Column: e.Pos.Column})
}

// configFile returns the configuration's path as findings give it: relative to the
// configuration's directory (the path config.Load was given is relative to the
// working directory, or absolute).
func (k *checker) configFile(name string) string {
	if k.cfg.Dir == "" {
		return name
	}
	abs, err1 := filepath.Abs(name)
	dir, err2 := filepath.Abs(k.cfg.Dir)
	if err1 != nil || err2 != nil {
		return name
	}
	if rel, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return abs
}

// relations lists the catalog's tables and views once, for matching entries.
type relations struct {
	names map[string][]schema.Name // by name
	all   []schema.Name
}

func (k *checker) relationIndex() *relations {
	r := &relations{names: map[string][]schema.Name{}}
	add := func(n schema.Name) {
		r.names[n.Name] = append(r.names[n.Name], n)
		r.all = append(r.all, n)
	}
	for _, t := range k.cat.Tables() {
		add(t.QualifiedName())
	}
	for _, v := range k.cat.Views() {
		add(v.QualifiedName())
	}
	// A standalone sequence may be listed like a table.
	for _, q := range k.cat.Sequences() {
		add(q.QualifiedName())
	}
	return r
}

// matchesRelation reports whether a table pattern ("name", "schema.name", globs)
// matches a table or view of the catalog.
func (r *relations) matchesRelation(pattern string) bool {
	ps, pt, qualified := strings.Cut(pattern, ".")
	if !qualified {
		ps, pt = "", ps
	}
	candidates := r.all
	if !strings.ContainsAny(pt, "*?[") {
		candidates = r.names[pt]
	}
	for _, n := range candidates {
		if (!qualified || glob(ps, n.Schema)) && glob(pt, n.Name) {
			return true
		}
	}
	return false
}

// matchesColumn reports whether a column entry ("table.column" or
// "schema.table.column") names a column of a table or view of the catalog.
func (k *checker) matchesColumn(r *relations, entry string) bool {
	parts := strings.Split(entry, ".")
	var sch, table, col string
	switch len(parts) {
	case 2:
		table, col = parts[0], parts[1]
	case 3:
		sch, table, col = parts[0], parts[1], parts[2]
	default:
		return false
	}
	for _, n := range r.names[table] {
		if sch != "" && n.Schema != sch {
			continue
		}
		if t := k.cat.FindTable(n.Schema, n.Name); t != nil && t.Column(col) != nil {
			return true
		}
		if v := k.cat.FindView(n.Schema, n.Name); v != nil && slices.Contains(v.Columns, col) {
			return true
		}
	}
	return false
}

// glob matches like the configuration's patterns: path.Match, or equality.
func glob(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?[") {
		return pattern == s
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}

// overlappingClaims warns about tables that patterns of two owners match equally
// specifically (products under both `prod*` and `*ucts`): which one owns the
// table would then depend on the order of the file.
func (k *checker) overlappingClaims() {
	for _, t := range k.cat.Tables() {
		if r := k.root(t); r != t {
			continue // a partition follows its parent
		}
		claims := k.cfg.TableClaims(t.Schema, t.Name)
		if len(claims) < 2 || claims[0].Score != claims[1].Score || claims[0].Owner == claims[1].Owner {
			continue
		}
		a, b := claims[0], claims[1]
		k.add(finding.Finding{
			Kind: finding.Config, Severity: finding.Warning,
			From: b.Owner.Context, To: a.Owner.Context,
			Subject: "tables " + display(t.QualifiedName()),
			Message: fmt.Sprintf("table %s is claimed by %s (%q) and by %s (%q) with equally specific patterns, so its owner is a matter of file order",
				display(t.QualifiedName()), a.Owner, a.Entry.Value, b.Owner, b.Entry.Value),
			Fix: fmt.Sprintf("list %s literally under the context that owns it, or narrow one of the patterns", display(t.QualifiedName())),
		}, schema.Pos{File: k.configFile(b.Entry.Pos.File), Line: b.Entry.Pos.Line, Column: b.Entry.Pos.Column})
	}
}

// listedPartitions warns about the partitions (and inheritance children) that
// faultline.yaml lists by name under another owner than their parent's: the
// explicit listing wins (DESIGN.md), and the foreign keys PostgreSQL clones
// onto such a partition are judged for it, but a reader of the file should know.
func (k *checker) listedPartitions() {
	for _, t := range k.cat.Tables() {
		parent := t.Parent()
		if parent.IsZero() || k.root(t) != t {
			continue
		}
		pt := k.cat.FindTable(parent.Schema, parent.Name)
		if pt == nil {
			continue
		}
		own, inherited := k.ownerOf(t.QualifiedName()), k.tableOwner(pt)
		cl, listed := k.cfg.Listed(t.Schema, t.Name)
		if !listed || own == inherited {
			continue
		}
		name, pn := display(t.QualifiedName()), display(pt.QualifiedName())
		k.add(finding.Finding{
			Kind: finding.Config, Severity: finding.Warning,
			From: own.Context, To: inherited.Context,
			Subject: "partition " + name,
			Message: fmt.Sprintf("table entry %q lists %s, a partition of %s, under %s while %s belongs to %s: the explicit listing wins, so %s's rows and the foreign keys cloned onto it are %s's",
				cl.Entry.Value, name, pn, own, pn, inherited, name, own),
			Fix: fmt.Sprintf("nothing, if %s is meant to be %s's; otherwise remove the entry so that %s follows %s", name, own, name, pn),
		}, schema.Pos{File: k.configFile(cl.Entry.Pos.File), Line: cl.Entry.Pos.Line, Column: cl.Entry.Pos.Column})
	}
}
