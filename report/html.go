package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/faultline/faultline/graph"
)

// HTMLOptions say what goes into the HTML report besides the graph and ranking.
type HTMLOptions struct {
	// Title heads the page; default "faultline: where to cut the monolith".
	Title string
	// SVG is the drawn graph (Layout); without it the page says how to draw it.
	SVG []byte
	// Engine is the Graphviz engine that drew SVG, shown under it.
	Engine string
}

// HTML writes one self-contained page: the drawn graph inline, the ranking with
// its explanations, the cut set of every candidate (the first one open), and
// the evidence of every edge in collapsible sections that the edges of the
// graph link to. Nothing is loaded from the network: the SVG, the style and the
// script are in the page. The page is the same for the same input.
func HTML(w io.Writer, g *graph.Graph, r *graph.Ranking, opts HTMLOptions) error {
	if opts.Title == "" {
		opts.Title = "faultline: where to cut the monolith"
	}
	evidence := 0
	for _, e := range g.Edges {
		evidence += e.Count()
	}
	first := ""
	if r != nil && len(r.Candidates) > 0 {
		first = r.Candidates[0].Context
	}
	type edgeView struct {
		ID    string
		Edge  *graph.Edge
		Color string
		Title string
	}
	var edges []edgeView
	for i, e := range g.Edges {
		edges = append(edges, edgeView{
			ID: EvidenceAnchor(i), Edge: e, Color: EdgeColor(e),
			Title: fmt.Sprintf("%s → %s", e.From, e.To),
		})
	}
	cycles := 0
	if r != nil {
		cycles = len(r.Cycles)
	}
	data := map[string]any{
		"Title":    opts.Title,
		"Graph":    g,
		"Ranking":  r,
		"First":    first,
		"Edges":    edges,
		"Evidence": evidence,
		"Cycles":   cycles,
		"SVG":      template.HTML(cleanSVG(opts.SVG)),
		"Engine":   opts.Engine,
		"Factor":   rankNum(graph.OutboundFactor),
	}
	var buf bytes.Buffer
	if err := htmlPage.Execute(&buf, data); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var (
	svgProlog   = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)
	svgComments = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
)

// cleanSVG makes Graphviz's SVG fit inline in HTML: no XML declaration, no
// DOCTYPE (which names a DTD on the network), no comments.
func cleanSVG(svg []byte) string {
	s := string(svg)
	s = svgProlog.ReplaceAllString(s, "$1")
	s = svgComments.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

var htmlPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"num":    rankNum,
	"num3":   rankNum3,
	"side":   rankSide,
	"stable": rankStability,
	"anchor": ContextAnchor,
	"item":   rankItemLine,
	"summary": func(e *graph.Edge) string {
		return graph.EdgeSummary(e)
	},
	"pos": func(ev graph.Evidence) string { return ev.Position() },
	"famclass": func(family string) string {
		switch {
		case graph.Hard(family):
			return "kind hard"
		case !graph.Code(family):
			return "kind sql"
		}
		return "kind"
	},
	"plural": rankPlural,
}).Parse(htmlTemplate))

