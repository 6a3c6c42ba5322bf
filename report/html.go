package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline/faultline/graph"
)

// HTMLOptions say what goes into the HTML report besides the graph and ranking.
type HTMLOptions struct {
	// Title heads the page; default "faultline: where to cut the monolith".
	Title string
	// SVG is the drawn graph (Layout); without it the page says it has none.
	SVG []byte
	// Engine is the Graphviz engine that drew SVG, shown under it.
	Engine string
	// Views are drawings of the same monolith at the other levels (package,
	// table): the explorer switches between them, the context level being the
	// others collapsed into their contexts.
	Views []HTMLView
	// Links say where evidence at file:line links to; nil: paths relative to
	// the module root.
	Links *SourceLinks
}

// HTMLView is the graph at one level and its drawing.
type HTMLView struct {
	Graph  *graph.Graph
	SVG    []byte
	Engine string
}

// HTML writes one self-contained page that explores the coupling: the drawing
// at each level given (click a context to focus it: its inbound and outbound
// dependencies and its cut set by step; collapse packages and tables into
// contexts; filter by kind and by layer), the ranking with its explanations and
// stability, the cut set of every candidate, and the evidence of every
// dependency between two contexts, each piece a link to its file:line. Nothing
// is loaded from the network: the SVG, the style, the data and the script are
// in the page. The page is the same for the same input.
func HTML(w io.Writer, g *graph.Graph, r *graph.Ranking, opts HTMLOptions) error {
	page := newHTMLPage(g, r, opts)
	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, page); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// htmlPage is what the template renders.
type htmlPage struct {
	Title    string
	Graph    *graph.Graph
	Ranking  *graph.Ranking
	First    string
	Level    graph.Level
	Views    []viewData
	Pairs    []*pairData
	Panels   []panelData
	Evidence int
	Cycles   int
	Factor   string
	Layers   []string
	Families []string
	Data     template.JS
	Links    *SourceLinks
}

// viewData is one drawing in the page.
type viewData struct {
	Level  graph.Level
	SVG    template.HTML
	Engine string
	Nodes  int
	Edges  int
}

// pairData is the dependency of one context on another, with its evidence
// gathered from the edges of every level.
type pairData struct {
	ID       string
	From, To string
	Color    string
	Weight   float64
	Summary  string
	Evidence []graph.Evidence
}

// panelData is what focusing a context shows.
type panelData struct {
	Context   string
	Candidate *graph.Candidate
	Inbound   []*pairData
	Outbound  []*pairData
}

// svgIDPrefix is put before the ids of a view's SVG, which would otherwise
// collide between the drawings of several levels.
func svgIDPrefix(level graph.Level) string { return "svg-" + string(level) + "-" }

