package report

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/graph/graphtest"
)

// requireGraphviz skips the test without Graphviz, except in CI (CI=true),
// where Graphviz must be installed and its absence fails the test.
func requireGraphviz(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz is not installed; CI must install it (apt-get install graphviz)")
		}
		t.Skip("Graphviz is not installed (apt-get install graphviz)")
	}
}

func TestSVGCatalog(t *testing.T) {
	requireGraphviz(t)
	g, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	engine, err := SVG(context.Background(), &buf, g, SVGOptions{DOT: DOTOptions{Ranking: r}})
	if err != nil {
		t.Fatal(err)
	}
	if engine != "dot" {
		t.Errorf("engine %s, want dot for a small graph", engine)
	}
	svg := buf.String()
	// fl_node_3 is pricing; evidence-3 is pricing -> coreproduct, the heaviest edge.
	for _, want := range []string{"<svg", `id="fl_node_3"`, "pricing", `xlink:href="#evidence-3"`, "#c62828"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	again, _, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}})
	if err != nil || !bytes.Equal(again, buf.Bytes()) {
		t.Errorf("a second layout differs (err %v)", err)
	}
	for _, level := range []graph.Level{graph.LevelPackage, graph.LevelTable} {
		g, r := catalogGraph(t, level)
		if _, _, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}}); err != nil {
			t.Errorf("%s level: %v", level, err)
		}
	}
}

// TestSVGLargeCyclic lays out a generated monolith of 300 contexts that depend
// on each other in one big loop, which dot does not finish in minutes, within
// the time given.
func TestSVGLargeCyclic(t *testing.T) {
	requireGraphviz(t)
	g := graph.Build(graphtest.Synthetic(300, 3000))
	const limit = 45 * time.Second
	start := time.Now()
	svg, engine, err := Layout(context.Background(), g, SVGOptions{Timeout: limit})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if engine == "dot" {
		t.Errorf("dot chosen for a cyclic graph of 300 nodes")
	}
	if took > limit+5*time.Second {
		t.Errorf("took %s, more than the %s given", took, limit)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(`id="fl_node_299"`)) {
		t.Error("SVG without the last node")
	}
	t.Logf("%s laid out 300 nodes and 3000 edges in %s", engine, took.Round(time.Millisecond))
}

// TestSVGFallback forces dot on the large cyclic graph with little time: dot
// is killed when its share is up and a cheaper engine draws the graph, all
// within the timeout.
func TestSVGFallback(t *testing.T) {
	requireGraphviz(t)
	g := graph.Build(graphtest.Synthetic(300, 3000))
	const limit = 10 * time.Second
	start := time.Now()
	_, engine, err := Layout(context.Background(), g, SVGOptions{Engine: "dot", Timeout: limit})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if engine == "dot" {
		t.Errorf("dot finished a 300-node cyclic graph in %s: the fallback was not exercised", took)
	}
	if took > limit+3*time.Second {
		t.Errorf("took %s with a timeout of %s", took, limit)
	}
}

// TestSVGFixedPositions draws the last fallback, nodes on a circle that neato
// -n2 only draws, on a dense graph: it must take little time.
func TestSVGFixedPositions(t *testing.T) {
	requireGraphviz(t)
	g := graph.Build(graphtest.Synthetic(500, 20000))
	var src bytes.Buffer
	if err := DOT(&src, g, DOTOptions{NoEdgeLabels: true, Positions: circle(g)}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	svg, err := runGraphviz(context.Background(), 30*time.Second, "neato", []string{"-n2", "-Gsplines=false"}, src.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`id="fl_node_499"`)) {
		t.Error("SVG without the last node")
	}
	t.Logf("neato -n2 drew 500 nodes and 20000 edges in %s", time.Since(start).Round(time.Millisecond))
}

func TestSVGWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	g, _ := catalogGraph(t, graph.LevelContext)
	_, _, err := Layout(context.Background(), g, SVGOptions{})
	if !errors.Is(err, ErrNoGraphviz) {
		t.Fatalf("err = %v, want ErrNoGraphviz", err)
	}
	for _, want := range []string{"apt-get install graphviz", "brew install graphviz"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestPlan(t *testing.T) {
	engines := func(g *graph.Graph, force string) string {
		var out []string
		for _, a := range plan(g, force) {
			out = append(out, a.engine)
		}
		return strings.Join(out, ",")
	}
	small, _ := catalogGraph(t, graph.LevelContext)
	if got := engines(small, ""); got != "dot,sfdp,neato" {
		t.Errorf("small graph: %s", got)
	}
	big := graph.Build(graphtest.Synthetic(300, 3000))
	if got := engines(big, ""); got != "sfdp,neato" {
		t.Errorf("big cyclic graph: %s", got)
	}
	// A medium graph without cycles: every edge goes from a higher number to a
	// lower one.
	var in graph.Input
	for _, f := range graphtest.Synthetic(200, 800).Findings {
		if f.From > f.To {
			in.Findings = append(in.Findings, f)
		}
	}
	if got := engines(graph.Build(in), ""); got != "dot,sfdp,neato" {
		t.Errorf("medium acyclic graph: %s", got)
	}
	if got := engines(big, "dot"); got != "dot,sfdp,neato" {
		t.Errorf("forced dot: %s", got)
	}
}
