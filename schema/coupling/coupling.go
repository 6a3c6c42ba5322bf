// Package coupling finds where the database welds bounded contexts together: foreign
// keys, triggers, views, functions and sequences that span contexts, tables whose
// columns belong to two contexts, tables nobody owns, and the statements of the
// migrations that could not be parsed or applied.
//
// Severities: foreign-key, trigger, shared-table and sequence findings are errors
// (each one breaks the moment the contexts' data live in separate databases, and a
// sequence sits on the write path of every insert); a view is a warning (it only
// reads); a function is an error when it writes another context's tables and a
// warning when it only reads them; unowned-table is info. Statements that could not
// be parsed are parse-error findings with severity error (their couplings are
// unknown); statements that parsed but could not be applied (ALTER of a missing
// table, a duplicate table) are parse-error findings with severity warning, as are
// migration files that could not be read. Table and column entries of faultline.yaml
// that match nothing in the catalog are config warnings at the entry.
package coupling

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// Check returns the findings of a catalog under a configuration, sorted: the schema
// couplings, the unowned tables, the configuration entries that match nothing, and
// one parse-error finding per error in errs (the errors schema.Build or Apply
// returned, migrations.Problem values included). res resolves which contexts a
// view's or function's statements reach; nil means a resolver over cfg and cat.
// The findings are unjudged: allow entries and comments are the verdict stage's.
func Check(cat *schema.Catalog, errs []error, cfg *config.Config, res *access.Resolver) []finding.Finding {
	if res == nil {
		res = &access.Resolver{Config: cfg, Catalog: cat}
	}
	k := &checker{cat: cat, cfg: cfg, res: res,
		owners: map[schema.Name]config.Owner{}, claims: map[schema.Name][]config.ColumnClaim{},
		roots: map[*schema.Table]*schema.Table{}}
	k.foreignKeys()
	k.triggers()
	k.views()
	k.functions()
	k.sequences()
	k.tables()
	k.configEntries()
	k.errors(errs)
	return finding.Sort(k.out)
}

// checker gathers the findings of one catalog.
type checker struct {
	cat *schema.Catalog
	cfg *config.Config
	res *access.Resolver
	out []finding.Finding

	// owners and claims cache the configuration's answers per root table: asking is
	// linear in the configuration's entries, and GitLab has a thousand.
	owners map[schema.Name]config.Owner
	claims map[schema.Name][]config.ColumnClaim
	roots  map[*schema.Table]*schema.Table
}

// add records a finding at pos.
func (k *checker) add(f finding.Finding, pos schema.Pos) {
	f.File, f.Line, f.Column = k.file(pos.File), pos.Line, pos.Column
	if f.File == "" {
		f.Line, f.Column = 0, 0
	}
	k.out = append(k.out, f)
}

