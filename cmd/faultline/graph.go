package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/churn"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/report"
)

func init() { commands["graph"] = runGraph }

func runGraph(args []string) int {
	fs := flag.NewFlagSet("faultline graph", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: faultline graph [flags] [packages]

Writes the coupling graph: an edge A -> B says context A depends on B, colored
by its hardest coupling (red: foreign keys, triggers, shared tables, foreign
writes; blue: SQL; grey: code) and dashed when allowed or baselined. svg and
html are drawn inside faultline (Graphviz compiled to WebAssembly: nothing to
install) within --layout-timeout; html is one self-contained page that explores
the graph at every level: click a context to focus it, collapse packages and
tables into contexts, filter by kind and layer; evidence links to file:line in
the repository of `+"`git remote`"+` when there is one, else relative to the page.

`)
		fs.PrintDefaults()
	}
	c := commonFlags(fs, "dot", "svg", "html", "json")
	level := fs.String("level", string(graph.LevelContext), "node `level`: context, package or table")
	focus := fs.String("focus", "", "show only `context`, its neighbours and the edges that touch it")
	timeout := fs.Duration("layout-timeout", report.DefaultLayoutTimeout, "bound on the Graphviz layout, fallbacks and every level of the html page included (svg, html)")
	var vf valueFlags
	vf.register(fs)
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	if !slices.Contains(graph.Levels, graph.Level(*level)) {
		fmt.Fprintf(stderr, "faultline graph: unknown --level %q: use context, package or table\n", *level)
		return exitUsage
	}
	res, code := c.runCheck(patterns)
	if res == nil {
		return code
	}
	v := measure(c, res, vf)
	g, code := buildGraph(res, graph.Level(*level), v)
	if g == nil {
		return code
	}
	r := rankGraph(g, v)
	if *focus != "" {
		f := g.Focus(*focus)
		if f == nil {
			return unknownFocus(g, *focus)
		}
		g = f
	}

	var p report.Printer
	switch c.format {
	case "json":
		p = report.GraphJSONPrinter{}
	case "svg":
		p = report.SVGPrinter{Options: report.SVGOptions{Timeout: *timeout}, Engine: func(engine string) {
			if c.verbose {
				fmt.Fprintf(stderr, "faultline graph: laid out by Graphviz %s\n", engine)
			}
		}}
	case "html":
		opts, code := explorer(c, res, g, r, v, vf.noGit, *focus, *timeout)
		if code != exitClean {
			return code
		}
		p = report.HTMLPrinter{Options: opts}
	default:
		p = report.DOTPrinter{}
	}
	if code := c.print(p, &report.Run{Graph: g, Ranking: r}); code != exitClean {
		return code
	}
	return loadErrors(res)
}

// unknownFocus says that --focus names no context.
func unknownFocus(g *graph.Graph, name string) int {
	var names []string
	for _, n := range g.Contexts {
		names = append(names, n.ID)
	}
	fmt.Fprintf(stderr, "faultline graph: --focus %s: no such context (the contexts are %s)\n", name, strings.Join(names, ", "))
	return exitUsage
}

// explorer draws the graph at every level for the HTML page, all within
// timeout; a level that cannot be drawn in time is in the page without a
// drawing. Evidence links into the repository's web pages when `git remote`
// names one (unless --no-git), else relative to where the page is written.
func explorer(c *common, res *check.Result, g *graph.Graph, r *graph.Ranking, v *churn.Result, noGit bool, focus string, timeout time.Duration) (report.HTMLOptions, int) {
	ctx, cancel := context.WithTimeout(ctxInterrupt(), timeout)
	defer cancel()
	var opts report.HTMLOptions
	for _, level := range graph.Levels {
		lg := g
		if level != g.Level {
			var code int
			if lg, code = buildGraph(res, level, v); lg == nil {
				return opts, code
			}
			if focus != "" {
				lg = lg.Focus(focus)
			}
		}
		deadline, _ := ctx.Deadline()
		svg, engine, err := report.Layout(ctx, lg, report.SVGOptions{DOT: report.DOTOptions{Ranking: r}, Timeout: time.Until(deadline)})
		if err != nil {
			fmt.Fprintf(stderr, "faultline graph: the %s level has no drawing: %v\n", level, err)
		} else if c.verbose {
			fmt.Fprintf(stderr, "faultline graph: %s level laid out by Graphviz %s\n", level, engine)
		}
		if level == g.Level {
			opts.SVG, opts.Engine = svg, engine
		} else {
			opts.Views = append(opts.Views, report.HTMLView{Graph: lg, SVG: svg, Engine: engine})
		}
	}
	opts.Links = sourceLinks(c, res, noGit)
	return opts, exitClean
}

// sourceLinks says where the page's evidence links to.
func sourceLinks(c *common, res *check.Result, noGit bool) *report.SourceLinks {
	root := res.Config.Dir
	if !noGit {
		if l := report.GitRemoteLinks(ctxInterrupt(), root); l != nil {
			return l
		}
	}
	pageDir, err := c.workDir()
	if err != nil {
		return nil
	}
	if c.output != "" && c.output != "-" {
		page := c.output
		if !filepath.IsAbs(page) {
			page = filepath.Join(pageDir, page)
		}
		pageDir = filepath.Dir(page)
	}
	return report.RelativeLinks(root, pageDir)
}