func newHTMLPage(g *graph.Graph, r *graph.Ranking, opts HTMLOptions) *htmlPage {
	p := &htmlPage{
		Title: cmp.Or(opts.Title, "faultline: where to cut the monolith"),
		Graph: g, Ranking: r, Level: g.Level, Links: opts.Links,
		Factor: rankNum(graph.OutboundFactor),
	}
	if r != nil {
		p.Cycles = len(r.Cycles)
		if len(r.Candidates) > 0 {
			p.First = r.Candidates[0].Context
		}
	}
	all := append([]HTMLView{{Graph: g, SVG: opts.SVG, Engine: opts.Engine}}, opts.Views...)
	slices.SortStableFunc(all, func(a, b HTMLView) int {
		return slices.Index(graph.Levels, a.Graph.Level) - slices.Index(graph.Levels, b.Graph.Level)
	})
	all = slices.CompactFunc(all, func(a, b HTMLView) bool { return a.Graph.Level == b.Graph.Level })
	data := explorerData{Level: string(g.Level), Views: map[string]viewMap{}, Layers: map[string]string{}}
	for _, v := range all {
		p.Views = append(p.Views, viewData{
			Level: v.Graph.Level, SVG: template.HTML(cleanSVG(v.SVG, svgIDPrefix(v.Graph.Level))),
			Engine: v.Engine, Nodes: len(v.Graph.Nodes), Edges: len(v.Graph.Edges),
		})
		data.Views[string(v.Graph.Level)] = newViewMap(v.Graph)
	}
	p.Pairs = contextPairs(all)
	data.Pairs = map[string]string{}
	families := map[string]bool{}
	for _, pr := range p.Pairs {
		data.Pairs[pr.From+">"+pr.To] = pr.ID
		p.Evidence += len(pr.Evidence)
		for _, ev := range pr.Evidence {
			families[ev.Family] = true
		}
	}
	for f := range families {
		data.Layers[f] = FamilyLayer(f)
	}
	p.Families = sortedFamilies(families)
	for _, l := range Layers {
		if slices.Contains(slices.Collect(mapValues(data.Layers)), l) {
			p.Layers = append(p.Layers, l)
		}
	}
	data.Anchors = map[string]string{}
	for _, c := range g.Contexts {
		data.Anchors[ContextAnchor(c.ID)] = c.ID
		p.Panels = append(p.Panels, newPanel(c.ID, r, p.Pairs))
	}
	js, _ := json.Marshal(data) // maps of strings: cannot fail; <, > and & come out escaped
	p.Data = template.JS(js)
	return p
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// explorerData is what the page's script knows of the drawings.
type explorerData struct {
	// Level is the view shown first.
	Level string `json:"level"`
	// Views by level.
	Views map[string]viewMap `json:"views"`
	// Pairs maps "from>to" to the id of its evidence.
	Pairs map[string]string `json:"pairs"`
	// Layers maps a family to its layer.
	Layers map[string]string `json:"layers"`
	// Anchors maps a context's anchor to its name.
	Anchors map[string]string `json:"anchors"`
}

// viewMap maps the SVG ids of one drawing to what they stand for.
type viewMap struct {
	// Nodes maps a node's id to its context.
	Nodes map[string]string `json:"nodes"`
	// Edges maps an edge's id to [from context, to context, families...].
	Edges map[string][]string `json:"edges"`
}

func newViewMap(g *graph.Graph) viewMap {
	prefix := svgIDPrefix(g.Level)
	m := viewMap{Nodes: map[string]string{}, Edges: map[string][]string{}}
	for i, n := range g.Nodes {
		m.Nodes[prefix+NodeID(i)] = cmp.Or(n.Context, n.ID)
	}
	for i, e := range g.Edges {
		v := []string{cmp.Or(e.FromContext, e.From), cmp.Or(e.ToContext, e.To)}
		for _, f := range e.Families {
			v = append(v, f.Family)
		}
		m.Edges[prefix+EdgeID(i)] = v
	}
	return m
}

// contextPairs lists the dependencies between contexts: the edges of the
// context level when it is drawn, else the edges of the finest level grouped
// by the contexts of their ends.
func contextPairs(views []HTMLView) []*pairData {
	g := views[0].Graph
	var pairs []*pairData
	index := map[[2]string]*pairData{}
	seen := map[string]bool{}
	for _, e := range g.Edges {
		from, to := cmp.Or(e.FromContext, e.From), cmp.Or(e.ToContext, e.To)
		pr := index[[2]string{from, to}]
		if pr == nil {
			pr = &pairData{From: from, To: to}
			index[[2]string{from, to}] = pr
			pairs = append(pairs, pr)
		}
		if g.Level == graph.LevelContext {
			pr.Color, pr.Weight, pr.Summary = EdgeColor(e), e.Weight, graph.EdgeSummary(e)
		}
		for _, ev := range e.Evidence {
			key := fmt.Sprint(ev.Kind, ev.Family, ev.From, ev.To, ev.Subject, ev.Position(), ev.FromPackage, ev.ToPackage)
			if !seen[key] {
				seen[key] = true
				pr.Evidence = append(pr.Evidence, ev)
			}
		}
	}
	slices.SortFunc(pairs, func(a, b *pairData) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
	for i, pr := range pairs {
		pr.ID = EvidenceAnchor(i)
		if pr.Color == "" {
			e := &graph.Edge{From: pr.From, To: pr.To, Evidence: pr.Evidence}
			for _, ev := range pr.Evidence {
				if !slices.ContainsFunc(e.Families, func(f graph.FamilyCount) bool { return f.Family == ev.Family }) {
					e.Families = append(e.Families, graph.FamilyCount{Family: ev.Family})
				}
			}
			pr.Color, pr.Summary = EdgeColor(e), graph.EdgeSummary(e)
		}
	}
	return pairs
}

func newPanel(name string, r *graph.Ranking, pairs []*pairData) panelData {
	p := panelData{Context: name}
	if r != nil {
		for _, c := range r.Candidates {
			if c.Context == name {
				p.Candidate = c
			}
		}
	}
	for _, pr := range pairs {
		if pr.To == name {
			p.Inbound = append(p.Inbound, pr)
		}
		if pr.From == name {
			p.Outbound = append(p.Outbound, pr)
		}
	}
	return p
}

// Layers are where a coupling lives, as the explorer filters them.
var Layers = []string{"code", "SQL", "schema", "runtime"}

// FamilyLayer is the layer of a dependency family: code (imports, internals,
// API use, change coupling), runtime (statements seen in pg_stat_statements),
// schema (foreign keys, triggers, views, functions, sequences, shared tables)
// or SQL (statements in the code: reads, writes, joins, transactions).
func FamilyLayer(family string) string {
	switch {
	case graph.Code(family):
		return "code"
	case family == "runtime-cross-join":
		return "runtime"
	case family == "foreign-key", family == "trigger", family == "view", family == "function",
		family == "sequence", family == "shared-table":
		return "schema"
	}
	return "SQL"
}

// sortedFamilies orders families by layer, then by name.
func sortedFamilies(set map[string]bool) []string {
	var out []string
	for f := range set {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(slices.Index(Layers, FamilyLayer(a)), slices.Index(Layers, FamilyLayer(b))), cmp.Compare(a, b))
	})
	return out
}

