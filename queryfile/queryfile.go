// Package queryfile checks the .sql query files (sqlc, goyesql and dotsql files of
// `-- name:` blocks) that go vet cannot read: it indexes their named queries for
// the Go code that runs them by name, reads around the placeholders of templates,
// and judges the queries no Go call was seen to run for the context that owns
// them under `queries` in faultline.yaml.
package queryfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/query"
)

// Block is one named query of a file.
type Block struct {
	// Name is the name given by the `-- name:` line ("" for text before the first
	// one, or for a file without any).
	Name string
	// Text is the SQL of the block, from the line after its name line to the next
	// name line; Offset is where it starts in the file.
	Text   string
	Offset int
}

// nameLine matches the line that starts a block: sqlc's `-- name: GetPrice :one`,
// goyesql's and dotsql's `-- name: get-price`.
var nameLine = regexp.MustCompile(`^[ \t]*--[ \t]*name:[ \t]*(\S+)`)

// Split cuts a query file into its blocks, in file order. Text before the first
// name line is a block of its own, named "", when it holds more than comments;
// a file without name lines is one such block.
func Split(src string) []Block {
	var blocks []Block
	cur := Block{}
	for off := 0; off < len(src); {
		end := strings.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		}
		if m := nameLine.FindStringSubmatch(src[off:next]); m != nil {
			cur.Text = src[cur.Offset:off]
			blocks = append(blocks, cur)
			cur = Block{Name: m[1], Offset: next}
		}
		off = next
	}
	cur.Text = src[min(cur.Offset, len(src)):]
	blocks = append(blocks, cur)
	// The preamble is kept only when it has SQL in it.
	if blocks[0].Name == "" && len(blocks) > 1 && onlyComments(blocks[0].Text) {
		blocks = blocks[1:]
	}
	return blocks
}

// onlyComments reports whether s holds nothing but white space and -- comments.
func onlyComments(s string) bool {
	for line := range strings.Lines(s) {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "--") {
			return false
		}
	}
	return true
}

// Files returns the query files of a context: its `queries` entries (the part
// before any #name), relative to the directory of faultline.yaml, expanded,
// sorted, each once. A directory stands for the .sql files under it. An entry
// that matches no file, or whose #name matches no query of its files, is
// returned as a config warning; a pattern that is not a valid glob is a
// configuration error.
func Files(cfg *config.Config, x *config.Context) (files []string, warnings []finding.Finding, err error) {
	return entryFiles(cfg, x.Name, x.Queries)
}

// entryFiles is Files for the entries of one owner, context (or "" for the
// shared kernel).
func entryFiles(cfg *config.Config, context string, entries []config.Entry) (files []string, warnings []finding.Finding, err error) {
	where := "context " + context
	if context == "" {
		where = "the shared kernel"
	}
	for _, e := range entries {
		file, name, named := strings.Cut(e.Value, "#")
		if !doublestar.ValidatePattern(filepath.ToSlash(file)) {
			return nil, nil, &config.Error{Pos: e.Pos, Msg: fmt.Sprintf("queries pattern %q is not a valid glob: use *, ** and [...] as in db/queries/%s/*.sql", e.Value, context)}
		}
		matches, err := glob(cfg.Dir, file)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: listing the query files of %s: %w", e.Pos, where, err)
		}
		switch {
		case len(matches) == 0:
			warnings = append(warnings, entryWarning(e, context, fmt.Sprintf("queries pattern %q of %s matches no file", e.Value, where)))
		case named && !namesAny(matches, name):
			warnings = append(warnings, entryWarning(e, context, fmt.Sprintf("queries entry %q of %s matches no named query of %s", e.Value, where, strings.Join(relAll(cfg.Dir, matches), ", "))))
		}
		files = append(files, matches...)
	}
	slices.Sort(files)
	return slices.Compact(files), warnings, nil
}

// glob expands the file part of one queries entry, relative to dir unless
// absolute, like the migrations' entries: a folder beside the module
// (../shared/*.sql) is read as well as one below it, and a directory stands for
// the .sql files under it. Only regular files match: doublestar's files-only
// option lets devices and named pipes through, which would be read forever.
func glob(dir, pattern string) ([]string, error) {
	full := filepath.FromSlash(pattern)
	if !filepath.IsAbs(full) {
		full = filepath.Join(dir, full)
	}
	if st, err := os.Stat(full); err == nil && st.IsDir() {
		full = filepath.Join(full, "**", "*.sql")
	}
	base, rest := doublestar.SplitPattern(filepath.ToSlash(full))
	matches, err := doublestar.Glob(os.DirFS(filepath.FromSlash(base)), rest, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		path := filepath.Join(filepath.FromSlash(base), filepath.FromSlash(m))
		if safefile.Regular(path) {
			out = append(out, path)
		}
	}
	return out, nil
}

