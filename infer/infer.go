package infer

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// Confidence says how sure a guess is.
type Confidence string

// The confidences, from the most to the least sure.
const (
	Sure   Confidence = "sure"
	Likely Confidence = "likely"
	Unsure Confidence = "unsure"
)

// Guess is one inferred entry of faultline.yaml with what it rests on.
type Guess struct {
	// Values are the entries: package patterns, table names, context names...
	Values []string
	// Why is the evidence, in one sentence without a final period.
	Why        string
	Confidence Confidence
}

// Context is one inferred bounded context.
type Context struct {
	Name string
	// Dir is the folder it was inferred from, relative to the root, slash-separated.
	Dir      string
	Packages Guess
	// API has no Values when no package was guessed.
	API Guess
	// Tables holds one Guess per table, sorted by table name.
	Tables []Guess
	// Columns are columns of another context's table that only this context's
	// code touches: a split table or a foreign read, which code alone cannot tell
	// apart, so they are written commented out.
	Columns Guess
	Uses    Guess
	Queries Guess
	// Files are single Go files of a package holding several contexts; set
	// instead of Packages.
	Files Guess
}

// Result is the inferred configuration of one directory.
type Result struct {
	// Base is where contexts were looked for: "internal", "pkg" or "." (the root),
	// or the one folder under them that holds all the others (internal/app).
	Base     string
	Contexts []*Context // sorted by name
	// Shared holds the shared kernel's package patterns, if one was guessed.
	Shared Guess
	// LeftOut are folders under Base that are not contexts (facades), one per Guess.
	LeftOut []Guess
	// Unowned are tables no context was guessed to own.
	Unowned    Guess
	Migrations Guess
}

// Infer reads the Go code, query files and migrations under dir and guesses a
// faultline.yaml for it; every path in the result is relative to dir.
func Infer(dir string) (*Result, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("inferring a configuration: %w", err)
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("inferring a configuration: %s is not a directory", dir)
	}
	in := &inference{res: &Result{}, fileStmts: map[string]int{}}
	in.migrations(root)
	t, err := scan(root, in.res.Migrations.Values)
	if err != nil {
		return nil, fmt.Errorf("inferring a configuration: reading %s: %w", dir, err)
	}
	in.tree = t
	in.findFolders()
	in.statements()
	in.splitFolders()
	in.leaveOutMigrations()
	in.kernel()
	in.facades()
	in.contexts()
	in.owners()
	in.apis()
	in.uses()
	in.queries()
	return in.res, nil
}

// folder is a top-level folder under the base: a context, the shared kernel or a
// facade.
type folder struct {
	dir, name string
	pkgs      []*pkg
	// imports maps each other folder this one imports to the packages imported.
	imports map[string]map[string]bool
	// uses maps a table key to how this folder's statements touch it.
	uses       map[string]*tableUse
	stmts      int
	queryFiles []string // the query files attributed to it
	// files are the Go files of a unit split from a folder holding several
	// contexts, owned file by file.
	files  []string
	kernel bool
	facade bool
	ctx    *Context
}

type tableUse struct {
	stmts int
	cols  map[string]int // statements touching each column
}

type inference struct {
	res  *Result
	tree *tree
	// cat is the schema the migrations build; nil without migrations.
	cat     *schema.Catalog
	folders []*folder // sorted by dir
	byDir   map[string]*folder
	// tables are the keys (schema.name) of the tables to assign, sorted.
	tables  []string
	created map[string]string // table key -> migration file creating it
	// fileUses and fileStmts are what each Go file's statements touch, named
	// queries it runs included: the units a package holding several contexts
	// is split into.
	fileUses  map[string]map[string]*tableUse
	fileStmts map[string]int
}

