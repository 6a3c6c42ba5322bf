package guard

import (
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// Mode says what the guard does with a statement that breaks a rule.
type Mode int

const (
	// Fail returns a *Violation from the statement (or the commit) instead of
	// running it.
	Fail Mode = iota
	// Record never fails: it counts every statement by call site, for
	// RecordTo and `faultline check --observed`.
	Record
)

func (m Mode) String() string {
	if m == Record {
		return "record"
	}
	return "fail"
}

// maxCached bounds the statement and verdict caches: a program that builds SQL
// with its values inlined would otherwise grow them without end. Past the bound
// statements are still judged, only no longer remembered.
const maxCached = 20000

// Guard judges the SQL a program runs against faultline.yaml. It is safe for
// concurrent use.
type Guard struct {
	mode     Mode
	cfg      *config.Config
	resolver *access.Resolver
	// known holds the keys of faultline.baseline.yaml's entries.
	known map[string]bool

	frames frameCache

	mu       sync.RWMutex
	parsed   map[string]*parsed
	verdicts map[verdictKey]*verdict
	records  map[recordKey]*recordCount
	// missMu serializes cache misses, so one statement is parsed once and the
	// resolver is never used concurrently.
	missMu sync.Mutex

	vmu        sync.Mutex
	violations []*Violation
	out        io.Writer

	statements atomic.Int64
	unparsed   atomic.Int64
	dropped    atomic.Int64
}

// Open loads the configuration at configPath, the catalog its sql.migrations
// build and the baseline beside it (faultline.baseline.yaml, if there is one).
func Open(configPath string, mode Mode) (*Guard, error) {
	if mode != Fail && mode != Record {
		return nil, fmt.Errorf("guard: unknown mode %d", mode)
	}
	cfg, err := config.Load(configPath)
	if err != nil {
		return nil, fmt.Errorf("guard: %w", err)
	}
	res := &access.Resolver{Config: cfg}
	if len(cfg.SQL.Migrations) > 0 {
		cat, err := buildCatalog(cfg)
		if err != nil {
			return nil, err
		}
		res.Catalog = cat
	}
	g := &Guard{
		mode: mode, cfg: cfg, resolver: res, known: map[string]bool{},
		parsed: map[string]*parsed{}, verdicts: map[verdictKey]*verdict{}, records: map[recordKey]*recordCount{},
	}
	g.frames.init(cfg)
	b, err := baseline.Load(cfg.Dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("guard: %w", err)
	default:
		for _, e := range b.Entries {
			g.known[e.Key()] = true
		}
	}
	return g, nil
}

// Mode returns the mode the guard was opened in.
func (g *Guard) Mode() Mode { return g.mode }

// Stats counts what the guard has seen.
type Stats struct {
	// Statements is how many statements were judged.
	Statements int64
	// Unparsed is how many of them did not parse; they were let through.
	Unparsed int64
	// Violations is how many broke a rule (Fail mode).
	Violations int
	// Dropped is how many runs Record mode did not record: their (call site,
	// statement) came after the first 100,000 distinct ones.
	Dropped int64
}

// Stats returns the counts so far.
func (g *Guard) Stats() Stats {
	g.vmu.Lock()
	defer g.vmu.Unlock()
	return Stats{Statements: g.statements.Load(), Unparsed: g.unparsed.Load(), Violations: len(g.violations), Dropped: g.dropped.Load()}
}

// Violations returns the violations seen so far, in the order they happened.
// Through the pgx tracer, which cannot fail a query, this is the only place
// they show.
func (g *Guard) Violations() []*Violation {
	g.vmu.Lock()
	defer g.vmu.Unlock()
	return slices.Clone(g.violations)
}

func (g *Guard) keep(v *Violation) {
	g.vmu.Lock()
	g.violations = append(g.violations, v)
	g.vmu.Unlock()
}

// Violation is a statement or transaction that breaks a rule of faultline.yaml.
// Errors returned by the wrapped driver and kept by the tracer match it with
// errors.As.
type Violation struct {
	// From is the context of the code that ran the statement ("" when no context
	// owns it), To the first context it reached into; Findings has them all.
	From, To string
	// Tables are the tables involved, qualified and sorted.
	Tables []string
	// Statement is the SQL text (never its arguments).
	Statement string
	// Site is the Go call site the statement was attributed to; for a
	// transaction, where it began.
	Site Site
	// Findings are the findings `faultline check` would report, with Site's
	// file and line; none is covered by an allow entry or the baseline.
	Findings []finding.Finding
}

func (v *Violation) Error() string {
	f := v.Findings[0]
	var b strings.Builder
	b.WriteString("faultline guard: ")
	if v.Site.File != "" {
		fmt.Fprintf(&b, "%s:%d: ", v.Site.File, v.Site.Line)
	}
	fmt.Fprintf(&b, "%s [%s %s->%s]", f.Message, f.Kind, f.From, f.To)
	if n := len(v.Findings); n > 1 {
		fmt.Fprintf(&b, " (and %d more)", n-1)
	}
	return b.String()
}

// Site is a Go call site.
type Site struct {
	// Function is the full name, e.g. example.com/shop/internal/orders.(*Repo).Save.
	Function string
	// Package is the function's import path.
	Package string
	// File is relative to faultline.yaml's directory, slash-separated, when the
	// file is below it; otherwise as the binary records it.
	File string
	Line int
}

// buildCatalog applies sql.migrations as check does. Statements the catalog
// cannot apply are check's to report; the guard uses what they build.
func buildCatalog(cfg *config.Config) (*schema.Catalog, error) {
	var paths []string
	for _, e := range cfg.SQL.Migrations {
		paths = append(paths, e.Value)
	}
	scripts, _, err := migrations.Load(cfg.Dir, paths)
	if err != nil {
		return nil, fmt.Errorf("guard: loading migrations: %w", err)
	}
	cat, _ := schema.Build(scripts)
	return cat, nil
}
