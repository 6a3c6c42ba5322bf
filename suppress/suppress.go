// Package suppress applies faultline:ignore comments: a finding the code or SQL says
// to let through, with a reason, stops failing the check, and a comment that lets
// nothing through is itself reported.
//
// In Go, on the reported line or on the comment lines directly above it:
//
//	rows, err := db.Query(ctx, q) //faultline:ignore foreign-table TICKET-31 until step 5
//
//	//faultline:ignore private,import TICKET-12: the facade moves in step 5
//	import "example.com/catalog/internal/coreproduct/repository"
//
// In SQL (migrations and query files), on the comment lines directly above a
// statement, which covers every finding inside it; or directly above (or at the end
// of) the reported line:
//
//	-- faultline:ignore foreign-key TICKET-12 until step 6
//	CREATE TABLE price_history (...);
//
// Rules:
//   - The kind is one of the finding kinds, several separated by commas, or `all`
//     (every kind, including kinds a later change brings to that line: prefer naming
//     them). faultline's reports on its own files (stale-allow, stale-baseline,
//     unused-ignore, config) cannot be suppressed.
//   - The reason is mandatory. A directive without a kind or a reason, or with an
//     unknown kind, suppresses nothing and is reported as an unused-ignore error
//     saying what is missing.
//   - "Directly above" means a run of comment lines with no blank line between it
//     and the code; a directive followed by a blank line covers nothing.
//   - A well-formed directive that suppresses nothing is reported as an
//     unused-ignore warning at the comment, one per kind it names in vain.
//
// Suppressed findings are kept, marked the way an allow entry marks them: AllowedBy
// holds "faultline:ignore at file:line: reason", so they never fail a check but stay
// visible in --verbose text and JSON output, and baselines leave them out.
package suppress

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/internal/safefile"
)

// IsSuppressed reports whether Filter marked f as suppressed by a comment.
func IsSuppressed(f finding.Finding) bool { return f.Excuse != nil && f.Excuse.By == finding.ByIgnore }

// Filter applies the faultline:ignore comments of the project in dir to findings,
// whose paths are relative to dir and slash-separated (as check.Result has them).
//
// It reads every Go and SQL file a finding points at, and the extra files (paths
// relative to dir or absolute: the project's Go files, migrations and query files,
// see ProjectFiles), each once. out has the findings in the order given, those a
// directive covers marked with AllowedBy (see IsSuppressed); a finding an allow
// entry already covers keeps its reason, and the directive counts as used. problems
// are unused-ignore findings for the malformed and the unused directives of every
// file read, sorted. Pass extra files only when the check covered the whole
// project: a directive in a file the check did not analyze would be reported as
// unused. Files that do not exist are skipped; other read errors are returned.
func Filter(dir string, findings []finding.Finding, files []string) (out, problems []finding.Finding, err error) {
	var order []string
	seen := map[string]bool{}
	add := func(rel string) {
		if rel != "" && !seen[rel] && isSource(rel) {
			seen[rel] = true
			order = append(order, rel)
		}
	}
	for _, f := range findings {
		if f.File != "" && Suppressible(f.Kind) {
			add(f.File)
		}
	}
	for _, f := range files {
		add(relative(dir, f))
	}

	directives := map[string][]Directive{}
	for _, rel := range order {
		name := filepath.FromSlash(rel)
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		src, err := safefile.Read(name)
		if err != nil {
			// A file that cannot be read holds no comment to honour, and the stage
			// that reads it for analysis (migrations, query files, go vet) reports
			// it: one unreadable file must not stop the run.
			continue
		}
		if ds := Parse(rel, src); len(ds) > 0 {
			directives[rel] = ds
		}
	}

	used := map[*Directive]map[finding.Kind]bool{}
	out = slices.Clone(findings)
	for i := range out {
		f := &out[i]
		ds := directives[f.File]
		for j := range ds {
			d := &ds[j]
			if !d.Covers(*f) {
				continue
			}
			if used[d] == nil {
				used[d] = map[finding.Kind]bool{}
			}
			used[d][f.Kind] = true
			if f.Excuse == nil {
				f.SetExcuse(finding.Excuse{By: finding.ByIgnore, Reason: d.Reason, File: d.File, Line: d.Line})
			}
		}
	}

	for _, rel := range order {
		for j := range directives[rel] {
			d := &directives[rel][j]
			if p, ok := problem(d, used[d]); ok {
				problems = append(problems, p)
			}
		}
	}
	return out, finding.Sort(problems), nil
}

// isSource reports whether a file can hold directives.
func isSource(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".go" || ext == ".sql"
}

// relative renders a path relative to dir, slash-separated, when it is below dir.
func relative(dir, name string) string {
	if !filepath.IsAbs(name) {
		return filepath.ToSlash(filepath.Clean(name))
	}
	if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(name)
}

// problem reports a malformed directive, or the kinds of a well-formed one that
// suppressed nothing.
func problem(d *Directive, used map[finding.Kind]bool) (finding.Finding, bool) {
	kinds := make([]string, len(d.Kinds))
	for i, k := range d.Kinds {
		kinds[i] = string(k)
	}
	named := strings.Join(kinds, ",")
	p := finding.Finding{
		Kind:    finding.UnusedIgnore,
		Subject: strings.TrimSpace(d.File + " faultline:ignore " + named),
		File:    d.File,
		Line:    d.Line,
		Column:  d.Column,
	}
	syntax := "//faultline:ignore <kind> <reason>"
	if strings.EqualFold(filepath.Ext(d.File), ".sql") {
		syntax = "-- faultline:ignore <kind> <reason>"
	}
	switch {
	case d.Problem != "":
		p.Severity = finding.Error
		p.Message = "faultline:ignore " + d.Problem + "; it suppresses nothing until then"
		p.Fix = "write it as " + syntax + ", or remove it"
		return p, true
	case d.First == 0:
		p.Severity = finding.Warning
		p.Message = fmt.Sprintf("faultline:ignore %s covers no line: a blank line or the end of the file follows it", named)
		p.Fix = "put it at the end of the line faultline reports, or on the comment lines directly above it"
		return p, true
	}
	var unused []string
	for _, k := range d.Kinds {
		if k == All && len(used) == 0 || k != All && !used[k] {
			unused = append(unused, string(k))
		}
	}
	if len(unused) == 0 {
		return p, false
	}
	where := fmt.Sprintf("line %d", d.First)
	if d.Last > d.First {
		where = fmt.Sprintf("lines %d-%d", d.First, d.Last)
	}
	what := strings.Join(unused, " or ") + " finding"
	if len(unused) == 1 && unused[0] == string(All) {
		what = "finding"
	}
	p.Severity = finding.Warning
	p.Message = fmt.Sprintf("faultline:ignore %s suppresses nothing: no %s on %s", strings.Join(unused, ","), what, where)
	p.Fix = "remove the comment (or the kinds it names in vain): the coupling it excused is gone"
	return p, true
}
