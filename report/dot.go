package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/emicklei/dot"

	"github.com/faultline/faultline/graph"
)

// DOTOptions say how to draw a graph.
type DOTOptions struct {
	// Ranking, when set, puts each context's rank in its label and highlights
	// the first candidate.
	Ranking *graph.Ranking
	// NoEdgeLabels leaves the counts off the edges: a large graph lays out much
	// faster without them.
	NoEdgeLabels bool
	// Positions fixes node positions, in points, by node ID (for neato -n).
	Positions map[string][2]float64
}

// The colors of the edge families and of the highlighted candidate.
const (
	colorHard  = "#c62828" // hard constraints: foreign keys, triggers, shared tables, foreign writes
	colorSQL   = "#1565c0" // SQL and schema: reads, joins, views, functions, sequences
	colorCode  = "#616161" // code: imports, internals, API use
	colorFirst = "#2e7d32"
)

// EdgeColor is the color of an edge: red when it holds a hard constraint,
// blue when it holds SQL or schema couplings, grey for code alone.
func EdgeColor(e *graph.Edge) string {
	switch {
	case e.Hard():
		return colorHard
	case e.SQL():
		return colorSQL
	}
	return colorCode
}

// NodeID and EdgeID are the ids the drawn SVG gives a node and an edge, from
// their index in the graph (Graphviz would escape a hyphen).
func NodeID(i int) string { return "fl_node_" + strconv.Itoa(i) }
func EdgeID(i int) string { return "fl_edge_" + strconv.Itoa(i) }

// EvidenceAnchor is the anchor of an edge's evidence in the HTML report, which
// the edge links to.
func EvidenceAnchor(i int) string { return "evidence-" + strconv.Itoa(i) }

// ContextAnchor is the anchor of a context's explanation in the HTML report:
// "context-" and the name, with any byte other than a letter, digit, - or _
// written as .XX in hex, so that two names never share an anchor.
func ContextAnchor(name string) string {
	var b strings.Builder
	b.WriteString("context-")
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, ".%02X", c)
		}
	}
	return b.String()
}

// DOT writes g in Graphviz's language through github.com/emicklei/dot: a node
// per context, labelled with its name, package patterns, tables and columns
// (and rank); an edge per dependency, colored by its hardest family (EdgeColor),
// labelled with its number of pieces of evidence and weight, dashed when every
// piece is allowed or baselined; at the package and table levels, a cluster per
// context. The edges that break cycles (graph.BreakEdges) do not constrain the
// ranks, so dependents sit above what they depend on. The output is the same
// for the same graph.
func DOT(w io.Writer, g *graph.Graph, opts DOTOptions) error {
	_, err := io.WriteString(w, DOTGraph(g, opts).String())
	return err
}

