package main

import (
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"time"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/churn"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/report"
)

func init() { commands["rank"] = runRank }

// valueFlags are the flags that say how a context's value is measured.
type valueFlags struct {
	since string
	noGit bool
}

func (v *valueFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&v.since, "since", churn.DefaultSince, "count commits since this `date` or span (12m, 90d, 1y, 2024-01-31) for a context's value")
	fs.BoolVar(&v.noGit, "no-git", false, "do not read the git history: a context's value is the one faultline.yaml gives (1 by default)")
}

func runRank(args []string) int {
	fs := flag.NewFlagSet("faultline rank", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: faultline rank [flags] [packages]

Ranks the bounded contexts for extraction, best first: a valuable leaf before a
hub. For each it says why, and for the first (each with --verbose) it lists the
cut set in the order of the extraction steps.

`)
		fs.PrintDefaults()
	}
	c := commonFlags(fs, "text", "json", "markdown")
	c.observedFlag()
	var vf valueFlags
	vf.register(fs)
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	res, code := c.runCheck(patterns)
	if res == nil {
		return code
	}
	v := measure(c, res, vf)
	g, code := buildGraph(res, graph.LevelContext, v)
	if g == nil {
		return code
	}
	r := rankGraph(g, v)

	var p report.Printer
	switch c.format {
	case "json":
		p = report.RankJSONPrinter{}
	case "markdown":
		p = report.RankMarkdownPrinter{Options: report.RankOptions{Verbose: c.verbose}}
	default:
		p = report.RankTextPrinter{Options: report.RankOptions{Verbose: c.verbose}}
	}
	if code := c.print(p, &report.Run{Graph: g, Ranking: r}); code != exitClean {
		return code
	}
	return loadErrors(res)
}

// buildGraph builds the graph of a check's findings and references at a
// level, marking the findings the baseline holds, with the commits that
// changed two contexts together when the history was read.
func buildGraph(res *check.Result, level graph.Level, v *churn.Result) (*graph.Graph, int) {
	in := graph.Input{Config: res.Config, Findings: res.Findings, References: res.References, Level: level}
	if v != nil {
		for _, cc := range v.CoChanges {
			in.CoChanges = append(in.CoChanges, graph.CoChange{A: cc.A, B: cc.B, Commits: cc.Commits})
		}
	}
	base, err := baseline.Load(res.Config.Dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
	case err != nil:
		fmt.Fprintln(stderr, "faultline:", err)
		return nil, exitUsage
	default:
		_, known, _ := base.Apply(res.Findings)
		held := map[string]int{}
		for _, f := range known {
			held[baselineKey(f)]++
		}
		in.Baselined = func(f finding.Finding) bool { return held[baselineKey(f)] > 0 }
	}
	return graph.Build(in), exitClean
}

func baselineKey(f finding.Finding) string { return f.Key() + "\x00" + f.Position() }

// measure reads the contexts' change rate from the git history, unless
// --no-git; with --verbose it says what it found on standard error.
func measure(c *common, res *check.Result, vf valueFlags) *churn.Result {
	if vf.noGit {
		return nil
	}
	v := churn.Measure(ctxInterrupt(), res.Config, churn.Options{Since: vf.since, Timeout: 30 * time.Second})
	if c.verbose {
		if v.Note != "" {
			fmt.Fprintln(stderr, "faultline: value:", v.Note)
		} else {
			fmt.Fprintf(stderr, "faultline: value: %d commits since %s, %d left out for touching more than %d files\n",
				v.Commits, v.Since, v.Skipped, churn.DefaultMaxFiles)
		}
	}
	return v
}

// rankGraph ranks the contexts of g, with the values v measured (nil: the
// configured ones).
func rankGraph(g *graph.Graph, v *churn.Result) *graph.Ranking {
	opts := graph.RankOptions{}
	if v != nil {
		opts.Values, opts.ValueNotes = v.Map(), v.Notes()
	}
	return graph.Rank(g, opts)
}

// loadErrors prints the packages that could not be loaded and returns the exit
// status: what was found is shown, but an incomplete analysis is not clean.
func loadErrors(res *check.Result) int {
	for _, e := range res.LoadErrors {
		fmt.Fprintln(stderr, e)
	}
	if len(res.LoadErrors) > 0 {
		fmt.Fprintln(stderr, "faultline: some packages could not be loaded or type-checked (above); the rest was analyzed. Fix them and run again.")
	}
	if res.LiveError != nil {
		fmt.Fprintf(stderr, "faultline: %v\nfaultline: the live database was not read; everything else was analyzed.\n", res.LiveError)
	}
	if len(res.LoadErrors) > 0 || res.LiveError != nil {
		return exitCannot
	}
	return exitClean
}