const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --hard: #c62828; --sql: #1565c0; --code: #616161; --first: #2e7d32; --line: #e0e0e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #212121; background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 16px 0 4px; }
.lead { color: #424242; margin: 0 0 16px; }
.lead strong { color: var(--first); }
table { border-collapse: collapse; width: 100%; background: white; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.first td { background: #e8f5e9; }
tr.first td:first-child { border-left: 4px solid var(--first); }
figure { margin: 0; background: white; border: 1px solid var(--line); padding: 8px; overflow: auto; }
figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: 13px; color: #616161; margin-top: 6px; }
.legend span { display: inline-block; margin-right: 16px; }
.legend i { display: inline-block; width: 28px; height: 0; vertical-align: middle; margin-right: 4px; border-top: 3px solid; }
ol.why li { margin: 6px 0; }
ol.why li:target { background: #fff8e1; }
details { background: white; border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; padding: 4px 10px; }
details[open] { padding-bottom: 10px; }
details:target { outline: 2px solid #ffb300; }
summary { cursor: pointer; font-weight: 600; }
summary .w { font-weight: normal; color: #616161; }
.steps li { margin: 4px 0; }
.steps ul { margin: 2px 0 8px; padding-left: 18px; }
.steps .none { color: #9e9e9e; }
code, pre, .pos { font-family: SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f5f5f5; padding: 6px 8px; margin: 4px 0; overflow-x: auto; }
.kind { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 8px; background: #eeeeee; white-space: nowrap; }
.kind.hard { background: #ffebee; color: var(--hard); }
.kind.sql { background: #e3f2fd; color: var(--sql); }
.excused { color: #757575; font-style: italic; }
.missing { padding: 24px; color: #616161; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="lead">{{len .Graph.Contexts}} bounded contexts, {{len .Graph.Edges}} {{plural (len .Graph.Edges) "dependency" "dependencies"}} between {{if eq (print .Graph.Level) "context"}}them{{else}}their {{.Graph.Level}}s{{end}}, {{.Evidence}} pieces of evidence{{if .Cycles}}, {{.Cycles}} {{plural .Cycles "cycle" "cycles"}}{{end}}.{{if .First}} Extract <strong>{{.First}}</strong> first.{{end}}</p>

{{with .Ranking}}
<h2 id="ranking">Ranking</h2>
<p>score = value / (1 + cost / {{num .MaxCost}}), cost = inbound + {{$.Factor}} × (outbound + split); each place is checked against {{.Scenarios}} perturbations of the weights by ±50%.</p>
<table>
<thead><tr><th>Rank</th><th>Context</th><th>Score</th><th>Value</th><th>Cost</th><th>Inbound</th><th>Outbound</th><th>Level</th><th>Under ±50% weights</th></tr></thead>
<tbody>
{{range .Candidates}}<tr{{if eq .Rank 1}} class="first"{{end}}><td class="n">{{.Rank}}</td><td><a href="#{{anchor .Context}}">{{.Context}}</a></td><td class="n">{{num3 .Score}}</td><td class="n">{{num .Value}}</td><td class="n">{{num .Cost}}</td><td class="n">{{side .Inbound}}</td><td class="n">{{side .Outbound}}</td><td>{{.Level}}</td><td>{{stable .Stability}}</td></tr>
{{end}}</tbody>
</table>
{{end}}

<h2 id="graph">Graph</h2>
<figure>
{{if .SVG}}{{.SVG}}{{else}}<div class="missing">The graph was not drawn: Graphviz is not installed (<code>apt-get install graphviz</code> or <code>brew install graphviz</code>).</div>{{end}}
<figcaption class="legend"><span><i style="border-color: var(--hard)"></i>hard constraint (foreign key, trigger, shared table, foreign write, cross-context transaction)</span><span><i style="border-color: var(--sql)"></i>SQL or schema</span><span><i style="border-color: var(--code)"></i>code</span><span><i style="border-top-style: dashed; border-color: #616161"></i>all allowed or baselined</span><span><i style="border-color: var(--first)"></i>first candidate</span>{{if .Engine}}<span>laid out by Graphviz {{.Engine}}</span>{{end}}</figcaption>
</figure>

{{with .Ranking}}
<h2 id="why">Why</h2>
<ol class="why">
{{range .Candidates}}<li id="{{anchor .Context}}" value="{{.Rank}}">{{.Explanation}}</li>
{{end}}</ol>

<h2 id="cut">Cut sets</h2>
{{range .Candidates}}<details{{if eq .Rank 1}} open{{end}}>
<summary>{{.Rank}}. {{.Context}} <span class="w">— {{len .Hard}} hard {{plural (len .Hard) "constraint" "constraints"}} into it</span></summary>
<ol class="steps">
{{range .Cut}}<li><strong>{{.Name}}</strong>{{if not .Items}} <span class="none">— nothing</span>{{else}}
<ul>{{range .Items}}
<li>{{with .Position}}<span class="pos">{{.}}</span>: {{end}}{{.Action}}{{with .Subject}}: <code>{{.}}</code>{{end}}{{if and .Kind (ne .Kind "config")}} <span class="kind">{{.Kind}}{{if or .From .To}} {{.From}}→{{.To}}{{end}}</span>{{end}}{{with .DDL}}<pre>{{.}}</pre>{{end}}</li>{{end}}
</ul>{{end}}</li>
{{end}}</ol>
</details>
{{end}}
{{end}}

<h2 id="evidence">Evidence</h2>
<p>Every dependency with the findings and references behind it. An edge of the graph links here.</p>
{{range .Edges}}<details id="{{.ID}}">
<summary><span style="color: {{.Color}}">{{.Title}}</span> <span class="w">— {{.Edge.Count}} {{plural .Edge.Count "piece" "pieces"}}, weight {{num .Edge.Weight}}: {{summary .Edge}}</span></summary>
<table>
<thead><tr><th>Kind</th><th>Where</th><th>What</th><th>Fix</th></tr></thead>
<tbody>
{{range .Edge.Evidence}}<tr{{if .Excused}} class="excused"{{end}}><td><span class="{{famclass .Family}}">{{.Family}}</span></td><td class="pos">{{pos .}}</td><td>{{.Subject}}{{with .Message}}<br>{{.}}{{end}}{{with .AllowedBy}}<br>allowed: {{.}}{{end}}{{if .Baselined}}<br>in the baseline{{end}}</td><td>{{.Fix}}</td></tr>
{{end}}</tbody>
</table>
</details>
{{end}}
</main>
<script>
// Open the evidence or cut set an anchor points at (a click on an edge of the graph).
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var el = id && document.getElementById(id);
  if (el && el.tagName === "DETAILS") { el.open = true; }
}
window.addEventListener("hashchange", openTarget);
openTarget();
</script>
</body>
</html>
`