// migrations finds the schema (see findSchema) and builds the catalog from it.
func (in *inference) migrations(root string) {
	found, why := findSchema(root)
	if len(found) == 0 {
		return
	}
	in.res.Migrations = Guess{Values: found, Confidence: Likely, Why: why}
	scripts, _, err := migrations.Load(root, found)
	if err != nil {
		return
	}
	// A broken migration leaves the rest usable; faultline check reports it.
	in.cat, _ = schema.Build(scripts)
}

// hasSQL reports whether dir holds .sql files outside any subfolder named
// queries (sql/queries/<context> holds query files, not migrations).
func hasSQL(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil || found:
			return filepath.SkipDir
		case d.IsDir() && d.Name() == "queries":
			return filepath.SkipDir
		case !d.IsDir() && strings.HasSuffix(d.Name(), ".sql"):
			found = true
		}
		return nil
	})
	return found
}

// rootSkip are folders at the module root that hold no bounded context.
var rootSkip = []string{"cmd", "examples", "example", "tools", "test", "tests", "e2e", "hack", "scripts", "third_party", "docs", "internal", "pkg"}

// findFolders finds the candidate folders: the top-level folders under internal/, else
// under pkg/, else at the root, that hold Go packages; a level further down when
// there is only one.
func (in *inference) findFolders() {
	for _, base := range []string{"internal", "pkg", "."} {
		if in.foldersUnder(base); len(in.folders) > 0 {
			break
		}
	}
	// All of them in one folder (internal/app/orders, internal/app/billing): the
	// contexts are a level down.
	for len(in.folders) == 1 {
		base := in.res.Base
		if in.foldersUnder(in.folders[0].dir); len(in.folders) < 2 {
			in.foldersUnder(base)
			break
		}
	}
	slices.SortFunc(in.folders, func(a, b *folder) int { return cmp.Compare(a.dir, b.dir) })
	for _, f := range in.folders {
		slices.SortFunc(f.pkgs, func(a, b *pkg) int { return cmp.Compare(a.rel, b.rel) })
		for _, pk := range f.pkgs {
			for _, imp := range pk.imports {
				rel, ok := in.tree.relOf(imp)
				if !ok {
					continue
				}
				g := in.folderOf(rel)
				if g == nil || g == f {
					continue
				}
				if f.imports[g.dir] == nil {
					f.imports[g.dir] = map[string]bool{}
				}
				f.imports[g.dir][rel] = true
			}
		}
	}
}

// foldersUnder makes a candidate folder of every folder directly under base that
// holds Go packages.
func (in *inference) foldersUnder(base string) {
	in.res.Base = base
	in.byDir = map[string]*folder{}
	in.folders = nil
	for _, pk := range in.tree.pkgs {
		dir := folderOf(base, pk.rel)
		// Go migrations change the schema: they are no context's code.
		if dir == "" || pk.migration {
			continue
		}
		f := in.byDir[dir]
		if f == nil {
			f = &folder{dir: dir, name: path.Base(dir), imports: map[string]map[string]bool{}, uses: map[string]*tableUse{}}
			in.byDir[dir] = f
			in.folders = append(in.folders, f)
		}
		f.pkgs = append(f.pkgs, pk)
	}
}

// folderOf returns the candidate folder holding the package directory rel under
// base, or "".
func folderOf(base, rel string) string {
	if base == "." {
		first, _, _ := strings.Cut(rel, "/")
		if rel == "." || slices.Contains(rootSkip, first) {
			return ""
		}
		return first
	}
	rest, ok := strings.CutPrefix(rel, base+"/")
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(rest, "/")
	return base + "/" + first
}

func (in *inference) folderOf(rel string) *folder {
	return in.byDir[folderOf(in.res.Base, rel)]
}

// queryRoots are the folders whose subfolders, named like a context, hold that
// context's query files.
var queryRoots = []string{"db/queries", "queries", "sql/queries"}