// relAll renders paths relative to dir, slash-separated, where they are below it.
func relAll(dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
		if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
			out[i] = filepath.ToSlash(r)
		}
	}
	return out
}

func entryWarning(e config.Entry, context, msg string) finding.Finding {
	return finding.Finding{
		Kind: finding.Config, Severity: finding.Warning,
		From: context, Subject: "queries " + e.Value,
		File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column,
		Message: msg,
		Fix:     fmt.Sprintf("correct the entry (its file part is relative to the directory of %s, its #part a query name or glob) or remove it", config.FileName),
	}
}

// namesAny reports whether one of the files has a query whose name matches the
// glob.
func namesAny(files []string, glob string) bool {
	for _, f := range files {
		src, err := safefile.Read(f)
		if err != nil {
			continue
		}
		for _, b := range Split(string(src)) {
			if ok, _ := path.Match(glob, b.Name); ok && b.Name != "" {
				return true
			}
		}
	}
	return false
}

// Result is what checking the query files found.
type Result struct {
	Findings []finding.Finding
	// Files counts the query files read.
	Files int
	// Dynamic lists, as file:line:col, the statements whose template
	// placeholders stay unknown until run time.
	Dynamic []string
}

// Check reads the query files the contexts and the shared kernel list under
// `queries` and returns the findings of their statements, each judged by res as
// SQL of the context that owns the query by the most specific entry (an exact
// name beats a name glob, which beats a whole file, which beats a directory or
// glob of files), at its file:line:col in the .sql file (File is absolute). A
// query of the shared kernel is its callers': only a cross-join is reported.
// SQL that does not parse is a parse-error finding and the rest of the file
// goes on. Findings an allow entry covers are returned with AllowedBy set.
func Check(cfg *config.Config, res *access.Resolver) ([]finding.Finding, error) {
	r, err := CheckBound(cfg, res, nil)
	if err != nil {
		return nil, err
	}
	return r.Findings, nil
}