var (
	svgProlog   = regexp.MustCompile(`(?s)^.*?(<svg[\s>])`)
	svgComments = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgIDs      = regexp.MustCompile(`\bid="`)
)

// cleanSVG makes Graphviz's SVG fit inline in HTML: no XML declaration, no
// DOCTYPE (which names a DTD on the network), no comments, and every id
// prefixed so that several drawings can share the page.
func cleanSVG(svg []byte, prefix string) string {
	s := string(svg)
	s = svgProlog.ReplaceAllString(s, "$1")
	s = svgComments.ReplaceAllString(s, "")
	s = svgIDs.ReplaceAllLiteralString(s, `id="`+prefix)
	return strings.TrimSpace(s)
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"num":    rankNum,
	"num3":   rankNum3,
	"side":   rankSide,
	"stable": rankStability,
	"anchor": ContextAnchor,
	"pos":    func(ev graph.Evidence) string { return ev.Position() },
	"layer":  FamilyLayer,
	"famclass": func(family string) string {
		switch {
		case graph.Hard(family):
			return "kind hard"
		case !graph.Code(family):
			return "kind sql"
		}
		return "kind"
	},
	"plural":   rankPlural,
	"url":      func(l *SourceLinks, file string, line int) string { return l.URL(file, line) },
	"cutArgs":  func(l *SourceLinks, c *graph.Candidate) cutArgs { return cutArgs{l, c} },
	"itemArgs": func(l *SourceLinks, i graph.CutItem) itemArgs { return itemArgs{l, i} },
}).Parse(htmlTemplate))

// cutArgs and itemArgs hand the links down to the templates of a cut set.
type cutArgs struct {
	L *SourceLinks
	C *graph.Candidate
}

type itemArgs struct {
	L *SourceLinks
	I graph.CutItem
}
