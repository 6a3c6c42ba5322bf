package infer

import (
	"cmp"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/faultline/faultline/query"
)

// schemaDirNames are the names of folders of migrations, whatever the tool.
var schemaDirNames = []string{"migrations", "migration", "migrate"}

// schemaFileNames are the names of a schema kept in one file (a dump, sqlc's schema).
var schemaFileNames = []string{"schema.sql", "structure.sql"}

// findSchema returns the entries of sql.migrations for the tree under root, in
// the order they apply, and what they rest on: the schema paths of sqlc.yaml, the
// folders of migrations wherever they are (any tool: golang-migrate, goose,
// sql-migrate, dbmate, tern, Flyway, Atlas), else the schema files (a root
// schema.sql).
func findSchema(root string) (entries []string, why string) {
	add := func(e string) {
		if !slices.Contains(entries, e) {
			entries = append(entries, e)
		}
	}
	var from []string
	if schemas := sqlcSchemas(root); len(schemas) > 0 {
		for _, s := range schemas {
			add(s)
		}
		from = append(from, "the schema of sqlc's configuration")
	}
	dirs, files := schemaCandidates(root)
	if len(dirs) > 0 {
		for _, d := range dirs {
			add(d)
		}
		from = append(from, "the folders of migrations found in the tree")
	}
	if len(entries) == 0 && len(files) > 0 {
		for _, f := range files {
			add(f)
		}
		from = append(from, "the schema files found in the tree")
	}
	if len(entries) == 0 {
		return nil, ""
	}
	return entries, strings.Join(from, " and ") + "; check that they hold the whole schema and are in the order they apply"
}

// sqlcSchemas reads the schema paths of sqlc.yaml (version 1 and 2) at the root.
func sqlcSchemas(root string) []string {
	for _, name := range []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			continue
		}
		var out []string
		for _, p := range parseSQLC(data) {
			p = path.Clean(filepath.ToSlash(p))
			// Only paths inside the tree: sqlc.yaml is as untrusted as the code.
			if p == "." || p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}

// parseSQLC returns the schema paths of an sqlc configuration, nil when it does
// not parse (JSON is YAML too).
func parseSQLC(data []byte) []string {
	var conf struct {
		SQL      []sqlcBlock `yaml:"sql"`
		Packages []sqlcBlock `yaml:"packages"`
	}
	if yaml.Unmarshal(data, &conf) != nil {
		return nil
	}
	var out []string
	for _, b := range append(conf.SQL, conf.Packages...) {
		out = append(out, b.Schema...)
	}
	return out
}

// sqlcBlock is one sql (or packages) entry of sqlc's configuration.
type sqlcBlock struct {
	Schema  stringList `yaml:"schema"`
	Queries stringList `yaml:"queries"`
}

// stringList is a YAML string or list of strings.
type stringList []string

func (s *stringList) UnmarshalYAML(n *yaml.Node) error {
	var one string
	if n.Decode(&one) == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := n.Decode(&many); err != nil {
		return nil
	}
	*s = many
	return nil
}

// schemaCandidates walks the tree (four levels deep) for folders of migrations,
// those of schemaDirNames, db/migrations, sql, and any folder with Atlas's
// atlas.sum, that hold .sql files, and for schema files.
func schemaCandidates(root string) (dirs, files []string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		depth := strings.Count(rel, "/") + 1
		if !d.IsDir() {
			if depth <= 3 && slices.Contains(schemaFileNames, d.Name()) {
				files = append(files, rel)
			}
			return nil
		}
		if p == root {
			return nil
		}
		if skipDir(d.Name()) || depth > 4 {
			return filepath.SkipDir
		}
		if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
			return filepath.SkipDir
		}
		_, atlas := os.Stat(filepath.Join(p, "atlas.sum"))
		if !slices.Contains(schemaDirNames, d.Name()) && rel != "sql" && atlas != nil {
			return nil
		}
		switch {
		case directSQL(p):
			dirs = append(dirs, rel)
			return filepath.SkipDir
		case hasSQL(p):
			// golang-migrate's migrations/postgres/..., one set ordered together.
			dirs = append(dirs, rel+"/...")
			return filepath.SkipDir
		}
		return nil
	})
	slices.Sort(dirs)
	slices.Sort(files)
	return dirs, files
}

// directSQL reports whether dir itself holds .sql files.
func directSQL(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			return true
		}
	}
	return false
}

// namedQuery is one query of a query file named by a "-- name:" line, as
// goyesql, dotsql and sqlc write them.
type namedQuery struct {
	name, text string
}