// statements attributes every SQL statement in Go code and query files to the
// folder it comes from and counts the tables and columns it touches.
func (in *inference) statements() {
	var cat query.Catalog
	if in.cat != nil {
		cat = in.cat
	}
	in.fileUses = map[string]map[string]*tableUse{}
	for _, pk := range in.tree.pkgs {
		if pk.migration {
			continue
		}
		f := in.folderOf(pk.rel)
		if f != nil && !slices.Contains(f.pkgs, pk) {
			f = nil
		}
		for _, s := range pk.sql {
			for _, st := range analyze(s.text, cat) {
				in.count(f, st, s.file)
			}
		}
	}
	for _, qf := range in.tree.queryFiles {
		// A named query counts where the Go code that runs it is.
		rest := in.boundQueries(qf.text, cat)
		f := in.folderOf(path.Dir(qf.file))
		if f == nil {
			f = in.queryFolder(qf.file)
		}
		if f == nil {
			continue
		}
		stmts := analyze(rest, cat)
		if len(stmts) == 0 {
			continue
		}
		f.queryFiles = append(f.queryFiles, qf.file)
		for _, st := range stmts {
			in.count(f, st, "")
		}
	}
	// The tables to assign: the migrations' tables, or without migrations every
	// table the statements name.
	in.created = map[string]string{}
	seen := map[string]bool{}
	if in.cat != nil {
		for _, t := range in.cat.Tables() {
			if !t.PartitionOf.IsZero() {
				continue
			}
			key := t.Schema + "." + t.Name
			seen[key] = true
			in.created[key] = t.Pos.File
		}
	} else {
		for _, f := range in.folders {
			for key := range f.uses {
				seen[key] = true
			}
		}
	}
	for key := range seen {
		in.tables = append(in.tables, key)
	}
	slices.Sort(in.tables)
}

// queryFolder returns the folder whose name the query file's folder under one
// of the queryRoots bears (db/queries/pricing/prices.sql: pricing).
func (in *inference) queryFolder(file string) *folder {
	for _, r := range queryRoots {
		rest, ok := strings.CutPrefix(file, r+"/")
		if !ok {
			continue
		}
		name, _, ok := strings.Cut(rest, "/")
		if !ok {
			continue
		}
		for _, f := range in.folders {
			if f.name == name {
				return f
			}
		}
	}
	return nil
}

// count records one statement of folder f (nil for code in no folder) and of
// the Go file it is run from ("" for a query file).
func (in *inference) count(f *folder, st query.Statement, file string) {
	if file != "" {
		in.fileStmts[file]++
		if in.fileUses[file] == nil {
			in.fileUses[file] = map[string]*tableUse{}
		}
		addUse(in.fileUses[file], in, st)
	}
	if f == nil {
		return
	}
	f.stmts++
	addUse(f.uses, in, st)
}

// addUse counts the tables and columns of a statement into uses.
func addUse(uses map[string]*tableUse, in *inference, st query.Statement) {
	seen := map[string]bool{}
	for _, t := range st.Tables {
		key, ok := in.tableKey(t)
		if !ok || seen[key] || systemTable(t) {
			continue
		}
		seen[key] = true
		u := uses[key]
		if u == nil {
			u = &tableUse{cols: map[string]int{}}
			uses[key] = u
		}
		u.stmts++
		for _, c := range t.Columns {
			u.cols[c.Name]++
		}
	}
}

// tableKey is schema.name of a table a statement touches, a partition counting as
// its parent; views, and with migrations tables they do not create, are left out.
func (in *inference) tableKey(t query.Table) (string, bool) {
	schemaName := t.Schema
	if schemaName == "" {
		schemaName = "public"
	}
	if in.cat == nil {
		return schemaName + "." + t.Name, true
	}
	ti, ok := in.cat.Table(t.Schema, t.Name)
	if !ok || ti.View {
		return "", false
	}
	if ti.PartitionOf != "" {
		if strings.Contains(ti.PartitionOf, ".") {
			return ti.PartitionOf, true
		}
		return ti.Schema + "." + ti.PartitionOf, true
	}
	return ti.Schema + "." + ti.Name, true
}

