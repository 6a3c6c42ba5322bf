package check

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/guard"
	"github.com/faultline/faultline/query"
)

// observed adds the statements the runtime guard recorded (--observed) as runtime
// evidence: runtime-cross-join for a statement spanning contexts, foreign-table
// for one reaching into another context's data, at the Go call site that ran it.
func (r *runner) observed() error {
	if r.opts.Observed == "" {
		return nil
	}
	f, err := os.Open(r.opts.Observed)
	if err != nil {
		return &Error{2, fmt.Errorf("--observed: %w", err)}
	}
	defer f.Close()
	obs, err := guard.ReadObservations(r.opts.Observed, f)
	if err != nil {
		return &Error{2, fmt.Errorf("--observed: %w", err)}
	}
	r.progress("judging %d observed statements", len(obs))
	fs := ObservedFindings(obs, r.resolver())
	for i := range fs {
		// The run's findings carry absolute paths until finish.
		if fs[i].File != "" && !filepath.IsAbs(fs[i].File) {
			fs[i].File = filepath.Join(r.res.Config.Dir, filepath.FromSlash(fs[i].File))
		}
	}
	r.res.Findings = MergeObserved(r.res.Findings, fs)
	return nil
}

// ObservedFindings judges recorded statements with the resolver, each as issued
// by the context that owns the recorded call site's package under the current
// configuration. Findings of one key at one call site are one finding, with
// their calls added up. Statements that are not queries or DML, or that do not
// parse, are left out, as in pg_stat_statements.
func ObservedFindings(obs []guard.Observation, res *access.Resolver) []finding.Finding {
	var out []finding.Finding
	index := map[string]int{}
	for _, o := range obs {
		from := ""
		if o.Package != "" {
			from = res.Config.PackageOwner(o.Package).Context
		}
		site := access.Site{File: o.File, Line: o.Line}
		if o.Function != "" {
			site.Object = guard.ShortName(o.Function)
		}
		if o.File == "" {
			site.Object = "observed: " + abbreviate(o.Statement, 60)
		}
		for _, st := range analyzeObserved(o.Statement, res.Catalog) {
			for _, f := range res.CheckRuntime(from, st, site) {
				k := f.Key() + "\x00" + f.Position()
				if i, ok := index[k]; ok {
					out[i].Calls += o.Calls
					continue
				}
				f.Calls = o.Calls
				index[k] = len(out)
				out = append(out, f)
			}
		}
	}
	for i := range out {
		out[i].Message += fmt.Sprintf(" (observed at run time: %d calls)", out[i].Calls)
	}
	return finding.Sort(out)
}

// MergeObserved adds observed findings to a run's findings. An observed finding
// of the same key, file and line as one found already (the static finding of the
// same statement) adds its calls to that one. One with the same kind, target
// and subject as a pg_stat_statements finding whose role maps to the same
// context, or to none, replaces it, keeping the database's counts: one coupling,
// now with its Go call site.
func MergeObserved(fs, observed []finding.Finding) []finding.Finding {
	for _, o := range observed {
		if i := slices.IndexFunc(fs, func(f finding.Finding) bool {
			return f.Key() == o.Key() && f.File == o.File && f.Line == o.Line
		}); i >= 0 {
			fs[i].Calls += o.Calls
			fs[i].Message += fmt.Sprintf(" (observed at run time: %d calls)", o.Calls)
			continue
		}
		if i := slices.IndexFunc(fs, func(f finding.Finding) bool {
			return strings.HasPrefix(f.Object, "pg_stat_statements") && f.File == "" &&
				f.Kind == o.Kind && f.To == o.To && f.Subject == o.Subject && (f.From == o.From || f.From == "")
		}); i >= 0 {
			p := fs[i]
			o.Message += "; in pg_stat_statements as " + p.Object
			o.Calls, o.TotalMillis = max(p.Calls, o.Calls), p.TotalMillis
			fs[i] = o
			continue
		}
		fs = append(fs, o)
	}
	return fs
}

// analyzeObserved resolves one recorded statement text: only queries and DML,
// and nothing of a text that panics the analyzer (a recording is untrusted).
func analyzeObserved(sql string, cat query.Catalog) (out []query.Statement) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	stmts, _ := query.Analyze(sql, cat)
	for _, st := range stmts {
		switch st.Command {
		case "select", "insert", "update", "delete", "merge", "copy":
			out = append(out, st)
		}
	}
	return out
}

// abbreviate shortens s to about n bytes, on one line.
func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