// DOTGraph builds the DOT graph that DOT writes.
func DOTGraph(g *graph.Graph, opts DOTOptions) *dot.Graph {
	d := dot.NewGraph(dot.Directed)
	d.ID("faultline")
	title := "Dependencies between bounded contexts (A -> B: A depends on B)"
	if g.Level != graph.LevelContext {
		title = fmt.Sprintf("Dependencies between the %ss of bounded contexts (A -> B: A depends on B)", g.Level)
	}
	d.Attrs("label", title, "labelloc", "t", "fontname", "Helvetica", "fontsize", "14",
		"rankdir", "TB", "nodesep", "0.5", "ranksep", "0.8", "outputorder", "edgesfirst", "bgcolor", "white")

	rank := map[string]*graph.Candidate{}
	first := ""
	if opts.Ranking != nil {
		for _, c := range opts.Ranking.Candidates {
			rank[c.Context] = c
		}
		if len(opts.Ranking.Candidates) > 0 {
			first = opts.Ranking.Candidates[0].Context
		}
	}

	// Clusters, one per context, at the finer levels.
	clusters := map[string]*dot.Graph{}
	if g.Level != graph.LevelContext {
		for _, c := range g.Contexts {
			label := c.ID
			if rc := rank[c.ID]; rc != nil {
				label = fmt.Sprintf("%s (rank %d)", c.ID, rc.Rank)
			}
			sub := d.Subgraph(c.ID, dot.ClusterOption{})
			sub.Attrs("label", label, "fontname", "Helvetica", "fontsize", "12", "style", "rounded", "color", "#9e9e9e",
				"URL", "#"+ContextAnchor(c.ID))
			if c.ID == first {
				sub.Attrs("color", colorFirst, "penwidth", "2.5", "bgcolor", "#f1f8e9")
			}
			clusters[c.ID] = sub
		}
	}

	nodes := make(map[string]dot.Node, len(g.Nodes))
	for i, n := range g.Nodes {
		parent := d
		if sub := clusters[n.Context]; sub != nil {
			parent = sub
		}
		dn := parent.Node(n.ID)
		dn.Attrs("id", NodeID(i), "fontname", "Helvetica", "fontsize", "11", "shape", "box",
			"style", "rounded,filled", "fillcolor", "#fafafa", "color", "#424242")
		switch n.Kind {
		case graph.ContextNode:
			label, tooltip := n.ID, n.ID
			if counts := contextCounts(n); counts != "" {
				label += "\n" + counts
				tooltip += ": " + counts
			}
			if rc := rank[n.ID]; rc != nil {
				label += fmt.Sprintf("\nrank %d, score %s, %s", rc.Rank, rankNum3(rc.Score), rc.Level)
				tooltip = rc.Explanation
			}
			dn.Attrs("label", label, "tooltip", tooltip, "URL", "#"+ContextAnchor(n.ID))
			if rc := rank[n.ID]; rc != nil && rc.Level == "hub" {
				dn.Attrs("fillcolor", "#fff3e0")
			}
			if n.ID == first {
				dn.Attrs("style", "rounded,filled,bold", "fillcolor", "#e8f5e9", "color", colorFirst, "penwidth", "2.5")
			}
		case graph.TableNode:
			dn.Attrs("label", n.Label, "shape", "cylinder", "style", "filled", "fillcolor", "#e3f2fd", "tooltip", "table "+n.Label)
		case graph.RestNode:
			dn.Attrs("label", n.Label, "style", "rounded,dashed", "tooltip", n.Label)
		default:
			dn.Attrs("label", n.Label, "tooltip", "package "+n.Label)
		}
		if p, ok := opts.Positions[n.ID]; ok {
			dn.Attr("pos", dot.Literal(fmt.Sprintf(`"%s,%s!"`, strconv.FormatFloat(p[0], 'f', 1, 64), strconv.FormatFloat(p[1], 'f', 1, 64))))
		}
		nodes[n.ID] = dn
	}

	maxW := 0.0
	for _, e := range g.Edges {
		maxW = max(maxW, e.Weight)
	}
	// The lightest edges that break each cycle do not pull their ends into
	// ranks, so that dot lays out what depends on what from top to bottom.
	breaks := map[*graph.Edge]bool{}
	for _, comp := range graph.Components(g) {
		for _, e := range graph.BreakEdges(g, comp) {
			breaks[e] = true
		}
	}
	for i, e := range g.Edges {
		de := d.Edge(nodes[e.From], nodes[e.To])
		color := EdgeColor(e)
		pen := 1.0
		if maxW > 0 {
			pen = 1 + 3*e.Weight/maxW
		}
		de.Attrs("id", EdgeID(i), "color", color, "fontcolor", color, "fontname", "Helvetica", "fontsize", "10",
			"penwidth", strconv.FormatFloat(pen, 'f', 1, 64), "arrowsize", "0.7",
			"tooltip", fmt.Sprintf("%s -> %s: %s (weight %s)", e.From, e.To, graph.EdgeSummary(e), rankNum(e.Weight)),
			"URL", "#"+EvidenceAnchor(i))
		if !opts.NoEdgeLabels {
			de.Attr("label", fmt.Sprintf("%d (%s)", e.Count(), rankNum(e.Weight)))
		}
		if e.Excused() {
			de.Attr("style", "dashed")
		}
		if breaks[e] {
			de.Attr("constraint", "false")
		}
	}
	return d
}

// contextCounts says what a context holds: "1 package pattern, 1 table, 3 columns".
func contextCounts(n *graph.Node) string {
	plural := func(k int, noun string) string {
		if k == 1 {
			return "1 " + noun
		}
		return strconv.Itoa(k) + " " + noun + "s"
	}
	if len(n.Packages)+len(n.Tables)+len(n.Columns) == 0 {
		return ""
	}
	parts := []string{plural(len(n.Packages), "package pattern"), plural(len(n.Tables), "table")}
	if len(n.Columns) > 0 {
		parts = append(parts, plural(len(n.Columns), "column"))
	}
	return strings.Join(parts, ", ")
}