// systemTable reports whether t is one of PostgreSQL's catalogs, which belong to
// no context.
func systemTable(t query.Table) bool {
	switch t.Schema {
	case "pg_catalog", "information_schema":
		return true
	case "":
		return strings.HasPrefix(t.Name, "pg_")
	}
	return false
}

// displayTable writes a table key as faultline.yaml does: unqualified in public.
func displayTable(key string) string {
	return strings.TrimPrefix(key, "public.")
}

// kernelNames are the usual names of a shared kernel's folder.
var kernelNames = []string{"platform", "shared", "sharedkernel", "kernel", "common", "commons", "lib", "libs", "util", "utils", "infra", "infrastructure", "foundation", "base", "support"}

// reach returns the folders f imports, directly or not.
func (in *inference) reach(f *folder) map[string]bool {
	seen := map[string]bool{}
	stack := []string{f.dir}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for g := range in.byDir[d].imports {
			if !seen[g] && g != f.dir {
				seen[g] = true
				stack = append(stack, g)
			}
		}
	}
	return seen
}

// tops reports whether f issues the most statements on some table (ties count):
// a folder owning tables is a context, not a kernel.
func (in *inference) tops(f *folder) bool {
	for key, u := range f.uses {
		most := true
		for _, g := range in.folders {
			if g != f && g.uses[key] != nil && g.uses[key].stmts > u.stmts {
				most = false
				break
			}
		}
		if most {
			return true
		}
	}
	return false
}

// kernel guesses the shared kernel: folders that only import other kernel
// folders, own no table, and that at least half of the other folders import,
// directly or not (or that have a kernel's name and are imported at all).
func (in *inference) kernel() {
	importers := map[string][]string{}
	for _, f := range in.folders {
		for g := range in.reach(f) {
			importers[g] = append(importers[g], f.dir)
		}
	}
	others := len(in.folders) - 1
	anySQL := false
	for _, f := range in.folders {
		anySQL = anySQL || f.stmts > 0
	}
	var counts, names []string
	conf := Sure
	for changed := true; changed; {
		changed = false
		for _, f := range in.folders {
			if f.kernel || in.tops(f) {
				continue
			}
			onlyKernel := true
			for g := range f.imports {
				if !in.byDir[g].kernel {
					onlyKernel = false
				}
			}
			if !onlyKernel {
				continue
			}
			n := len(importers[f.dir])
			byImports := n >= 2 && 2*n >= others
			named := slices.Contains(kernelNames, strings.ToLower(f.name))
			// Infrastructure: no SQL, and nothing but the kernel imported (i18n,
			// captcha, the files of a split domain package that hold no context).
			infra := anySQL && f.stmts == 0 && len(f.uses) == 0 && len(f.files) == 0 && !in.namesTable(f)
			if !byImports && !(named && n >= 1) && !infra {
				continue
			}
			f.kernel, changed = true, true
			counts = append(counts, fmt.Sprintf("%s %d", f.dir, n))
			if named {
				names = append(names, f.dir)
			}
			if !named || !byImports {
				conf = Likely
			}
		}
	}
	if len(counts) == 0 {
		return
	}
	for _, f := range in.folders {
		if f.kernel {
			in.res.Shared.Values = append(in.res.Shared.Values, f.dir+"/...")
		}
	}
	slices.Sort(counts)
	g := &in.res.Shared
	g.Confidence = conf
	if len(counts) == 1 {
		dir, n, _ := strings.Cut(counts[0], " ")
		g.Why = fmt.Sprintf("%s is imported, directly or not, by %s of the %d other folders under %s; it imports no folder outside the shared kernel and owns no table",
			dir, n, others, in.baseName())
	} else {
		g.Why = fmt.Sprintf("imported, directly or not, by this many of the %d other folders under %s: %s; each imports no folder outside the shared kernel and owns no table",
			others, in.baseName(), strings.Join(counts, ", "))
	}
	switch {
	case len(counts) == 1 && len(names) == 1:
		g.Why += "; its name is a usual one for a shared kernel"
	case len(names) > 0:
		g.Why += fmt.Sprintf("; %s a usual name for a shared kernel", andList(names)+plural(len(names), " has", " have"))
	}
}

