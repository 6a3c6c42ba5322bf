package report

import (
	"encoding/json"
	"io"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
)

// graphJSON is the shape GraphJSON writes.
type graphJSON struct {
	Level   graph.Level        `json:"level"`
	Weights map[string]float64 `json:"weights"`
	// Contexts are given apart from Nodes at the finer levels only.
	Contexts []*graph.Node       `json:"contexts,omitempty"`
	Nodes    []*graph.Node       `json:"nodes"`
	Edges    []*graph.Edge       `json:"edges"`
	Clients  []finding.Reference `json:"clients"`
	Cycles   []cycleJSON         `json:"cycles"`
	Ranking  []rankSummaryJSON   `json:"ranking,omitempty"`
}

type cycleJSON struct {
	Contexts []string        `json:"contexts"`
	Break    []graph.EdgeRef `json:"break"`
}

type rankSummaryJSON struct {
	Context string  `json:"context"`
	Rank    int     `json:"rank"`
	Score   float64 `json:"score"`
	Level   string  `json:"level"`
}

// GraphJSON writes g as one JSON object: {"level", "weights", "nodes", "edges"
// (each with its families, weight and evidence), "clients" (references from
// code in no context), "cycles" (each with the edges that break it), and, with
// a ranking, "ranking"}. Cycles are found at the context level.
func GraphJSON(w io.Writer, g *graph.Graph, r *graph.Ranking) error {
	out := graphJSON{
		Level: g.Level, Weights: g.Weights, Nodes: g.Nodes, Edges: g.Edges,
		Clients: g.Clients, Cycles: []cycleJSON{},
	}
	if out.Nodes == nil {
		out.Nodes = []*graph.Node{}
	}
	if out.Edges == nil {
		out.Edges = []*graph.Edge{}
	}
	if out.Clients == nil {
		out.Clients = []finding.Reference{}
	}
	if g.Level != graph.LevelContext {
		out.Contexts = g.Contexts
	}
	cg := g.AtLevel(graph.LevelContext)
	for _, comp := range graph.Components(cg) {
		c := cycleJSON{Contexts: comp, Break: []graph.EdgeRef{}}
		for _, e := range graph.BreakEdges(cg, comp) {
			c.Break = append(c.Break, graph.EdgeRef{From: e.From, To: e.To, Weight: e.Weight, Summary: graph.EdgeSummary(e)})
		}
		out.Cycles = append(out.Cycles, c)
	}
	if r != nil {
		for _, c := range r.Candidates {
			out.Ranking = append(out.Ranking, rankSummaryJSON{c.Context, c.Rank, c.Score, c.Level})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
