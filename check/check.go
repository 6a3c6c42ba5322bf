// Package check runs every analysis faultline has over one project — the Go code
// under go vet, query files, migrations and a live database — and gathers the
// findings, so that check, rank, graph, baseline and init all see the same thing.
package check

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/suppress"
	"github.com/faultline/faultline/verdict"
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
	// Baseline, when set, lets the findings it records through (see Result.Known).
	Baseline *baseline.Baseline
}

// Result is everything one run found.
type Result struct {
	Config *config.Config
	// Findings are sorted, with file paths relative to Config.Dir and
	// slash-separated, judged once by the verdict stage: those an allow entry or
	// a faultline:ignore comment lets through carry their Excuse, those the
	// baseline knows are in Known instead, and stale entries are reported.
	Findings []finding.Finding
	// Known are the findings Options.Baseline lets through.
	Known []finding.Finding
	// Stale counts the baseline entries that no longer occur.
	Stale      int
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
	// Warnings are problems of faultline.yaml that do not stop the run (an
	// entry matching nothing): never findings, so they never fail a check.
	Warnings []config.Warning
	Stats    Stats
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
	if err := r.finish(); err != nil {
		return nil, err
	}
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

// finish makes paths relative, then has the verdict stage judge the complete
// findings of the run: allow entries, comments, the baseline, the cycles between
// contexts (which show only once every edge is known) and what is stale.
func (r *runner) finish() error {
	cfg := r.res.Config
	// A context's statements on its own columns of another context's table
	// are evidence of that table's split, not findings of their own.
	r.res.Findings = access.FoldSplitWork(r.res.Findings)
	r.warnings()
	for i := range r.res.Findings {
		f := &r.res.Findings[i]
		f.File = cfg.Rel(f.File)
		for j := range f.Statements {
			f.Statements[j].File = cfg.Rel(f.Statements[j].File)
		}
	}
	for i := range r.res.References {
		r.res.References[i].File = cfg.Rel(r.res.References[i].File)
	}
	sortReferences(r.res.References)
	whole := r.whole()
	var sources []string
	if whole {
		var err error
		if sources, err = suppress.ProjectFiles(cfg, !r.opts.NoCode); err != nil {
			return &Error{3, err}
		}
	}
	v, err := verdict.Apply(r.res.Findings, verdict.Options{
		Config: cfg, Sources: sources, Baseline: r.opts.Baseline, Whole: whole,
		Derive: func(judged []finding.Finding) []finding.Finding {
			return graph.Cycles(graph.Build(graph.Input{Config: cfg, Findings: judged, References: r.res.References}))
		},
	})
	if err != nil {
		return &Error{3, err}
	}
	r.res.Findings, r.res.Known, r.res.Stale = v.Findings, v.Known, v.Stale
	for _, f := range r.res.Findings {
		if f.Kind == finding.UnownedTable {
			r.res.Stats.UnownedTables++
		}
	}
	return nil
}

// whole reports whether the run covers the whole project, so that an allow entry,
// a comment or a baseline entry covering nothing is stale rather than unseen.
func (r *runner) whole() bool {
	p := r.opts.Patterns
	all := len(p) == 0 || len(p) == 1 && p[0] == "./..."
	return all && filepath.Clean(r.opts.Dir) == filepath.Clean(r.res.Config.Dir)
}

// warnings moves the analyses' remarks on faultline.yaml (kind config) out of
// the findings into Warnings, with the file relative to the configuration's
// directory.
func (r *runner) warnings() {
	kept := r.res.Findings[:0]
	for _, f := range r.res.Findings {
		if f.Kind != finding.Config {
			kept = append(kept, f)
			continue
		}
		r.res.Warnings = append(r.res.Warnings, config.Warning{
			File: r.res.Config.Rel(f.File), Line: f.Line, Column: f.Column, Message: f.Message, Fix: f.Fix,
		})
	}
	r.res.Findings = kept
	r.res.Warnings = config.SortWarnings(r.res.Warnings)
}