func (in *inference) baseName() string {
	if in.res.Base == "." {
		return "the root"
	}
	return in.res.Base + "/"
}

// facades finds folders that look like a facade over the contexts: no SQL, at
// least two other folders imported (not counting the kernel), and imported by
// none. Like main, a facade belongs to no context.
func (in *inference) facades() {
	imported := map[string]bool{}
	for _, f := range in.folders {
		for g := range f.imports {
			imported[g] = true
		}
	}
	for _, f := range in.folders {
		if f.kernel || f.stmts > 0 || imported[f.dir] {
			continue
		}
		var deps []string
		for g := range f.imports {
			if !in.byDir[g].kernel {
				deps = append(deps, in.byDir[g].name)
			}
		}
		if len(deps) < 2 {
			continue
		}
		slices.Sort(deps)
		f.facade = true
		in.res.LeftOut = append(in.res.LeftOut, Guess{
			Values:     []string{f.dir},
			Confidence: Likely,
			Why: fmt.Sprintf("%s is left out of the contexts as a facade: it issues no SQL, imports %s, and no other folder imports it. "+
				"Code in no context is not checked, only recorded as the contexts' client; add it as a context if it is one",
				f.dir, andList(deps)),
		})
	}
}

var contextName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// contexts makes a context of every folder that is neither kernel nor facade.
func (in *inference) contexts() {
	taken := map[string]bool{}
	for _, f := range in.folders {
		if f.kernel || f.facade {
			continue
		}
		name := sanitize(f.name)
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s%d", sanitize(f.name), i)
		}
		taken[name] = true
		n := len(f.pkgs)
		f.ctx = &Context{Name: name, Dir: f.dir, Packages: Guess{
			Values:     []string{f.dir + "/..."},
			Why:        fmt.Sprintf("the folder %s, %d %s; one context per folder under %s", f.dir, n, plural(n, "package", "packages"), in.baseName()),
			Confidence: Likely,
		}}
		if len(f.files) > 0 {
			f.ctx.Packages = Guess{}
			f.ctx.Files = Guess{Values: f.files, Confidence: Likely, Why: fmt.Sprintf(
				"%s holds the code of several contexts, one file per context: its files named %s lead the tables below",
				f.dir, f.name+".go")}
		}
		in.res.Contexts = append(in.res.Contexts, f.ctx)
	}
	slices.SortFunc(in.res.Contexts, func(a, b *Context) int { return cmp.Compare(a.Name, b.Name) })
}

// sanitize turns a folder name into a valid context name.
func sanitize(s string) string {
	if contextName.MatchString(s) {
		return s
	}
	s = regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(s, "_")
	if !contextName.MatchString(s) {
		s = "x" + s
	}
	return s
}

func (in *inference) contextFolders() []*folder {
	var out []*folder
	for _, f := range in.folders {
		if f.ctx != nil {
			out = append(out, f)
		}
	}
	return out
}

