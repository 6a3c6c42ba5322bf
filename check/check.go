// Package check runs every analysis faultline has over one project — the Go code
// under go vet, query files, migrations and a live database — and gathers the
// findings, so that check, rank, graph, baseline and init all see the same thing.
package check

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/schema"
)

// Options say what to analyze.
type Options struct {
	// Dir is the directory to run in (-C); package patterns are relative to it.
	Dir string
	// Config is the loaded configuration; when nil, ConfigFile (or the
	// faultline.yaml found walking up from Dir) is loaded.
	Config     *config.Config
	ConfigFile string
	// Patterns are the Go packages to check; default ./...
	Patterns []string
	// DB is a live database DSN; it overrides sql.database.
	DB string
	// NoCode skips the Go code analysis: schema and database only.
	NoCode bool
	// Tests reports the findings of SQL run from test code, which are
	// otherwise only counted (Stats.FixtureSQL).
	Tests bool
	// Observed is a recording of the runtime guard (package guard) whose
	// statements count as runtime evidence; "" for none.
	Observed string
	// VetTool is the faultline binary go vet runs; default: this executable.
	VetTool                       string
	StatementTimeout, LockTimeout time.Duration
	// Progress, when not nil, receives one line per stage (for terminals).
	Progress io.Writer
}

// Result is everything one run found.
type Result struct {
	Config *config.Config
	// Findings are sorted, with file paths relative to Config.Dir and
	// slash-separated; the ones an allow entry covers carry AllowedBy.
	Findings   []finding.Finding
	References []finding.Reference
	// Catalog is the schema the migrations build, nil without migrations.
	Catalog *schema.Catalog
	// Notes are informational lines (shown with --verbose): SQL that is not
	// constant, a database without pg_stat_statements, and the like.
	Notes []string
	// LoadErrors are Go packages that could not be loaded or type-checked, as
	// file:line:col: message lines; the rest was analyzed. They make the command
	// exit 3 after printing what was found.
	LoadErrors []string
	// LiveError is why the live database could not be read, nil when it was
	// (or none was named); the findings of everything else are still there, and
	// the command exits 3 after printing them.
	LiveError error
	Stats     Stats
}

// Stats count what was analyzed.
type Stats struct {
	Packages      int `json:"packages"`
	Migrations    int `json:"migration_files"`
	QueryFiles    int `json:"query_files"`
	DynamicSQL    int `json:"dynamic_sql"`
	UnownedTables int `json:"unowned_tables"`
	// UnownedInCode counts, by table, the statements in Go code that touch a
	// table no context owns.
	UnownedInCode map[string]int `json:"unowned_in_code,omitempty"`
	LiveCatalog   bool           `json:"live_catalog"`
	// FixtureSQL counts the findings of SQL run from test code (fixture work).
	FixtureSQL int `json:"fixture_sql"`
}

// Error is a failure that decides the exit status: 2 for usage and configuration
// errors, 3 when the analysis could not run.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Run runs every analysis the configuration enables.
func Run(ctx context.Context, opts Options) (*Result, error) {
	cfg := opts.Config
	if cfg == nil {
		file := opts.ConfigFile
		if file == "" {
			var err error
			if file, err = config.Find(opts.Dir); err != nil {
				return nil, &Error{2, err}
			}
		}
		var err error
		if cfg, err = config.Load(file); err != nil {
			return nil, &Error{2, err}
		}
	}
	if opts.Dir == "" {
		opts.Dir = cfg.Dir
	}
	r := &runner{opts: opts, res: &Result{Config: cfg}}
	if err := r.schema(ctx); err != nil {
		return nil, err
	}
	if err := r.live(ctx); err != nil {
		return nil, err
	}
	if !opts.NoCode {
		if err := r.code(ctx); err != nil {
			return nil, err
		}
		if err := r.queryFiles(); err != nil {
			return nil, err
		}
	}
	if err := r.observed(); err != nil {
		return nil, err
	}
	r.finish()
	return r.res, nil
}

type runner struct {
	opts Options
	res  *Result
	// liveCatalog is the database's catalog when --db or sql.database names one.
	liveCatalog *schema.Catalog
	// bound are the named queries Go code runs ("file#name"), judged there.
	bound map[string]bool
}

func (r *runner) progress(format string, args ...any) {
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, "faultline: "+format+"\n", args...)
	}
}

func (r *runner) add(fs ...finding.Finding) { r.res.Findings = append(r.res.Findings, fs...) }

// finish adds what only the whole run can know, makes paths relative and sorts.
func (r *runner) finish() {
	cfg := r.res.Config
	// A context's statements on its own columns of another context's table
	// are evidence of that table's split, not findings of their own.
	r.res.Findings = access.FoldSplitWork(r.res.Findings)
	// Loops between contexts show only once every edge is known.
	r.add(graph.Cycles(graph.Build(graph.Input{Config: cfg, Findings: r.res.Findings, References: r.res.References}))...)
	r.add(cfg.StaleAllows()...)
	for i := range r.res.Findings {
		f := &r.res.Findings[i]
		f.File = r.relFile(f.File)
		for j := range f.Statements {
			f.Statements[j].File = r.relFile(f.Statements[j].File)
		}
		if f.Kind == finding.UnownedTable {
			r.res.Stats.UnownedTables++
		}
	}
	for i := range r.res.References {
		r.res.References[i].File = r.relFile(r.res.References[i].File)
	}
	r.res.Findings = finding.Sort(r.res.Findings)
	sortReferences(r.res.References)
}

// relFile renders an absolute path relative to the configuration's directory,
// slash-separated, so output does not depend on where the checkout lives.
func (r *runner) relFile(path string) string {
	if path == "" || !filepath.IsAbs(path) {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(r.res.Config.Dir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}
