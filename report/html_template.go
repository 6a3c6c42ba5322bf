package report

// htmlTemplate is the explorer page; htmlStyle and htmlScript are its style
// and script, inline so that the page loads nothing.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>` + htmlStyle + `</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p class="lead">{{len .Graph.Contexts}} bounded contexts, {{len .Pairs}} {{plural (len .Pairs) "dependency" "dependencies"}} between them, {{.Evidence}} pieces of evidence{{if .Cycles}}, {{.Cycles}} {{plural .Cycles "cycle" "cycles"}}{{end}}.{{if .First}} Extract <strong>{{.First}}</strong> first.{{end}}</p>

<h2 id="graph">Graph</h2>
<div class="toolbar" id="toolbar">
<div class="group" role="group" aria-label="Nodes"><span class="label">Nodes:</span>
{{range .Views}}<button type="button" data-view="{{.Level}}" aria-pressed="{{if eq .Level $.Level}}true{{else}}false{{end}}">{{if eq (print .Level) "context"}}contexts (collapsed){{else}}{{.Level}}s{{end}}</button>
{{end}}</div>
<div class="group" role="group" aria-label="Layers"><span class="label">Layers:</span>
{{range .Layers}}<label><input type="checkbox" data-layer="{{.}}" checked> {{.}}</label>
{{end}}</div>
<div class="group" role="group" aria-label="Kinds"><span class="label">Kinds:</span>
{{range .Families}}<label class="{{famclass .}}"><input type="checkbox" data-kind="{{.}}" checked> {{.}}</label>
{{end}}</div>
<div class="group"><button type="button" id="unfocus" hidden>clear focus</button> <span id="status" class="w">Click a context to focus it.</span></div>
</div>
<div class="explorer">
<div class="drawing">
{{range .Views}}<figure class="view" data-level="{{.Level}}"{{if ne .Level $.Level}} hidden{{end}}>
{{if .SVG}}{{.SVG}}{{else}}<div class="missing">The {{.Level}} graph could not be drawn in the time given; its evidence is below.</div>{{end}}
<figcaption>{{.Nodes}} {{plural .Nodes "node" "nodes"}}, {{.Edges}} {{plural .Edges "edge" "edges"}}{{if eq .Engine "circle"}}, drawn on a circle without Graphviz: every engine ran out of time{{else if .Engine}}, laid out by Graphviz {{.Engine}} (WebAssembly){{end}}.</figcaption>
</figure>
{{end}}
<div class="legend" id="legend"><strong>Legend</strong>
<span><i style="border-color: var(--hard)"></i>hard constraint: foreign key, trigger, shared table, foreign write, cross-context transaction</span>
<span><i style="border-color: var(--sql)"></i>SQL or schema</span>
<span><i style="border-color: var(--code)"></i>code</span>
<span><i style="border-top-style: dashed; border-color: #616161"></i>all allowed or baselined</span>
<span><b class="box first"></b>first candidate</span>
<span><b class="box hub"></b>hub</span>
<span>A → B: A depends on B; a label is the number of pieces of evidence (weight); a box around nodes is a context; a cylinder is a table.</span>
<span>Focus: the context's outbound edges in <em class="out">orange</em>, inbound in <em class="in">purple</em>, the rest greyed.</span>
</div>
</div>
<aside class="panels" id="panels">
<p id="nofocus">Click a context in the drawing or in the ranking to see what depends on it, what it depends on and its cut set, step by step.</p>
{{range .Panels}}<section class="panel" data-context="{{.Context}}" hidden>
<h3>{{.Context}}</h3>
{{with .Candidate}}<p>Rank {{.Rank}}, score {{num3 .Score}}, {{.Level}}. {{stable .Stability}}.</p><p class="why">{{.Explanation}}</p>{{end}}
<h4>Inbound: depends on {{.Context}}</h4>
{{if not .Inbound}}<p class="none">nothing</p>{{else}}<ul>{{range .Inbound}}<li data-from="{{.From}}" data-to="{{.To}}"><a href="#{{.ID}}" style="color: {{.Color}}">{{.From}}</a> — {{len .Evidence}}, weight {{num .Weight}}: {{.Summary}}</li>{{end}}</ul>{{end}}
<h4>Outbound: {{.Context}} depends on</h4>
{{if not .Outbound}}<p class="none">nothing</p>{{else}}<ul>{{range .Outbound}}<li data-from="{{.From}}" data-to="{{.To}}"><a href="#{{.ID}}" style="color: {{.Color}}">{{.To}}</a> — {{len .Evidence}}, weight {{num .Weight}}: {{.Summary}}</li>{{end}}</ul>{{end}}
{{with .Candidate}}<h4>Cut set</h4>{{template "cut" (cutArgs $.Links .)}}{{end}}
</section>
{{end}}</aside>
</div>