// owners gives each table to the context whose code touches it most, judged by
// its columns first (a foreign context reads a few columns, the owner uses them
// all), then by its name, then by the number of statements.
func (in *inference) owners() {
	var unowned []string
	splits := map[*folder][]string{}
	splitFrom := map[*folder][]string{}
	for _, key := range in.tables {
		name := displayTable(key)
		var touch []*folder
		total, kernelStmts := 0, 0
		for _, f := range in.folders {
			u := f.uses[key]
			switch {
			case u == nil:
			case f.ctx != nil:
				touch = append(touch, f)
				total += u.stmts
			case f.kernel:
				kernelStmts += u.stmts
			}
		}
		if len(touch) == 0 {
			if f, reason := in.namedOnly(key); f != nil {
				f.ctx.Tables = append(f.ctx.Tables, Guess{Values: []string{name}, Confidence: Unsure,
					Why: fmt.Sprintf("no context's code touches %s, but %s", name, reason)})
				continue
			}
			u := name
			switch {
			case kernelStmts > 0:
				u += " (only the shared kernel's code touches it)"
			case in.created[key] != "":
				u += " (" + in.created[key] + ")"
			}
			unowned = append(unowned, u)
			continue
		}

		cols, colTop, owned := in.columnLeaders(key, touch)
		named := map[*folder]string{}
		for _, f := range touch {
			if r := in.affinity(key, f); r != "" {
				named[f] = r
			}
		}
		slices.SortStableFunc(touch, func(a, b *folder) int {
			return cmp.Or(
				// Among the files of one package, the file named like the table.
				-cmp.Compare(boolInt(len(a.files) > 0 && named[a] != ""), boolInt(len(b.files) > 0 && named[b] != "")),
				-cmp.Compare(len(owned[a]), len(owned[b])),
				-cmp.Compare(boolInt(named[a] != ""), boolInt(named[b] != "")),
				-cmp.Compare(a.uses[key].stmts, b.uses[key].stmts),
				cmp.Compare(a.ctx.Name, b.ctx.Name))
		})
		owner := touch[0]
		g := Guess{Values: []string{name}}
		n := owner.uses[key].stmts
		g.Why = fmt.Sprintf("%d of %d %s touching %s %s from %s", n, total, plural(total, "statement", "statements"), name, plural(n, "comes", "come"), owner.ctx.Name)
		if len(touch) > 1 {
			var rest []string
			for _, f := range touch[1:] {
				rest = append(rest, fmt.Sprintf("%s %d", f.ctx.Name, f.uses[key].stmts))
			}
			g.Why += " (" + strings.Join(rest, ", ") + ")"
		}
		if kernelStmts > 0 {
			g.Why += fmt.Sprintf(", %d more from the shared kernel", kernelStmts)
		}
		mostStmts := true
		for _, f := range touch[1:] {
			if f.uses[key].stmts >= n {
				mostStmts = false
			}
		}
		mostCols := len(owned) == 0 || len(touch) == 1 || len(owned[owner]) > len(owned[touch[1]])
		if len(touch) > 1 && len(owned) > 0 {
			var parts []string
			for _, f := range touch {
				if len(owned[f]) > 0 {
					parts = append(parts, f.ctx.Name+": "+strings.Join(owned[f], ", "))
				}
			}
			g.Why += "; the columns each context touches most are " + strings.Join(parts, "; ")
		}
		if len(touch) > 1 && !mostCols && named[owner] != "" && named[touch[1]] == "" {
			g.Why += "; " + named[owner]
		}
		switch {
		case len(touch) == 1:
			g.Confidence = Sure
		case mostStmts && mostCols && 4*n >= 3*total:
			g.Confidence = Sure
		case mostStmts && mostCols:
			g.Confidence = Likely
		default:
			g.Confidence = Unsure
		}
		owner.ctx.Tables = append(owner.ctx.Tables, g)

		// Columns that another context alone touches may be that context's.
		for _, c := range cols {
			f := colTop[c]
			if f == nil || f == owner || owner.uses[key].cols[c] > 0 {
				continue
			}
			splits[f] = append(splits[f], name+"."+c)
			splitFrom[f] = append(splitFrom[f], possessive(owner.ctx.Name)+" "+name)
		}
	}
	for f, cols := range splits {
		slices.Sort(cols)
		from := slices.Compact(slices.Sorted(slices.Values(splitFrom[f])))
		f.ctx.Columns = Guess{Values: cols, Confidence: Unsure, Why: fmt.Sprintf(
			"only %s code touches these columns of %s. If the table holds the columns of two contexts, they are %s: "+
				"uncomment the line. Code cannot tell a split table from a foreign read, so this is not guessed",
			possessive(f.ctx.Name), andList(from), possessive(f.ctx.Name))}
	}
	for _, x := range in.res.Contexts {
		slices.SortFunc(x.Tables, func(a, b Guess) int { return cmp.Compare(a.Values[0], b.Values[0]) })
	}
	if len(unowned) > 0 {
		in.res.Unowned = Guess{Values: unowned, Confidence: Sure,
			Why: "no context's code touches them, so they are left out; faultline check reports each as unowned-table until a context or the shared kernel lists it"}
	}
}

