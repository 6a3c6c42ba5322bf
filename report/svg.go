package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os/exec"
	"strings"
	"time"

	"github.com/faultline/faultline/graph"
)

// ErrNoGraphviz is returned when Graphviz is not installed.
var ErrNoGraphviz = errors.New("Graphviz is not installed (no `dot` on PATH): install it with `apt-get install graphviz` or `brew install graphviz`, or write --format dot and lay the graph out elsewhere")

// DefaultLayoutTimeout bounds a whole layout, every fallback included.
const DefaultLayoutTimeout = 60 * time.Second

// SVGOptions say how to lay a graph out.
type SVGOptions struct {
	DOT DOTOptions
	// Timeout bounds the whole layout; default DefaultLayoutTimeout.
	Timeout time.Duration
	// Engine forces the first Graphviz engine to try ("dot", "sfdp", "neato");
	// "" chooses by the size and shape of the graph.
	Engine string
}

// attempt is one way to lay the graph out.
type attempt struct {
	engine string
	args   []string
	// labels keeps edge labels; fixed places the nodes on a circle ourselves
	// and has neato only draw (-n2), which takes linear time.
	labels, fixed bool
	// share is the part of the remaining time this attempt may take.
	share float64
}

// plan chooses the engines to try, in order. dot draws the clearest pictures
// but does not finish on cyclic graphs of a few hundred labelled nodes, so it is
// used for small graphs and for medium ones without cycles; sfdp (force-directed,
// multilevel) takes the rest. Last comes a circle drawn by neato -n2, which
// cannot take long, so that a layout always ends within the time given.
func plan(g *graph.Graph, engine string) []attempt {
	n, m := len(g.Nodes), len(g.Edges)
	small := n <= 60 && m <= 300
	medium := n <= 400 && m <= 2500
	acyclic := len(graph.Components(g)) == 0
	sfdp := attempt{engine: "sfdp", args: []string{"-Goverlap=prism", "-Gsplines=false"}, labels: m <= 500, share: 0.6}
	fixed := attempt{engine: "neato", args: []string{"-n2", "-Gsplines=false"}, fixed: true, share: 1}
	dot := attempt{engine: "dot", labels: true, share: 0.5}
	var out []attempt
	switch {
	case engine != "" && engine != "dot" && engine != "sfdp":
		out = []attempt{{engine: engine, labels: m <= 500, share: 0.5}, sfdp}
	case engine == "sfdp":
		out = []attempt{sfdp}
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

// Layout lays g out with Graphviz and returns the SVG and the engine that drew
// it. It never runs longer than opts.Timeout: each engine runs under a share of
// the time left (see plan) and is killed when it is up, and the last fallback
// places the nodes itself. Without Graphviz it returns ErrNoGraphviz.
func Layout(ctx context.Context, g *graph.Graph, opts SVGOptions) ([]byte, string, error) {
	if _, err := exec.LookPath("dot"); err != nil {
		return nil, "", ErrNoGraphviz
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultLayoutTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()

	var failures []string
	sources := map[[2]bool][]byte{} // DOT by (labels, fixed): attempts share them
	for _, a := range plan(g, opts.Engine) {
		if _, err := exec.LookPath(a.engine); err != nil {
			failures = append(failures, a.engine+": not installed")
			continue
		}
		key := [2]bool{a.labels && !opts.DOT.NoEdgeLabels, a.fixed}
		src, ok := sources[key]
		if !ok {
			dopts := opts.DOT
			dopts.NoEdgeLabels = !key[0]
			if a.fixed {
				dopts.Positions = circle(g)
			}
			var buf bytes.Buffer
			if err := DOT(&buf, g, dopts); err != nil {
				return nil, "", err
			}
			src = buf.Bytes()
			sources[key] = src
		}
		budget := time.Duration(float64(time.Until(deadline)) * a.share)
		svg, err := runGraphviz(ctx, budget, a.engine, a.args, src)
		if err == nil {
			return svg, a.engine, nil
		}
		failures = append(failures, a.engine+": "+err.Error())
		if ctx.Err() != nil {
			break
		}
	}
	return nil, "", fmt.Errorf("Graphviz could not lay the graph out within %s: %s", timeout, strings.Join(failures, "; "))
}

// runGraphviz runs one engine on src for at most budget.
func runGraphviz(ctx context.Context, budget time.Duration, engine string, args []string, src []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	cmd := exec.CommandContext(ctx, engine, append(append([]string{}, args...), "-Tsvg")...)
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("did not finish within %s", budget.Round(time.Millisecond))
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	if !bytes.Contains(stdout.Bytes(), []byte("<svg")) {
		return nil, errors.New("no SVG in the output")
	}
	return stdout.Bytes(), nil
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
