package report

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/faultline/faultline/graph"
)

// circleEngine names the drawing that needs no Graphviz at all.
const circleEngine = "circle"

// circleSVG draws g without Graphviz: the nodes on a circle (circle), the
// edges as straight arrows, in the colours, ids and links that DOT gives them.
// It takes time linear in the graph, so Layout ends with it when every
// Graphviz engine ran out of time.
func circleSVG(g *graph.Graph, opts DOTOptions) []byte {
	pos := circle(g)
	size := 300.0
	for _, p := range pos {
		size = math.Max(size, math.Max(p[0], p[1]))
	}
	const pad = 80
	var b strings.Builder
	fmt.Fprintf(&b, `<svg width="%.0fpt" height="%.0fpt" viewBox="%d %d %.0f %.0f" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`+"\n",
		size+2*pad, size+2*pad, -pad, -pad, size+2*pad, size+2*pad)
	b.WriteString(`<defs><marker id="fl_arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker></defs>` + "\n")
	b.WriteString(`<g id="graph0" class="graph">` + "\n")
	maxW := 0.0
	for _, e := range g.Edges {
		maxW = math.Max(maxW, e.Weight)
	}
	for i, e := range g.Edges {
		from, to := pos[e.From], pos[e.To]
		pen := 1.0
		if maxW > 0 {
			pen = 1 + 3*e.Weight/maxW
		}
		dash := ""
		if e.Excused() {
			dash = ` stroke-dasharray="5,2"`
		}
		title := fmt.Sprintf("%s -> %s: %s (weight %s)", e.From, e.To, graph.EdgeSummary(e), rankNum(e.Weight))
		fmt.Fprintf(&b, `<g id="%s" class="edge"><title>%s</title><a xlink:href="#%s" xlink:title="%s"><path fill="none" stroke="%s" stroke-width="%.1f"%s marker-end="url(#fl_arrow)" d="M%.0f,%.0fL%.0f,%.0f"/></a></g>`+"\n",
			EdgeID(i), html.EscapeString(e.From+"->"+e.To), EvidenceAnchor(i), html.EscapeString(title), EdgeColor(e), pen, dash, from[0], from[1], to[0], to[1])
	}
	for i, n := range g.Nodes {
		p := pos[n.ID]
		label := n.Label
		if label == "" {
			label = n.ID
		}
		w := 7*float64(len(label)) + 16
		fmt.Fprintf(&b, `<g id="%s" class="node"><title>%s</title><a xlink:href="#%s" xlink:title="%s"><rect x="%.0f" y="%.0f" width="%.0f" height="22" rx="4" fill="#fafafa" stroke="#424242"/><text text-anchor="middle" x="%.0f" y="%.0f" font-family="Helvetica,sans-Serif" font-size="11.00">%s</text></a></g>`+"\n",
			NodeID(i), html.EscapeString(n.ID), ContextAnchor(cmpOr(n.Context, n.ID)), html.EscapeString(n.ID), p[0]-w/2, p[1]-11, w, p[0], p[1]+4, html.EscapeString(label))
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