// columnLeaders returns the table's columns (from the schema, else those the
// statements name), the context touching each most, and the columns each leads.
// The primary key is everybody's: it leads nowhere.
func (in *inference) columnLeaders(key string, touch []*folder) ([]string, map[string]*folder, map[*folder][]string) {
	var pk, cols []string
	if in.cat != nil {
		schemaName, table, _ := strings.Cut(key, ".")
		if ti, ok := in.cat.Table(schemaName, table); ok {
			pk, cols = ti.PrimaryKey, ti.Columns
		}
	}
	if cols == nil {
		set := map[string]bool{}
		for _, f := range touch {
			for c := range f.uses[key].cols {
				set[c] = true
			}
		}
		cols = slices.Sorted(maps.Keys(set))
	}
	colTop := map[string]*folder{}
	owned := map[*folder][]string{}
	for _, c := range cols {
		if slices.Contains(pk, c) {
			continue
		}
		var best *folder
		bestN, tie := 0, false
		for _, f := range touch {
			n := f.uses[key].cols[c]
			switch {
			case n > bestN:
				best, bestN, tie = f, n, false
			case n == bestN && n > 0:
				tie = true
			}
		}
		if best != nil && !tie {
			colTop[c] = best
			owned[best] = append(owned[best], c)
		}
	}
	return cols, colTop, owned
}

// namedOnly returns the one context a table no code touches is named like.
func (in *inference) namedOnly(key string) (*folder, string) {
	var found *folder
	reason := ""
	for _, f := range in.contextFolders() {
		if r := in.affinity(key, f); r != "" {
			if found != nil {
				return nil, ""
			}
			found, reason = f, r
		}
	}
	return found, reason
}

// affinity says why a table seems to be named after a context's folder, or "".
func (in *inference) affinity(key string, f *folder) string {
	_, table, _ := strings.Cut(key, ".")
	table = strings.ToLower(table)
	name := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(f.name))
	for _, w := range strings.Split(table, "_") {
		for _, form := range []string{w, singular(w)} {
			if len(form) >= 4 && strings.Contains(name, form) {
				return "its name is like " + possessive(f.ctx.Name)
			}
		}
	}
	if s := singular(name); len(s) >= 4 && strings.Contains(strings.ReplaceAll(table, "_", ""), s) {
		return "its name is like " + possessive(f.ctx.Name)
	}
	var files []string
	for _, pk := range f.pkgs {
		for _, file := range pk.files {
			files = append(files, path.Join(pk.rel, file))
		}
	}
	if len(f.files) > 0 {
		// A unit of single files is named by its own files only.
		files = f.files
	}
	for _, file := range files {
		base := strings.TrimSuffix(strings.ToLower(path.Base(file)), ".go")
		if base == table || base == singular(table) {
			return fmt.Sprintf("%s file %s is named after it", possessive(f.ctx.Name), file)
		}
	}
	if file := in.created[key]; file != "" && len(name) >= 4 && strings.Contains(strings.ToLower(path.Base(file)), name) {
		return fmt.Sprintf("the migration creating it, %s, names %s", path.Base(file), f.ctx.Name)
	}
	return ""
}

// singular strips an English plural ending.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// importers returns, for each package of f, the other contexts importing it.
func (in *inference) importers(f *folder) map[string][]string {
	out := map[string][]string{}
	for _, g := range in.contextFolders() {
		for rel := range g.imports[f.dir] {
			out[rel] = append(out[rel], g.ctx.Name)
		}
	}
	return out
}