// file renders a path relative to the configuration's directory, slash-separated.
func (k *checker) file(name string) string {
	if name == "" {
		return ""
	}
	if filepath.IsAbs(name) && k.cfg.Dir != "" {
		if rel, err := filepath.Rel(k.cfg.Dir, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
	}
	return filepath.ToSlash(name)
}

// root returns the table whose owner owns t: t itself or the nearest ancestor
// (partition parent, inheritance parent) that faultline.yaml lists by name, else
// its partition or inheritance root. An explicit listing of a partition wins
// over its parent (DESIGN.md); configEntries warns about it.
func (k *checker) root(t *schema.Table) *schema.Table {
	if r, ok := k.roots[t]; ok {
		return r
	}
	r := k.cat.Root(t)
	for p := t; p != nil && p != r; {
		if _, listed := k.cfg.Listed(p.Schema, p.Name); listed {
			r = p
			break
		}
		parent := p.Parent()
		if parent.IsZero() {
			break
		}
		p = k.cat.FindTable(parent.Schema, parent.Name)
	}
	k.roots[t] = r
	return r
}

// tableOwner returns the owner of a table, through its root.
func (k *checker) tableOwner(t *schema.Table) config.Owner {
	return k.ownerOf(k.root(t).QualifiedName())
}

// ownerOf returns the owner of the relation n as the configuration lists it.
func (k *checker) ownerOf(n schema.Name) config.Owner {
	o, ok := k.owners[n]
	if !ok {
		o = k.cfg.TableOwner(n.Schema, n.Name)
		k.owners[n] = o
	}
	return o
}

// columnClaims returns the columns of the relation n claimed under `columns`.
func (k *checker) columnClaims(n schema.Name) []config.ColumnClaim {
	cl, ok := k.claims[n]
	if !ok {
		cl = k.cfg.ColumnClaims(n.Schema, n.Name)
		k.claims[n] = cl
	}
	return cl
}

// columnOwner returns the owner of column col of the root table r: the context
// claiming it, else the table's owner.
func (k *checker) columnOwner(r *schema.Table, col string) config.Owner {
	for _, cl := range k.columnClaims(r.QualifiedName()) {
		if cl.Column == col {
			return config.Owner{Context: cl.Context}
		}
	}
	return k.ownerOf(r.QualifiedName())
}

// columnsOwner returns who owns the columns of t: the owner of its non-key columns
// when they agree, else the table's owner. Primary key columns are the cross-system
// identifier and belong to the table's owner.
func (k *checker) columnsOwner(t *schema.Table, cols []string) config.Owner {
	r := k.root(t)
	var pk []string
	if p := r.PrimaryKey(); p != nil {
		pk = p.Columns
	}
	owner, set := config.Owner{}, false
	for _, c := range cols {
		if slices.Contains(pk, c) {
			continue
		}
		o := k.columnOwner(r, c)
		if set && o != owner {
			return k.ownerOf(r.QualifiedName())
		}
		owner, set = o, true
	}
	if !set {
		return k.ownerOf(r.QualifiedName())
	}
	return owner
}

// display names a relation for messages and subjects: schema left out when public.
func display(n schema.Name) string {
	if n.Schema == "public" || n.Schema == "" {
		return n.Name
	}
	return n.String()
}

// dependent picks, among contexts that meet in one object nobody lists, the one that
// depends on the others: the context using most of them (by `uses`), ties broken by
// name. ctxs is sorted.
func (k *checker) dependent(ctxs []string) string {
	best, bestN := "", -1
	for _, a := range ctxs {
		n := 0
		for _, b := range ctxs {
			if a != b && k.cfg.MayUse(a, b) {
				n++
			}
		}
		if n > bestN {
			best, bestN = a, n
		}
	}
	return best
}

// reach is what the statements of a view or function do to one context's data.
type reach struct {
	context string
	parts   []string // products(name, sku), per table
	tables  []string // qualified, sorted
	columns []string // table.column, sorted
	write   bool
}

// reaches groups the touches of statements by context (shared kernel and unowned
// tables left out), sorted by context.
func (k *checker) reaches(stmts []query.Statement) []*reach {
	by := map[string]*reach{}
	for _, st := range k.throughViews(stmts) {
		for _, t := range k.res.Touches(st) {
			if t.Owner.Context == "" {
				continue
			}
			r := by[t.Owner.Context]
			if r == nil {
				r = &reach{context: t.Owner.Context}
				by[t.Owner.Context] = r
			}
			name := display(schema.Name{Schema: t.Schema, Name: t.Table})
			if !slices.Contains(r.tables, t.QualifiedName()) {
				r.tables = append(r.tables, t.QualifiedName())
			}
			for _, c := range t.Columns {
				if cc := t.QualifiedName() + "." + c; !slices.Contains(r.columns, cc) {
					r.columns = append(r.columns, cc)
				}
			}
			part := name
			if len(t.Columns) > 0 {
				part += "(" + strings.Join(t.Columns, ", ") + ")"
			}
			if !slices.Contains(r.parts, part) {
				r.parts = append(r.parts, part)
			}
			r.write = r.write || t.Write
		}
	}
	var out []*reach
	for _, r := range by {
		slices.Sort(r.tables)
		slices.Sort(r.columns)
		slices.Sort(r.parts)
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *reach) int { return strings.Compare(a.context, b.context) })
	return out
}

// throughViews returns stmts followed by the queries of the views they read that
// no context and not the shared kernel lists, and of the views those read, and
// so on: a view stacked on another view reaches the contexts of the base tables
// underneath. A listed view is its owner's, and stops there.
func (k *checker) throughViews(stmts []query.Statement) []query.Statement {
	out := slices.Clone(stmts)
	seen := map[*schema.View]bool{}
	for i := 0; i < len(out) && i < 1000; i++ {
		for _, t := range out[i].Tables {
			v := k.cat.FindView(t.Schema, t.Name)
			if v == nil || seen[v] || k.ownerOf(v.QualifiedName()).Owned() {
				continue
			}
			seen[v] = true
			out = append(out, v.Query)
		}
	}
	return out
}

// errors turns the errors of building the catalog into parse-error findings.
func (k *checker) errors(errs []error) {
	for _, err := range errs {
		var se *schema.Error
		var pr migrations.Problem
		var ppr *migrations.Problem
		switch {
		case errors.As(err, &se):
			f := finding.Finding{Kind: finding.ParseError, Severity: finding.Warning}
			file := k.file(se.Pos.File)
			f.Subject = file + ": " + se.Message
			if se.IsSyntax() {
				f.Severity = finding.Error
				f.Message = fmt.Sprintf("statement could not be parsed: %s; its couplings are unknown and the rest of the file still applies", se.Message)
				f.Fix = "correct the statement's syntax (it must parse as PostgreSQL 17 SQL), or exclude the file from sql.migrations if it is not DDL"
			} else {
				f.Message = fmt.Sprintf("statement could not be applied: %s (SQLSTATE %s); the catalog may differ from the database", se.Message, se.Code)
				f.Fix = "check the migrations' order and that every file the database applies is listed in sql.migrations"
			}
			k.add(f, se.Pos)
		case errors.As(err, &pr), errors.As(err, &ppr):
			if ppr != nil {
				pr = *ppr
			}
			f := finding.Finding{Kind: finding.ParseError, Severity: finding.Warning,
				Subject: k.file(pr.File) + ": " + pr.Message,
				Message: "migration file could not be used: " + pr.Message,
				Fix:     "fix or remove the file, or exclude it from sql.migrations"}
			k.add(f, schema.Pos{File: pr.File, Line: max(pr.Line, 1), Column: pr.Column})
		default:
			k.add(finding.Finding{Kind: finding.ParseError, Severity: finding.Warning,
				Subject: err.Error(), Message: err.Error(),
				Fix: "check the migrations listed in sql.migrations"}, schema.Pos{})
		}
	}
}
