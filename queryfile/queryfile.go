// Package queryfile checks the .sql query files a context lists under `queries` in
// faultline.yaml (sqlc, goyesql and dotsql files of `-- name:` blocks), which go vet
// cannot read, judging each statement for the context that issues it.
package queryfile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
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

// Files returns the query files of a context: its `queries` globs, relative to
// the directory of faultline.yaml, expanded, sorted, each once. A pattern that
// matches no file is returned as a config warning; a pattern that is not a
// valid glob is a configuration error.
func Files(cfg *config.Config, x *config.Context) (files []string, warnings []finding.Finding, err error) {
	fsys := os.DirFS(cfg.Dir)
	for _, e := range x.Queries {
		pattern := filepath.ToSlash(e.Value)
		if filepath.IsAbs(e.Value) {
			rel, err := filepath.Rel(cfg.Dir, e.Value)
			if err != nil || strings.HasPrefix(rel, "..") {
				return nil, nil, &config.Error{Pos: e.Pos, Msg: fmt.Sprintf("queries pattern %q is outside the directory of %s: write it relative to that directory", e.Value, config.FileName)}
			}
			pattern = filepath.ToSlash(rel)
		}
		pattern = strings.TrimPrefix(pattern, "./")
		if !doublestar.ValidatePattern(pattern) {
			return nil, nil, &config.Error{Pos: e.Pos, Msg: fmt.Sprintf("queries pattern %q is not a valid glob: use *, ** and [...] as in db/queries/%s/*.sql", e.Value, x.Name)}
		}
		matches, err := doublestar.Glob(fsys, pattern, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
		if err != nil {
			return nil, nil, fmt.Errorf("%s: listing the query files of %s: %w", e.Pos, x.Name, err)
		}
		if len(matches) == 0 {
			warnings = append(warnings, finding.Finding{
				Kind: finding.Config, Severity: finding.Warning,
				From: x.Name, Subject: "queries " + e.Value,
				File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column,
				Message: fmt.Sprintf("queries pattern %q of context %s matches no file", e.Value, x.Name),
				Fix:     fmt.Sprintf("correct the pattern (it is relative to the directory of %s) or remove it", config.FileName),
			})
		}
		for _, m := range matches {
			files = append(files, filepath.Join(cfg.Dir, filepath.FromSlash(m)))
		}
	}
	slices.Sort(files)
	return slices.Compact(files), warnings, nil
}

// Check reads the query files of every context and returns the findings of their
// statements, each judged by res as SQL that context issues, at its file:line:col
// in the .sql file (File is absolute). SQL that does not parse is a parse-error
// finding and the rest of the file goes on. A file listed by two contexts is
// judged for each. Findings an allow entry covers are returned with AllowedBy set.
func Check(cfg *config.Config, res *access.Resolver) ([]finding.Finding, error) {
	var out []finding.Finding
	for _, x := range cfg.Contexts {
		files, warnings, err := Files(cfg, x)
		if err != nil {
			return nil, err
		}
		out = append(out, warnings...)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("reading query file of %s: %w", x.Name, err)
			}
			out = append(out, CheckFile(res, x.Name, file, string(src))...)
		}
	}
	return finding.Sort(out), nil
}

// CheckFile judges the SQL of one query file, named file, as context from's.
func CheckFile(res *access.Resolver, from, file, src string) []finding.Finding {
	var out []finding.Finding
	for _, b := range Split(src) {
		object := b.Name
		if object == "" {
			object = filepath.Base(file)
		}
		stmts, err := analyze(b.Text, res.Catalog)
		for _, pe := range query.ParseErrors(err) {
			line, col := query.Position(src, b.Offset+pe.Offset)
			f := finding.Finding{
				Kind: finding.ParseError, Severity: finding.Warning,
				From: from, Subject: filepath.Base(file) + " " + object + ": " + pe.Message,
				File: file, Line: line, Column: col, Object: object,
				Message: fmt.Sprintf("query %s does not parse as PostgreSQL: %s; faultline cannot check what it touches", object, pe.Message),
				Fix:     "fix the SQL (or, if PostgreSQL accepts it, report the statement to faultline)",
			}
			res.Config.Allowed(&f)
			out = append(out, f)
		}
		for _, st := range stmts {
			line, col := query.Position(src, b.Offset+st.Offset)
			out = append(out, res.Check(from, st, access.Site{File: file, Line: line, Column: col, Object: object})...)
		}
	}
	return out
}

// analyze is query.Analyze that turns a parser panic into an error: no SQL may
// stop the check.
func analyze(sql string, cat query.Catalog) (stmts []query.Statement, err error) {
	defer func() {
		if r := recover(); r != nil {
			stmts, err = nil, &query.ParseError{Message: fmt.Sprint("the SQL parser failed: ", r)}
		}
	}()
	return query.Analyze(sql, cat)
}
