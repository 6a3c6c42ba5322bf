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
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/report"
	"github.com/faultline/faultline/suppress"
)

func init() { commands["check"] = runCheckCommand }

func runCheckCommand(args []string) int {
	fs := flag.NewFlagSet("faultline check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := commonFlags(fs, "text", "json", "sarif", "github", "markdown")
	c.observedFlag()
	noBaseline := fs.Bool("no-baseline", false, "report every finding, ignoring faultline.baseline.yaml")
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	var err error
	if !formatSet(fs) && os.Getenv("GITHUB_ACTIONS") == "true" {
		// Annotations on the pull request, where the user already looks.
		c.format = "github"
	}
	res, code := c.runCheck(patterns)
	if res == nil {
		return code
	}
	wd, _ := c.workDir()
	// Findings and baseline entries outside the packages asked for were not
	// looked for, so only a whole-project run may call a suppression unused or
	// a baseline entry stale.
	whole := len(patterns) == 0 || len(patterns) == 1 && patterns[0] == "./..." && wd == res.Config.Dir

	var extra []string
	if whole {
		if extra, err = suppress.ProjectFiles(res.Config, !c.noCode); err != nil {
			fmt.Fprintln(stderr, "faultline:", err)
			return exitCannot
		}
	}
	findings, problems, err := suppress.Filter(res.Config.Dir, res.Findings, extra)
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitCannot
	}
	findings = append(findings, problems...)

	var base *baseline.Baseline
	var known, stale []finding.Finding
	if !*noBaseline {
		base, err = baseline.Load(res.Config.Dir)
		switch {
		case errors.Is(err, iofs.ErrNotExist):
			base = nil
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
			return exitUsage
		}
		findings, known, stale = base.Apply(findings)
		if !whole {
			stale = nil
		}
		findings = append(findings, stale...)
	}
	res.Findings = finding.Sort(findings)
	sum := summarize(res)
	sum.Known, sum.Stale = len(known), len(stale)

	w, closeOut, err := c.outputWriter()
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitUsage
	}
	prefix := repoPrefix(res.Config.Dir)
	switch c.format {
	case "json":
		err = report.JSON(w, res.Findings, sum)
	case "sarif":
		err = report.SARIF(w, res.Findings, sum, report.SARIFOptions{
			ToolVersion: version(), PathPrefix: prefix, Baseline: base != nil, Known: known,
			AnchorFile: "faultline.yaml", AnchorLine: max(res.Config.SQL.DatabasePos.Line, 1),
		})
	case "github":
		err = report.GitHub(w, res.Findings, report.GitHubOptions{PathPrefix: prefix, Verbose: c.verbose})
	case "markdown":
		err = report.Markdown(w, res.Findings, sum, report.MarkdownOptions{LinkBase: report.GitHubLinkBase(os.Getenv), PathPrefix: prefix})
	default:
		err = report.Text(w, res.Findings, report.TextOptions{Dir: res.Config.Dir, Cwd: wd, Verbose: c.verbose})
		if err == nil && c.verbose {
			for _, n := range res.Notes {
				fmt.Fprintln(w, "note:", n)
			}
		}
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(stderr, "faultline: writing output:", err)
		return exitCannot
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