// namedQueries splits a query file into its named queries; nil when it has none.
func namedQueries(text string) []namedQuery {
	var out []namedQuery
	lines := strings.SplitAfter(text, "\n")
	cur := -1
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, "--"); ok {
			rest = strings.TrimSpace(rest)
			if len(rest) > 5 && strings.EqualFold(rest[:5], "name:") {
				if f := strings.Fields(rest[5:]); len(f) > 0 {
					out = append(out, namedQuery{name: f[0]})
					cur = len(out) - 1
					continue
				}
			}
		}
		if cur >= 0 {
			out[cur].text += line
		}
	}
	return out
}

// bindings returns the Go files that run a named query, sorted: those naming it
// in a string (dotsql's LookupQuery, goyesql's map) or selecting a struct field
// tagged query:"name" or a method of that name (sqlc).
func (in *inference) bindings(name string) []string {
	idents := append([]string{name}, in.tree.fields[name]...)
	var out []string
	for file, r := range in.tree.files {
		if r.strs[name] || slices.ContainsFunc(idents, func(id string) bool { return r.sels[id] }) {
			out = append(out, file)
		}
	}
	slices.Sort(out)
	return out
}

// boundQueries counts the named queries of a query file whose Go callers are
// visible for the folders and files of those callers, and returns the text of
// the rest, which is attributed by where the file is.
func (in *inference) boundQueries(text string, cat query.Catalog) string {
	named := namedQueries(text)
	if len(named) == 0 {
		return text
	}
	var rest strings.Builder
	for _, q := range named {
		files := in.bindings(q.name)
		if len(files) == 0 {
			rest.WriteString(q.text)
			continue
		}
		stmts := analyze(fillTemplate(q.text), cat)
		for _, file := range files {
			pk := in.tree.pkgs[path.Dir(file)]
			if pk == nil || pk.migration {
				continue
			}
			f := in.folderOf(pk.rel)
			if f != nil && !slices.Contains(f.pkgs, pk) {
				f = nil
			}
			for _, st := range stmts {
				in.count(f, st, file)
			}
		}
	}
	return rest.String()
}

// leaveOutMigrations says, for each folder of Go migrations, why it is no context.
func (in *inference) leaveOutMigrations() {
	var dirs []string
	for _, pk := range in.tree.pkgs {
		if pk.migration {
			dirs = append(dirs, pk.rel)
		}
	}
	slices.Sort(dirs)
	for _, d := range dirs {
		in.res.LeftOut = append(in.res.LeftOut, Guess{Values: []string{d}, Confidence: Sure,
			Why: d + " holds Go migrations: it changes the schema of every context, so it is no context and its SQL counts for none"})
	}
}

// stem is the name a Go file gives its unit: subscribers.go and
// subscribers_test.go are "subscribers".
func stem(file string) string {
	return strings.TrimSuffix(path.Base(file), ".go")
}

// splitFolders splits a folder that holds the code of several contexts, one file
// per context (a domain package with subscribers.go, lists.go, campaigns.go), into
// one unit per file name: when the folder issues at least half of all statements
// and two or more of its file names each touch some table more than any other of its
// files does (a tie goes to the file named like the table). Files of the same name
// in packages of no folder (cmd/subscribers.go) join their unit for their code; its
// tables are judged by the folder's files.
func (in *inference) splitFolders() {
	total := 0
	for _, f := range in.folders {
		total += f.stmts
	}
	var out []*folder
	for _, f := range in.folders {
		if 2*f.stmts < total || f.stmts == 0 {
			out = append(out, f)
			continue
		}
		units := in.fileUnits(f)
		if len(units) < 2 {
			out = append(out, f)
			continue
		}
		out = append(out, units...)
		out = append(out, in.residue(f, units))
	}
	slices.SortStableFunc(out, func(a, b *folder) int {
		return cmp.Or(cmp.Compare(a.dir, b.dir), cmp.Compare(len(b.files), len(a.files)), cmp.Compare(a.name, b.name))
	})
	in.folders = out
}