// apis guesses each context's api: its package named api, else its root package
// when that exports functions.
func (in *inference) apis() {
	for _, f := range in.contextFolders() {
		if len(f.files) > 0 {
			f.ctx.API = Guess{Confidence: Unsure,
				Why: "a context of single files shares its package with others, so no package is its api; other contexts' use of its functions is judged by the objects they use"}
			continue
		}
		imp := in.importers(f)
		var imported []string
		for rel := range imp {
			imported = append(imported, rel)
		}
		slices.Sort(imported)
		var api *pkg
		for _, pk := range f.pkgs {
			if pk.rel == f.dir+"/api" {
				api = pk
			}
		}
		g := &f.ctx.API
		switch {
		case api != nil:
			g.Values = []string{api.rel}
			g.Why, g.Confidence = "a package named api", Likely
		case in.tree.pkgs[f.dir] != nil && in.tree.pkgs[f.dir].exported > 0:
			n := in.tree.pkgs[f.dir].exported
			g.Values = []string{f.dir}
			g.Why = fmt.Sprintf("the context's root package exports %d %s", n, plural(n, "function", "functions"))
			g.Confidence = Unsure
		default:
			g.Why = fmt.Sprintf("no package named api, and %s exports no function: list the packages other contexts may import", f.dir)
			g.Confidence = Unsure
		}
		var private []string
		for _, rel := range imported {
			if !slices.Contains(g.Values, rel) {
				private = append(private, fmt.Sprintf("%s (by %s)", rel, andList(imp[rel])))
			}
		}
		switch {
		case len(imported) == 0:
			g.Why += "; no other context imports the context yet"
		case len(private) == 0:
			g.Why += "; other contexts import nothing else of the context"
			if g.Confidence == Likely {
				g.Confidence = Sure
			}
		default:
			g.Why += "; other contexts also import " + andList(private) + ", which this leaves private"
		}
		if api == nil && len(g.Values) > 0 {
			g.Why += "; narrow the api to what other contexts may call"
		}
	}
}

// uses lists the contexts each context's code imports today.
func (in *inference) uses() {
	for _, f := range in.contextFolders() {
		var names, pkgs []string
		for dir, rels := range f.imports {
			g := in.byDir[dir]
			if g.ctx == nil {
				continue
			}
			names = append(names, g.ctx.Name)
			for rel := range rels {
				pkgs = append(pkgs, rel)
			}
		}
		if len(names) == 0 {
			continue
		}
		slices.Sort(names)
		slices.Sort(pkgs)
		f.ctx.Uses = Guess{Values: names, Confidence: Sure,
			Why: fmt.Sprintf("%s code imports %s today; remove what it should not depend on", possessive(f.ctx.Name), andList(pkgs))}
	}
}

// queries lists the folders of each context's query files.
func (in *inference) queries() {
	for _, f := range in.contextFolders() {
		var globs []string
		for _, file := range f.queryFiles {
			dir := path.Dir(file)
			glob := dir + "/*.sql"
			for _, r := range queryRoots {
				// db/queries/<name>/a/b.sql: the whole subtree.
				top := r + "/" + f.name
				if dir != top && strings.HasPrefix(dir, top+"/") {
					glob = top + "/**/*.sql"
				}
			}
			globs = append(globs, glob)
		}
		if len(globs) == 0 {
			continue
		}
		slices.Sort(globs)
		globs = slices.Compact(globs)
		n := len(f.queryFiles)
		f.ctx.Queries = Guess{Values: globs, Confidence: Likely,
			Why: fmt.Sprintf("%d query %s with SQL, in %s folder or named after it", n, plural(n, "file", "files"), possessive(f.ctx.Name))}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// possessive writes "pricing's", "orders'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// andList joins words as "a, b and c".
func andList(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
