// Package churn measures how often each bounded context changed in git, the
// value side of the extraction ranking.
package churn

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/internal/safefile"
)

// Defaults of Options.
const (
	DefaultSince    = "12 months"
	DefaultMaxFiles = 30
	DefaultTimeout  = 30 * time.Second
)

// Options say which history counts.
type Options struct {
	// Since is the start of the window: a git date ("2024-01-31", "12 months
	// ago") or a short span: "90d", "6w", "12m", "1y". Default DefaultSince.
	Since string
	// MaxFiles leaves out commits touching more files than this (mass renames,
	// reformatting, vendoring); default DefaultMaxFiles.
	MaxFiles int
	// Timeout bounds the git commands; default DefaultTimeout.
	Timeout time.Duration
}

// Value is a context's business value for ranking.
type Value struct {
	Context string `json:"context"`
	// Commits is the number of commits in the window touching the context's
	// packages, query files or the migrations of its tables.
	Commits int `json:"commits"`
	// Base is the value faultline.yaml gives the context (1 by default).
	Base float64 `json:"base"`
	// Value is Base × (1 + ln(1 + Commits)): Base for a context that did not
	// change (or without git), growing slowly with the change rate so that one
	// busy context does not drown every cost.
	Value float64 `json:"value"`
}

// Result is the value of every context.
type Result struct {
	// Values are by context name, for every context of the configuration.
	Values map[string]Value
	// Git says whether the history was read; when false, values are the
	// configured ones and Note says why.
	Git   bool
	Since string
	// Commits is how many commits the window held, Skipped how many of them
	// were left out for touching more than MaxFiles files.
	Commits, Skipped int
	Note             string
	// CoChanges are the pairs of contexts that commits changed together, with
	// those commits (abbreviated hashes, newest first), by pair.
	CoChanges []CoChange
}

// CoChange is a pair of contexts (A < B) and the commits that changed both.
type CoChange struct {
	A, B    string
	Commits []string
}

// Map returns the values by context, for graph.RankOptions.Values.
func (r *Result) Map() map[string]float64 {
	out := make(map[string]float64, len(r.Values))
	for k, v := range r.Values {
		out[k] = v.Value
	}
	return out
}

// Notes returns, by context, where its value came from, for the explanation.
func (r *Result) Notes() map[string]string {
	out := make(map[string]string, len(r.Values))
	for k, v := range r.Values {
		if !r.Git {
			out[k] = "configured"
			continue
		}
		commits := "commits"
		if v.Commits == 1 {
			commits = "commit"
		}
		note := fmt.Sprintf("%d %s since %s", v.Commits, commits, r.Since)
		if v.Base != 1 {
			note += ", base value " + strconv.FormatFloat(v.Base, 'f', -1, 64)
		}
		out[k] = note
	}
	return out
}

// Measure counts, for each context of cfg, the commits since opts.Since that
// touch its packages, its query files or the migrations that name its tables or
// columns. Without git, or outside a checkout, or when git fails, every context
// keeps its configured value and Note says why; Measure itself does not fail.
func Measure(ctx context.Context, cfg *config.Config, opts Options) *Result {
	since := since(opts.Since)
	res := &Result{Values: map[string]Value{}, Since: since}
	for _, x := range cfg.Contexts {
		base := x.Value
		if base <= 0 {
			base = 1
		}
		res.Values[x.Name] = Value{Context: x.Name, Base: base, Value: base}
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()

	if _, err := exec.LookPath("git"); err != nil {
		res.Note = "git is not installed: values are the configured ones"
		return res
	}
	top, err := gitOutput(ctx, cfg.Dir, "rev-parse", "--show-prefix")
	if err != nil {
		res.Note = "not a git checkout: values are the configured ones"
		return res
	}
	prefix := strings.TrimSpace(string(top))
	out, err := gitOutput(ctx, cfg.Dir, "-c", "core.quotePath=false", "log",
		"--since="+since, "--no-merges", "--no-renames", "--full-diff", "--name-only",
		"--format=%x1e%H", "--", ".")
	if err != nil {
		res.Note = fmt.Sprintf("git log failed (%v): values are the configured ones", err)
		return res
	}
	commits := parseLog(out)

	m := newMatcher(cfg, prefix)
	counts := map[string]int{}
	pairs := map[[2]string]*CoChange{}
	for _, c := range commits {
		res.Commits++
		if len(c.files) > opts.MaxFiles {
			res.Skipped++
			continue
		}
		touched := map[string]bool{}
		for _, f := range c.files {
			for _, x := range m.owners(f) {
				touched[x] = true
			}
		}
		names := make([]string, 0, len(touched))
		for x := range touched {
			counts[x]++
			names = append(names, x)
		}
		slices.Sort(names)
		for i, a := range names {
			for _, b := range names[i+1:] {
				k := [2]string{a, b}
				if pairs[k] == nil {
					pairs[k] = &CoChange{A: a, B: b}
				}
				pairs[k].Commits = append(pairs[k].Commits, short(c.hash))
			}
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(pairs), func(x, y [2]string) int {
		return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
	}) {
		res.CoChanges = append(res.CoChanges, *pairs[k])
	}
	res.Git = true
	for name, v := range res.Values {
		v.Commits = counts[name]
		v.Value = v.Base * (1 + math.Log1p(float64(v.Commits)))
		res.Values[name] = v
	}
	return res
}

// since turns a short span into git's words and passes anything else through.
func since(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultSince
	}
	if m := regexp.MustCompile(`^(\d+)\s*([dwmy])$`).FindStringSubmatch(s); m != nil {
		unit := map[string]string{"d": "days", "w": "weeks", "m": "months", "y": "years"}[m[2]]
		return m[1] + " " + unit + " ago"
	}
	if regexp.MustCompile(`^\d+ (day|week|month|year)s?$`).MatchString(s) {
		return s + " ago"
	}
	return s
}

func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("git %s: %w", args[0], ctx.Err())
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	return out, nil
}