{{with .Ranking}}
<h2 id="ranking">Ranking</h2>
<p>score = value / (1 + cost / {{num .MaxCost}}), cost = inbound − split + {{$.Factor}} × (outbound + split); each place is checked against {{.Scenarios}} perturbations of the weights by ±50%.</p>
<table>
<thead><tr><th>Rank</th><th>Context</th><th>Score</th><th>Value</th><th>Cost</th><th>Inbound</th><th>Outbound</th><th>Level</th><th>Under ±50% weights</th></tr></thead>
<tbody>
{{range .Candidates}}<tr{{if eq .Rank 1}} class="first"{{end}}><td class="n">{{.Rank}}</td><td><a href="#{{anchor .Context}}" data-focus="{{.Context}}">{{.Context}}</a></td><td class="n">{{num3 .Score}}</td><td class="n">{{num .Value}}</td><td class="n">{{num .Cost}}</td><td class="n">{{side .Inbound}}</td><td class="n">{{side .Outbound}}</td><td>{{.Level}}</td><td>{{stable .Stability}}</td></tr>
{{end}}</tbody>
</table>

<h2 id="why">Why</h2>
<ol class="why">
{{range .Candidates}}<li id="{{anchor .Context}}" value="{{.Rank}}">{{.Explanation}}</li>
{{end}}</ol>

<h2 id="cut">Cut sets</h2>
{{range .Candidates}}<details{{if eq .Rank 1}} open{{end}}>
<summary>{{.Rank}}. {{.Context}} <span class="w">— {{len .Hard}} hard {{plural (len .Hard) "constraint" "constraints"}} into it</span></summary>
{{template "cut" (cutArgs $.Links .)}}
</details>
{{end}}
{{end}}

<h2 id="evidence">Evidence</h2>
<p>Every dependency between two contexts with the findings and references behind it; each position links to its source. An edge of the graph links here.</p>
{{range .Pairs}}<details id="{{.ID}}" data-from="{{.From}}" data-to="{{.To}}">
<summary><span style="color: {{.Color}}">{{.From}} → {{.To}}</span> <span class="w">— {{len .Evidence}} {{plural (len .Evidence) "piece" "pieces"}}{{if .Weight}}, weight {{num .Weight}}{{end}}: {{.Summary}}</span></summary>
<table>
<thead><tr><th>Kind</th><th>Where</th><th>What</th><th>Fix</th></tr></thead>
<tbody>
{{range .Evidence}}<tr data-family="{{.Family}}" data-layer="{{layer .Family}}"{{if .Excused}} class="excused"{{end}}><td><span class="{{famclass .Family}}">{{.Family}}</span></td><td class="pos">{{with url $.Links .File .Line}}<a href="{{.}}">{{end}}{{pos .}}{{if .File}}</a>{{end}}</td><td>{{.Subject}}{{with .Message}}<br>{{.}}{{end}}{{with .AllowedBy}}<br>allowed: {{.}}{{end}}{{if .Baselined}}<br>in the baseline{{end}}</td><td>{{.Fix}}</td></tr>
{{end}}</tbody>
</table>
</details>
{{end}}
</main>
<script type="application/json" id="fl-data">{{.Data}}</script>
<script>` + htmlScript + `</script>
</body>
</html>
{{define "cut"}}<ol class="steps">
{{range .C.Cut}}<li><strong>{{.Name}}</strong>{{if not .Items}} <span class="none">— nothing</span>{{else}}
<ul>{{range .Items}}
<li>{{template "item" (itemArgs $.L .)}}</li>{{end}}
</ul>{{end}}</li>
{{end}}</ol>{{end}}
{{define "item"}}{{with .I.Position}}{{with url $.L $.I.File $.I.Line}}<a class="pos" href="{{.}}">{{$.I.Position}}</a>{{else}}<span class="pos">{{.}}</span>{{end}}: {{end}}{{.I.Action}}{{with .I.Subject}}: <code>{{.}}</code>{{end}}{{if and .I.Kind (ne .I.Kind "config")}} <span class="kind">{{.I.Kind}}{{if or .I.From .I.To}} {{.I.From}}→{{.I.To}}{{end}}</span>{{end}}{{with .I.DDL}}<pre>{{.}}</pre>{{end}}{{end}}
`
