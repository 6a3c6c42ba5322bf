package report

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/coupling"
)

var gitlabData = filepath.Join("..", "..", "shared", "data", "gitlab")

// gitlabInput reads GitLab's schema with one context per gitlab_schema (as
// schema/coupling's TestGitLab does: gitlab_shared is the shared kernel) and
// returns its findings as the input of a graph.
func gitlabInput(b *testing.B) graph.Input {
	b.Helper()
	dict, err := os.ReadFile(filepath.Join(gitlabData, "dictionary.tsv"))
	if err != nil {
		b.Skipf("GitLab's data set is not available: %v", err)
	}
	by := map[string][]string{}
	for i, line := range strings.Split(strings.TrimSpace(string(dict)), "\n") {
		f := strings.Split(line, "\t")
		if i > 0 && len(f) >= 2 {
			by[f[1]] = append(by[f[1]], f[0])
		}
	}
	var yaml strings.Builder
	yaml.WriteString("version: 1\ncontexts:\n")
	for _, gs := range slices.Sorted(func(yield func(string) bool) {
		for k := range by {
			if !yield(k) {
				return
			}
		}
	}) {
		slices.Sort(by[gs])
		if gs != "gitlab_shared" {
			fmt.Fprintf(&yaml, "  %s:\n    tables: [%s]\n", gs, strings.Join(by[gs], ", "))
		}
	}
	fmt.Fprintf(&yaml, "shared:\n  tables: [%s]\n", strings.Join(by["gitlab_shared"], ", "))
	file := filepath.Join(b.TempDir(), "faultline.yaml")
	if err := os.WriteFile(file, []byte(yaml.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		b.Fatal(err)
	}
	sql, err := os.ReadFile(filepath.Join(gitlabData, "structure.sql"))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	cat := schema.New()
	errs := cat.Apply("structure.sql", string(sql))
	errs = append(errs, cat.AnalyzeFunctions()...)
	fs := coupling.Check(cat, errs, cfg, nil)
	b.Logf("schema analysis: %d findings in %s (not part of the times below)", len(fs), time.Since(start).Round(time.Millisecond))
	return graph.Input{Config: cfg, Findings: fs}
}

// explore builds, ranks, lays out and writes the explorer of in at the given
// levels (the first one shown first), within the default layout timeout.
func explore(b *testing.B, in graph.Input, levels ...graph.Level) (engines []string) {
	in.Level = graph.LevelContext
	cg := graph.Build(in)
	r := graph.Rank(cg, graph.RankOptions{})
	var opts HTMLOptions
	var main *graph.Graph
	for _, level := range levels {
		in.Level = level
		g := cg
		if level != graph.LevelContext {
			g = graph.Build(in)
		}
		svg, engine, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}})
		if err != nil {
			b.Fatal(err)
		}
		engines = append(engines, fmt.Sprintf("%s: %d nodes, %d edges by %s", level, len(g.Nodes), len(g.Edges), engine))
		if main == nil {
			main, opts.SVG, opts.Engine = g, svg, engine
		} else {
			opts.Views = append(opts.Views, HTMLView{Graph: g, SVG: svg, Engine: engine})
		}
	}
	if err := HTML(io.Discard, main, r, opts); err != nil {
		b.Fatal(err)
	}
	return engines
}

// BenchmarkGitLabContextGraph is GitLab's context graph, from its findings to
// the HTML page with the drawing (goal: 5 s).
func BenchmarkGitLabContextGraph(b *testing.B) {
	in := gitlabInput(b)
	var engines []string
	for b.Loop() {
		engines = explore(b, in, graph.LevelContext)
	}
	b.Log(engines)
}

// BenchmarkGitLabTableExplorer is GitLab's table-level explorer: the table
// graph clustered by context, and the context graph it collapses into, laid
// out and written as one page (goal: 15 s).
func BenchmarkGitLabTableExplorer(b *testing.B) {
	in := gitlabInput(b)
	var engines []string
	for b.Loop() {
		engines = explore(b, in, graph.LevelTable, graph.LevelContext)
	}
	b.Log(engines)
}
