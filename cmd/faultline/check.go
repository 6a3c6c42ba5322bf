package main

import (
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/report"
)

func init() { commands["check"] = runCheckCommand }

func runCheckCommand(args []string) int {
	fs := flag.NewFlagSet("faultline check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		fs.PrintDefaults()
	}
	c := commonFlags(fs, "text", "json", "sarif", "github", "markdown")
	c.observedFlag()
	noBaseline := fs.Bool("no-baseline", false, "report every finding, ignoring faultline.baseline.yaml")
	newFromRev := fs.String("new-from-rev", "", "report only findings whose key does not occur at git revision `REV` (analyzed in a temporary worktree); the baseline is not used")
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	if !formatSet(fs) && os.Getenv("GITHUB_ACTIONS") == "true" {
		// Annotations on the pull request, where the user already looks.
		c.format = "github"
	}
	// --new-from-rev compares with a revision instead of the baseline.
	res, base, code := c.runCheckBaseline(patterns, !*noBaseline && *newFromRev == "")
	if res == nil {
		return code
	}
	wd, _ := c.workDir()
	revKnown := 0 // findings --new-from-rev lets through
	if *newFromRev != "" {
		rr := &revRun{c: c, patterns: patterns, rev: *newFromRev}
		fresh, code := rr.newSinceRev(res, res.Findings)
		if code != exitClean {
			return code
		}
		revKnown = len(res.Findings) - len(fresh)
		res.Findings = fresh
	}
	sum := summarize(res)
	sum.Known, sum.Stale = len(res.Known)+revKnown, res.Stale

	prefix := repoPrefix(res.Config.Dir)
	var p report.Printer
	switch c.format {
	case "json":
		p = report.JSONPrinter{}
	case "sarif":
		p = report.SARIFPrinter{Options: report.SARIFOptions{
			ToolVersion: version(), PathPrefix: prefix, Baseline: base != nil,
			AnchorFile: "faultline.yaml", AnchorLine: max(res.Config.SQL.DatabasePos.Line, 1),
		}}
	case "github":
		p = report.GitHubPrinter{Options: report.GitHubOptions{PathPrefix: prefix, Verbose: c.verbose}}
	case "markdown":
		p = report.MarkdownPrinter{Options: report.MarkdownOptions{LinkBase: report.GitHubLinkBase(os.Getenv), PathPrefix: prefix}}
	default:
		p = report.TextPrinter{Options: report.TextOptions{Dir: res.Config.Dir, Cwd: wd, Verbose: c.verbose}}
	}
	if code := c.print(p, &report.Run{Findings: res.Findings, Known: res.Known, Warnings: res.Warnings, Summary: sum, Notes: res.Notes}); code != exitClean {
		return code
	}
	for _, e := range res.LoadErrors {
		fmt.Fprintln(stderr, e)
	}
	if c.format == "text" && sum.New > 0 {
		fmt.Fprintf(stderr, "faultline: %d new findings (%d errors, %d warnings)%s\n", sum.New, sum.Errors, sum.Warn, knownNote(sum))
	}
	if c.format == "text" && sum.FixtureSQL > 0 && !c.tests {
		fmt.Fprintf(stderr, "faultline: %d findings of SQL run from test code (fixture work) not shown: see them with --tests\n", sum.FixtureSQL)
	}
	if sum.Stale > 0 {
		fmt.Fprintf(stderr, "faultline: %d baseline entries no longer occur: run `faultline baseline` to shrink %s\n", sum.Stale, baseline.FileName)
	}
	if res.LiveError != nil {
		fmt.Fprintf(stderr, "faultline: %v\nfaultline: the live database was not read; everything else was analyzed (above).\n", res.LiveError)
	}
	switch {
	case len(res.LoadErrors) > 0:
		fmt.Fprintln(stderr, "faultline: some packages could not be loaded or type-checked (above); the rest was analyzed. Fix them and run again.")
		return exitCannot
	case res.LiveError != nil:
		return exitCannot
	case sum.New > 0:
		return exitFindings
	}
	return exitClean
}

// loadBaseline reads faultline.baseline.yaml beside faultline.yaml; nil when there
// is none. On failure it has printed why and returns the exit status.
func (c *common) loadBaseline(cfg *config.Config) (*baseline.Baseline, int) {
	wd, _ := c.workDir()
	base, err := baseline.Load(cfg.Dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return nil, exitClean
	case err != nil:
		var es baseline.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				e.File = relPath(wd, e.File) // Load names the file by its full path
				fmt.Fprintln(stderr, e)
			}
		} else {
			fmt.Fprintln(stderr, "faultline:", err)
		}
		return nil, exitUsage
	}
	return base, exitClean
}

const checkUsage = `usage: faultline check [flags] [packages]

Runs every analysis: the Go packages (default ./...) under go vet, the query
files, the migrations and, with --db or sql.database, the live database. It
prints each finding as file:line:col: message [kind from->to], and exits 1 when
there is a finding that faultline.baseline.yaml, an allow entry or a
faultline:ignore comment does not cover (or a baseline entry that no longer
occurs), 2 on a usage or configuration error, 3 when the analysis could not
run, else 0. Warnings about faultline.yaml go to standard error and never
change the exit status.

Flags:
`

// formatSet reports whether --format was given on the command line.
func formatSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "format" })
	return set
}

// repoPrefix is the path from the repository root to dir, slash-separated with a
// trailing slash ("" at the root), so SARIF and GitHub annotations point at files
// as the repository names them.
func repoPrefix(dir string) string {
	root := os.Getenv("GITHUB_WORKSPACE")
	if root == "" {
		out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
		if err != nil {
			return ""
		}
		root = strings.TrimSpace(string(out))
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

func knownNote(sum report.Summary) string {
	if sum.Allowed == 0 && sum.Known == 0 {
		return ""
	}
	return fmt.Sprintf("; %d allowed and %d known let through", sum.Allowed, sum.Known)
}

// fails reports whether a finding fails the check: errors and warnings that no
// allow entry covers. Info findings never fail.
func fails(f finding.Finding) bool {
	return f.AllowedBy == "" && (f.Severity == finding.Error || f.Severity == finding.Warning)
}

// summarize counts a run's findings.
func summarize(res *check.Result) report.Summary {
	sum := report.Summary{
		ByKind:        map[string]int{},
		Packages:      res.Stats.Packages,
		Migrations:    res.Stats.Migrations,
		QueryFiles:    res.Stats.QueryFiles,
		DynamicSQL:    res.Stats.DynamicSQL,
		UnownedTables: res.Stats.UnownedTables,
		UnownedInCode: res.Stats.UnownedInCode,
		LiveCatalog:   res.Stats.LiveCatalog,
		FixtureSQL:    res.Stats.FixtureSQL,
	}
	for _, f := range res.Findings {
		if f.AllowedBy != "" {
			sum.Allowed++
			continue
		}
		sum.ByKind[string(f.Kind)]++
		switch f.Severity {
		case finding.Error:
			sum.Errors++
		case finding.Warning:
			sum.Warn++
		default:
			sum.Info++
		}
		if fails(f) {
			sum.New++
		}
	}
	sum.Findings = sum.New
	return sum
}
