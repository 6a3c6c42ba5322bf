package main

import (
	"flag"
	"fmt"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/report"
)

func init() { commands["check"] = runCheckCommand }

func runCheckCommand(args []string) int {
	fs := flag.NewFlagSet("faultline check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := commonFlags(fs, "text", "json")
	patterns, err := c.parse(args)
	if err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		fmt.Fprintln(stderr, "faultline check:", err)
		return exitUsage
	}
	res, code := c.runCheck(patterns)
	if res == nil {
		return code
	}
	sum := summarize(res)
	w, closeOut, err := c.outputWriter()
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitUsage
	}
	wd, _ := c.workDir()
	switch c.format {
	case "json":
		err = report.JSON(w, res.Findings, sum)
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
	switch {
	case len(res.LoadErrors) > 0:
		fmt.Fprintln(stderr, "faultline: some packages could not be loaded or type-checked (above); the rest was analyzed. Fix them and run again.")
		return exitCannot
	case sum.New > 0:
		return exitFindings
	}
	return exitClean
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
		LiveCatalog:   res.Stats.LiveCatalog,
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
