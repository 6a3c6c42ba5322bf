package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/graph/graphtest"
)

func TestSVGCatalog(t *testing.T) {
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
	g := graph.Build(graphtest.Synthetic(300, 3000))
	const limit = 20 * time.Second
	start := time.Now()
	_, engine, err := Layout(context.Background(), g, SVGOptions{Engine: "dot", Timeout: limit})
	t.Logf("%s drew it after %s", engine, time.Since(start).Round(time.Millisecond))
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

// TestSVGFixedPositions draws the last fallback, nodes on a circle that nop2
// (neato -n2) only draws, on a dense graph: it must take little time.
func TestSVGFixedPositions(t *testing.T) {
	g := graph.Build(graphtest.Synthetic(500, 20000))
	var src bytes.Buffer
	if err := DOT(&src, g, DOTOptions{NoEdgeLabels: true, Positions: circle(g)}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	svg, err := runLayout(context.Background(), 30*time.Second, "nop2", withGraphAttrs(src.String(), []string{"splines", "false"}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte(`id="fl_node_499"`)) {
		t.Error("SVG without the last node")
	}
	t.Logf("neato -n2 drew 500 nodes and 20000 edges in %s", time.Since(start).Round(time.Millisecond))
}

// TestSVGWithoutGraphviz lays the catalog out with nothing on PATH: the
// drawing names every context.
func TestSVGWithoutGraphviz(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	g, r := catalogGraph(t, graph.LevelContext)
	svg, _, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Contexts {
		if !bytes.Contains(svg, []byte(">"+c.ID+"</text>")) {
			t.Errorf("the drawing does not name %s", c.ID)
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
	if got := engines(small, ""); got != "dot,sfdp,nop2" {
		t.Errorf("small graph: %s", got)
	}
	big := graph.Build(graphtest.Synthetic(300, 3000))
	if got := engines(big, ""); got != "sfdp,nop2" {
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
	if got := engines(graph.Build(in), ""); got != "dot,sfdp,nop2" {
		t.Errorf("medium acyclic graph: %s", got)
	}
	if got := engines(big, "dot"); got != "dot,sfdp,nop2" {
		t.Errorf("forced dot: %s", got)
	}
}

// geometry matches the attributes of an SVG that say where things are drawn:
// the golden files keep what is drawn, not where, so that they name the
// structure (nodes, edges, clusters, labels, colours, links) and survive a
// layout that moves by a point.
var geometry = regexp.MustCompile(` (x|y|d|points|transform|width|height|viewBox|cx|cy|rx|ry|x1|y1|x2|y2)="[^"]*"`)

// svgStructure is the SVG without its geometry, its comments (one names the
// Graphviz version) and the XML prolog.
func svgStructure(svg []byte) string {
	s := cleanSVG(svg, "")
	var out []string
	for _, line := range strings.Split(geometry.ReplaceAllString(s, ""), "\n") {
		out = append(out, strings.TrimRight(line, " "))
	}
	return strings.Join(out, "\n") + "\n"
}

// TestSVGGolden keeps the structure of the catalog's drawing at every level.
func TestSVGGolden(t *testing.T) {
	for _, level := range graph.Levels {
		g, r := catalogGraph(t, level)
		svg, engine, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}})
		if err != nil {
			t.Fatal(err)
		}
		if engine != "dot" {
			t.Errorf("%s: drawn by %s, want dot", level, engine)
		}
		golden(t, "catalog-"+string(level)+".svg.txt", []byte(svgStructure(svg)))
	}
}

// TestSVGCircle draws the catalog without Graphviz, as Layout does when every
// engine runs out of time: well-formed SVG naming every context, with the ids
// and links of the Graphviz drawing.
func TestSVGCircle(t *testing.T) {
	g, r := catalogGraph(t, graph.LevelContext)
	svg, engine, err := Layout(context.Background(), g, SVGOptions{Engine: "circle", DOT: DOTOptions{Ranking: r}})
	if err != nil || engine != "circle" {
		t.Fatalf("engine %s, err %v", engine, err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
	for _, c := range g.Contexts {
		if !bytes.Contains(svg, []byte(">"+c.ID+"</text>")) {
			t.Errorf("the drawing does not name %s", c.ID)
		}
	}
	for _, want := range []string{`id="fl_node_3" class="node"`, `xlink:href="#evidence-3"`, "#c62828"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %s", want)
		}
	}
}
