package report

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/faultline/faultline/graph"
)

// DefaultLayoutTimeout bounds a whole layout, every fallback included.
const DefaultLayoutTimeout = 60 * time.Second

// SVGOptions say how to lay a graph out.
type SVGOptions struct {
	DOT DOTOptions
	// Timeout bounds the whole layout; default DefaultLayoutTimeout.
	Timeout time.Duration
	// Engine forces the first Graphviz engine to try ("dot", "sfdp", "neato",
	// "fdp", "circo", "twopi", "nop2"); "" chooses by the size and shape of the
	// graph; "circle" draws without Graphviz.
	Engine string
}

// attempt is one way to lay the graph out.
type attempt struct {
	engine string
	// attrs are graph attributes added to the DOT source.
	attrs []string
	// labels keeps edge labels; fixed places the nodes on a circle ourselves
	// and has Graphviz only draw them (nop2, neato -n2), which takes linear time.
	labels, fixed bool
	// share is the part of the remaining time this attempt may take.
	share float64
}

// plan chooses the engines to try, in order. dot draws the clearest pictures
// but does not finish on cyclic graphs of a few hundred labelled nodes, so it is
// used for small graphs and for medium ones without cycles; sfdp (force-directed,
// multilevel) takes the rest. Last comes a circle drawn by nop2 (neato -n2),
// which cannot take long, so that a layout always ends within the time given.
func plan(g *graph.Graph, engine string) []attempt {
	n, m := len(g.Nodes), len(g.Edges)
	small := n <= 60 && m <= 300
	medium := n <= 400 && m <= 2500
	acyclic := len(graph.Components(g)) == 0
	sfdp := attempt{engine: "sfdp", attrs: []string{"overlap", "prism", "splines", "false"}, labels: m <= 500, share: 0.6}
	fixed := attempt{engine: "nop2", attrs: []string{"splines", "false"}, fixed: true, share: 1}
	dot := attempt{engine: "dot", labels: true, share: 0.5}
	var out []attempt
	switch {
	case engine != "" && engine != "dot" && engine != "sfdp" && engine != "nop2":
		out = []attempt{{engine: engine, labels: m <= 500, share: 0.5}, sfdp}
	case engine == "sfdp":
		out = []attempt{sfdp}
	case engine == "nop2":
	case engine == "dot" || small || acyclic && medium:
		out = []attempt{dot, sfdp}
	default:
		out = []attempt{sfdp}
	}
	return append(out, fixed)
}

// SVG lays g out with Graphviz and writes the SVG; it returns the engine that
// drew it. See Layout.
func SVG(ctx context.Context, w io.Writer, g *graph.Graph, opts SVGOptions) (string, error) {
	svg, engine, err := Layout(ctx, g, opts)
	if err != nil {
		return "", err
	}
	_, err = w.Write(svg)
	return engine, err
}

// Layout lays g out with Graphviz compiled to WebAssembly (go-graphviz, run by
// wazero: no system Graphviz) and returns the SVG and the engine that drew it.
// It never runs longer than opts.Timeout: each engine runs in a worker process
// (this program, started again; see ServeLayout) under a share of the time
// left (see plan) and is killed when it is up. When none finishes (or none can
// start), the nodes are drawn on a circle without Graphviz ("circle"), which
// takes linear time.
func Layout(ctx context.Context, g *graph.Graph, opts SVGOptions) ([]byte, string, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultLayoutTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()

	sources := map[[2]bool]string{} // DOT by (labels, fixed): attempts share them
	attempts := plan(g, opts.Engine)
	if opts.Engine == circleEngine {
		attempts = nil
	}
	for _, a := range attempts {
		key := [2]bool{a.labels && !opts.DOT.NoEdgeLabels, a.fixed}
		src, ok := sources[key]
		if !ok {
			dopts := opts.DOT
			dopts.NoEdgeLabels = !key[0]
			if a.fixed {
				dopts.Positions = circle(g)
			}
			src = DOTGraph(g, dopts).String()
			sources[key] = src
		}
		// Every attempt but the last leaves a fifth of the whole time to the
		// last one, nop2, which only draws.
		left := time.Until(deadline)
		if a.share < 1 {
			left -= timeout / 5
		}
		budget := time.Duration(float64(left) * a.share)
		svg, err := runLayout(ctx, budget, a.engine, withGraphAttrs(src, a.attrs))
		if err == nil {
			return svg, a.engine, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	// Every engine failed or ran out of time: draw without Graphviz.
	return circleSVG(g, opts.DOT), circleEngine, nil
}

// withGraphAttrs adds graph attributes (name, value pairs) to the DOT source
// of a graph that DOTGraph wrote: they go right after its opening brace.
func withGraphAttrs(src string, attrs []string) []byte {
	if len(attrs) == 0 {
		return []byte(src)
	}
	var b strings.Builder
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&b, "\n\t%s=%q;", attrs[i], attrs[i+1])
	}
	open := strings.IndexByte(src, '{') + 1
	return []byte(src[:open] + b.String() + src[open:])
}

// circle places the nodes on a circle in the order of the graph (by context at
// the finer levels), in points.
func circle(g *graph.Graph) map[string][2]float64 {
	n := len(g.Nodes)
	pos := make(map[string][2]float64, n)
	if n == 0 {
		return pos
	}
	// About 90 points of circumference per node.
	r := math.Max(150, 90*float64(n)/(2*math.Pi))
	for i, node := range g.Nodes {
		a := 2 * math.Pi * float64(i) / float64(n)
		pos[node.ID] = [2]float64{math.Round(r + r*math.Cos(a)), math.Round(r + r*math.Sin(a))}
	}
	return pos
}