// CheckBound is Check that leaves out the named queries Go code was seen to run,
// bound["file#name"] with file relative to the directory of faultline.yaml:
// those are judged at the Go call site, for the context of the code running them.
func CheckBound(cfg *config.Config, res *access.Resolver, bound map[string]bool) (*Result, error) {
	out := &Result{}
	var all []string
	add := func(context string, entries []config.Entry) error {
		files, warnings, err := entryFiles(cfg, context, entries)
		if err != nil {
			return err
		}
		out.Findings = append(out.Findings, warnings...)
		all = append(all, files...)
		return nil
	}
	if err := add("", cfg.Shared.Queries); err != nil {
		return nil, err
	}
	for _, x := range cfg.Contexts {
		if err := add(x.Name, x.Queries); err != nil {
			return nil, err
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	out.Files = len(all)
	for _, file := range all {
		src, err := safefile.Read(file)
		if err != nil {
			out.Findings = append(out.Findings, unreadable(cfg, file, err))
			continue
		}
		safefile.LoneCRToLF(src)
		checkFile(cfg, res, file, string(src), bound, out)
	}
	out.Findings = finding.Sort(out.Findings)
	return out, nil
}

// checkFile judges each query of one file for the contexts owning it.
func checkFile(cfg *config.Config, res *access.Resolver, file, src string, bound map[string]bool, out *Result) {
	rel := filepath.Base(file)
	if r, err := filepath.Rel(cfg.Dir, file); err == nil {
		rel = filepath.ToSlash(r)
	}
	first := map[string]int{} // query name -> line of its name line
	for _, b := range Split(src) {
		owners := cfg.QueryOwners(rel, b.Name)
		if len(owners) > 0 {
			if f, bad := blockProblem(res, owners[0].Context, file, src, b, first); bad {
				out.Findings = append(out.Findings, f)
			}
		}
		if b.Name != "" && bound[rel+"#"+b.Name] {
			continue
		}
		for _, o := range owners {
			out.Findings = append(out.Findings, checkBlock(res, o.Context, file, src, b, out)...)
		}
	}
}

// CheckFile judges the SQL of one query file, named file, as context from's.
func CheckFile(res *access.Resolver, from, file, src string) []finding.Finding {
	var out []finding.Finding
	r := &Result{}
	first := map[string]int{}
	for _, b := range Split(src) {
		if f, bad := blockProblem(res, from, file, src, b, first); bad {
			out = append(out, f)
		}
		out = append(out, checkBlock(res, from, file, src, b, r)...)
	}
	return out
}

// blockProblem reports a named query that the tools reading the file would not
// run as written: a name given twice (goyesql and dotsql keep one of the two), or
// a name line with no SQL under it.
func blockProblem(res *access.Resolver, from, file, src string, b Block, first map[string]int) (finding.Finding, bool) {
	if b.Name == "" {
		return finding.Finding{}, false
	}
	// The name line is the line before the block's text.
	line, _ := query.Position(src, max(b.Offset-1, 0))
	msg, fix, what := "", "", ""
	switch prev, dup := first[b.Name]; {
	case dup:
		msg = fmt.Sprintf("query %s is named twice in %s (first at line %d): the query-file tools keep only one of them", b.Name, filepath.Base(file), prev)
		fix, what = "rename one of the two queries", "named twice"
	case onlyComments(b.Text):
		first[b.Name] = line
		msg = fmt.Sprintf("query %s has no SQL under its name line", b.Name)
		fix, what = "write the query's SQL under its name line, or remove the name line", "no SQL"
	default:
		first[b.Name] = line
		return finding.Finding{}, false
	}
	f := finding.Finding{
		Kind: finding.ParseError, Severity: finding.Warning,
		From: from, Subject: filepath.Base(file) + " " + b.Name + ": " + what,
		File: file, Line: line, Column: 1, Object: b.Name,
		Message: msg, Fix: fix,
	}
	return f, true
}

// unreadable reports a query file that cannot be read; the run goes on without
// it. It is the owners' finding when one context owns the whole file.
func unreadable(cfg *config.Config, file string, err error) finding.Finding {
	from := ""
	rel := filepath.ToSlash(file)
	if r, rerr := filepath.Rel(cfg.Dir, file); rerr == nil {
		rel = filepath.ToSlash(r)
	}
	if owners := cfg.QueryOwners(rel, ""); len(owners) > 0 {
		from = owners[0].Context
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return finding.Finding{
		Kind: finding.ParseError, Severity: finding.Warning,
		From: from, Subject: filepath.Base(file) + ": unreadable",
		File: file, Line: 1, Column: 1, Object: filepath.Base(file),
		Message: fmt.Sprintf("query file cannot be read (%v); faultline cannot check what it touches", err),
		Fix:     "fix the file's permissions, or take it out of the queries entry",
	}
}

// checkBlock judges one query of a file as context from's ("" for SQL of the
// shared kernel, of which only cross-joins are findings).
func checkBlock(res *access.Resolver, from, file, src string, b Block, r *Result) []finding.Finding {
	var out []finding.Finding
	object := b.Name
	if object == "" {
		object = filepath.Base(file)
	}
	stmts, holes, err := analyze(b.Text, res.Catalog)
	if holes > 0 {
		line, col := query.Position(src, b.Offset+sqlStart(b.Text))
		r.Dynamic = append(r.Dynamic, fmt.Sprintf("%s:%d:%d", file, line, col))
	}
	for _, pe := range query.ParseErrors(err) {
		line, col := query.Position(src, b.Offset+pe.Offset)
		f := finding.Finding{
			Kind: finding.ParseError, Severity: finding.Warning,
			From: from, Subject: filepath.Base(file) + " " + object + ": " + pe.Message,
			File: file, Line: line, Column: col, Object: object,
			Message: fmt.Sprintf("query %s does not parse as PostgreSQL: %s; faultline cannot check what it touches", object, pe.Message),
			Fix:     "fix the SQL (or, if PostgreSQL accepts it, report the statement to faultline)",
		}
		out = append(out, f)
	}
	for _, st := range stmts {
		line, col := query.Position(src, b.Offset+st.Offset)
		out = append(out, res.Check(from, st, access.Site{File: file, Line: line, Column: col, Object: object})...)
	}
	return out
}

// analyze is AnalyzeTemplate that turns a parser panic into an error: no SQL
// may stop the check.
func analyze(sql string, cat query.Catalog) (stmts []query.Statement, holes int, err error) {
	defer func() {
		if r := recover(); r != nil {
			stmts, holes, err = nil, 0, &query.ParseError{Message: fmt.Sprint("the SQL parser failed: ", r)}
		}
	}()
	return AnalyzeTemplate(sql, cat)
}