// short abbreviates a commit hash to 12 characters.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

type commit struct {
	hash  string
	files []string
}

// parseLog splits `git log --format=%x1e%H --name-only` output into commits;
// blank lines and anything before the first record are ignored, and quoted
// paths are unquoted.
func parseLog(out []byte) []commit {
	var commits []commit
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		sc := bufio.NewScanner(bytes.NewReader(rec))
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		var c commit
		first := true
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if first {
				c.hash = strings.TrimSpace(line)
				first = false
				continue
			}
			if line == "" {
				continue
			}
			if strings.HasPrefix(line, `"`) {
				if u, err := strconv.Unquote(line); err == nil {
					line = u
				}
			}
			c.files = append(c.files, line)
		}
		if c.hash != "" {
			commits = append(commits, c)
		}
	}
	return commits
}

// matcher says which contexts a file (relative to the top of the checkout)
// belongs to.
type matcher struct {
	cfg    *config.Config
	prefix string // cfg.Dir relative to the top of the checkout, "" or "a/b/"
	// migrations maps a migration file (relative to cfg.Dir) to the contexts
	// whose tables or columns it names.
	migrations map[string][]string
}

func newMatcher(cfg *config.Config, prefix string) *matcher {
	m := &matcher{cfg: cfg, prefix: prefix, migrations: map[string][]string{}}
	type pattern struct {
		context string
		re      *regexp.Regexp
	}
	var pats []pattern
	for _, x := range cfg.Contexts {
		var words []string
		for _, e := range x.Tables {
			if t := tableName(e.Value); t != "" {
				words = append(words, regexp.QuoteMeta(t))
			}
		}
		for _, e := range x.Columns {
			parts := strings.Split(e.Value, ".")
			if len(parts) >= 2 {
				t, c := parts[len(parts)-2], parts[len(parts)-1]
				// A column counts where the table and the column are both named.
				words = append(words, `(?s:`+regexp.QuoteMeta(t)+`\b.*\b`+regexp.QuoteMeta(c)+`)`)
			}
		}
		if len(words) == 0 {
			continue
		}
		re := regexp.MustCompile(`(?i)\b(?:` + strings.Join(words, "|") + `)\b`)
		pats = append(pats, pattern{x.Name, re})
	}
	for _, e := range cfg.SQL.Migrations {
		root := filepath.Join(cfg.Dir, filepath.FromSlash(e.Value))
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(cfg.Dir, p)
			if err != nil {
				return nil
			}
			rel = filepath.ToSlash(rel)
			data, err := safefile.Read(p)
			if err != nil {
				return nil
			}
			text := d.Name() + "\n" + string(data)
			for _, pt := range pats {
				if pt.re.MatchString(text) && !slices.Contains(m.migrations[rel], pt.context) {
					m.migrations[rel] = append(m.migrations[rel], pt.context)
				}
			}
			return nil
		})
	}
	return m
}

// tableName is the table of a table entry, "" for a glob.
func tableName(entry string) string {
	if strings.ContainsAny(entry, "*?[") {
		return ""
	}
	if i := strings.LastIndex(entry, "."); i >= 0 {
		return entry[i+1:]
	}
	return entry
}

// owners returns the contexts a changed file counts for.
func (m *matcher) owners(file string) []string {
	if !strings.HasPrefix(file, m.prefix) {
		return nil
	}
	rel := file[len(m.prefix):]
	var out []string
	if ctxs, ok := m.migrations[rel]; ok {
		out = append(out, ctxs...)
	}
	for _, x := range m.cfg.Contexts {
		for _, q := range x.Queries {
			if ok, _ := path.Match(config.QueryFilePattern(q.Value), rel); ok && !slices.Contains(out, x.Name) {
				out = append(out, x.Name)
			}
		}
	}
	dir := path.Dir(rel)
	importPath := dir
	if p := m.cfg.PackagePrefix(); p != "" {
		importPath = p
		if dir != "." {
			importPath = p + "/" + dir
		}
	}
	// A Go file a context claims under `files` is that context's.
	o := m.cfg.PackageOwner(importPath)
	if strings.HasSuffix(rel, ".go") {
		o = m.cfg.ObjectOwner(importPath, rel)
	}
	if o.Context != "" && !slices.Contains(out, o.Context) {
		out = append(out, o.Context)
	}
	return out
}