// fileUnits groups a folder's Go files by name and keeps the groups that lead
// some table: they touch it in more statements than any other file of the folder.
func (in *inference) fileUnits(f *folder) []*folder {
	byStem := map[string][]string{}
	for file := range in.fileUses {
		if in.folderOf(path.Dir(file)) == f {
			byStem[stem(file)] = append(byStem[stem(file)], file)
		}
	}
	leads := map[string]bool{}
	for key := range f.uses {
		var best []string
		bestN := 0
		for st, files := range byStem {
			n := 0
			for _, file := range files {
				if u := in.fileUses[file][key]; u != nil {
					n += u.stmts
				}
			}
			switch {
			case n > bestN:
				best, bestN = []string{st}, n
			case n == bestN && n > 0:
				best = append(best, st)
			}
		}
		// A tie goes to the one file named like the table (subscribers.go and
		// subscriber_lists).
		if len(best) > 1 {
			named := slices.DeleteFunc(slices.Clone(best), func(st string) bool { return !namedLike(key, st) })
			best = named
		}
		if len(best) == 1 {
			leads[best[0]] = true
		}
	}
	var units []*folder
	for st := range leads {
		files := byStem[st]
		// The same file name in code no folder holds (package main) is the same unit.
		for file := range in.fileUses {
			if stem(file) == st && in.folderOf(path.Dir(file)) == nil && !in.tree.pkgs[path.Dir(file)].migration {
				files = append(files, file)
			}
		}
		slices.Sort(files)
		u := &folder{dir: f.dir, name: st, files: files, pkgs: f.pkgs,
			imports: map[string]map[string]bool{}, uses: map[string]*tableUse{}}
		// The tables are judged by the folder's own files: package main's SQL
		// is wiring, its files join the unit for their code only.
		for _, file := range byStem[st] {
			u.stmts += in.fileStmts[file]
			mergeUses(u.uses, in.fileUses[file])
		}
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b *folder) int { return cmp.Compare(a.name, b.name) })
	return units
}

// residue is what is left of a split folder: its files in no unit.
func (in *inference) residue(f *folder, units []*folder) *folder {
	r := &folder{dir: f.dir, name: f.name, pkgs: f.pkgs, imports: f.imports, uses: map[string]*tableUse{}}
	taken := map[string]bool{}
	for _, u := range units {
		for _, file := range u.files {
			taken[file] = true
		}
	}
	for file, uses := range in.fileUses {
		if !taken[file] && in.folderOf(path.Dir(file)) == f {
			r.stmts += in.fileStmts[file]
			mergeUses(r.uses, uses)
		}
	}
	in.byDir[f.dir] = r
	return r
}

// mergeUses adds the counts of from to into.
func mergeUses(into, from map[string]*tableUse) {
	for key, u := range from {
		v := into[key]
		if v == nil {
			v = &tableUse{cols: map[string]int{}}
			into[key] = v
		}
		v.stmts += u.stmts
		for c, n := range u.cols {
			v.cols[c] += n
		}
	}
}

// namedLike reports whether a table (schema.name) and a name share a word of
// four letters or more, plural or not.
func namedLike(key, name string) bool {
	_, table, _ := strings.Cut(key, ".")
	table = strings.ToLower(table)
	name = strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(name))
	for _, w := range strings.Split(table, "_") {
		for _, form := range []string{w, singular(w)} {
			if len(form) >= 4 && strings.Contains(name, form) {
				return true
			}
		}
	}
	s := singular(name)
	return len(s) >= 4 && strings.Contains(strings.ReplaceAll(table, "_", ""), s)
}

// placeholder matches the template placeholders of query-file tools: goyesql's
// %query%, Sprintf verbs, text/template actions.
var placeholder = regexp.MustCompile(`%[A-Za-z_][A-Za-z0-9_.-]*%|%[sdv]|\{\{[^}]*\}\}`)

// fillTemplate puts a neutral expression where a template placeholder is, so
// that the statement around it can be read.
func fillTemplate(text string) string {
	return placeholder.ReplaceAllString(text, "TRUE")
}

// namesTable reports whether some table of the schema is named like the folder
// (audit and audit_events) that no code touches: a folder without SQL may still
// own it.
func (in *inference) namesTable(f *folder) bool {
	name := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(f.name))
	touched := map[string]bool{}
	for _, g := range in.folders {
		for key := range g.uses {
			touched[key] = true
		}
	}
	for _, key := range in.tables {
		if touched[key] {
			continue
		}
		_, table, _ := strings.Cut(key, ".")
		table = strings.ToLower(table)
		for _, w := range strings.Split(table, "_") {
			for _, form := range []string{w, singular(w)} {
				if len(form) >= 4 && strings.Contains(name, form) {
					return true
				}
			}
		}
		if s := singular(name); len(s) >= 4 && strings.Contains(strings.ReplaceAll(table, "_", ""), s) {
			return true
		}
	}
	return false
}
