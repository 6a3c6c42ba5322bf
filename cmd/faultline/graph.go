package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

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
html need Graphviz; html is one self-contained page with the ranking and the
evidence of every edge.

`)
		fs.PrintDefaults()
	}
	c := commonFlags(fs, "dot", "svg", "html", "json")
	level := fs.String("level", string(graph.LevelContext), "node `level`: context, package or table")
	focus := fs.String("focus", "", "show only `context`, its neighbours and the edges that touch it")
	timeout := fs.Duration("layout-timeout", report.DefaultLayoutTimeout, "bound on the Graphviz layout, fallbacks included (svg, html)")
	var vf valueFlags
	vf.register(fs)
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	var err error
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
			var names []string
			for _, n := range g.Contexts {
				names = append(names, n.ID)
			}
			fmt.Fprintf(stderr, "faultline graph: --focus %s: no such context (the contexts are %s)\n", *focus, strings.Join(names, ", "))
			return exitUsage
		}
		g = f
	}

	var out bytes.Buffer
	dopts := report.DOTOptions{Ranking: r}
	switch c.format {
	case "json":
		err = report.GraphJSON(&out, g, r)
	case "svg", "html":
		svg, engine, lerr := report.Layout(ctxInterrupt(), g, report.SVGOptions{DOT: dopts, Timeout: *timeout})
		switch {
		case lerr == nil && c.format == "svg":
			out.Write(svg)
		case lerr == nil:
			err = report.HTML(&out, g, r, report.HTMLOptions{SVG: svg, Engine: engine})
		case c.format == "html" && errors.Is(lerr, report.ErrNoGraphviz):
			// The page is still worth having: ranking, cut sets, evidence.
			fmt.Fprintln(stderr, "faultline graph: the page has no drawing:", lerr)
			err = report.HTML(&out, g, r, report.HTMLOptions{})
		default:
			fmt.Fprintln(stderr, "faultline graph:", lerr)
			return exitCannot
		}
		if c.verbose && lerr == nil {
			fmt.Fprintf(stderr, "faultline graph: laid out by Graphviz %s\n", engine)
		}
	default:
		err = report.DOT(&out, g, dopts)
	}
	if err != nil {
		fmt.Fprintln(stderr, "faultline graph:", err)
		return exitCannot
	}
	w, closeOut, err := c.outputWriter()
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitUsage
	}
	_, err = w.Write(out.Bytes())
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(stderr, "faultline: writing output:", err)
		return exitCannot
	}
	return loadErrors(res)
}
