// Package graph builds the one directed graph of who depends on whom across
// bounded contexts from the findings and references, finds its cycles, ranks the
// contexts for extraction and lists the cut set of each.
package graph

import (
	"cmp"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// Level is how fine the nodes of a graph are.
type Level string

const (
	// LevelContext has one node per bounded context; ranking works on it.
	LevelContext Level = "context"
	// LevelPackage has a node per Go package (and query directory) on the side
	// of the code, clustered by context.
	LevelPackage Level = "package"
	// LevelTable has a node per table, clustered by context.
	LevelTable Level = "table"
)

// Levels lists the levels, coarsest first.
var Levels = []Level{LevelContext, LevelPackage, LevelTable}

// NodeKind says what a node stands for.
type NodeKind string

const (
	ContextNode NodeKind = "context"
	PackageNode NodeKind = "package"
	TableNode   NodeKind = "table"
	// RestNode stands, at a finer level, for the part of a context that the
	// evidence does not place more precisely: its schema at the package level,
	// its code at the table level.
	RestNode NodeKind = "rest"
)

// Node is a context, or at finer levels a package, table or rest of a context.
type Node struct {
	ID      string   `json:"id"`
	Kind    NodeKind `json:"kind"`
	Context string   `json:"context"`
	Label   string   `json:"label"`
	// For context nodes, what faultline.yaml gives the context: package
	// patterns, tables, columns of other contexts' tables, business value.
	Packages []string `json:"packages,omitempty"`
	Tables   []string `json:"tables,omitempty"`
	Columns  []string `json:"columns,omitempty"`
	Value    float64  `json:"value,omitempty"`
}

// Evidence is one finding or reference behind an edge.
type Evidence struct {
	Family  string         `json:"family"`
	Kind    string         `json:"kind"` // the finding kind, or "reference"
	From    string         `json:"from"`
	To      string         `json:"to"`
	Subject string         `json:"subject"`
	File    string         `json:"file,omitempty"`
	Line    int            `json:"line,omitempty"`
	Column  int            `json:"column,omitempty"`
	Object  string         `json:"object,omitempty"`
	Message string         `json:"message,omitempty"`
	Fix     string         `json:"fix,omitempty"`
	Access  finding.Access `json:"access,omitempty"`
	Tables  []string       `json:"tables,omitempty"`
	Columns []string       `json:"columns,omitempty"`
	// FromPackage and ToPackage are set for references.
	FromPackage string `json:"from_package,omitempty"`
	ToPackage   string `json:"to_package,omitempty"`
	// AllowedBy is the reason of the allow entry covering the finding;
	// Baselined says the baseline holds it. Either way it is still a
	// dependency to cut, and the graph draws it dashed.
	AllowedBy string `json:"allowed_by,omitempty"`
	Baselined bool   `json:"baselined,omitempty"`
	// Statements are a shared-table finding's statements: the split's work.
	Statements []finding.Statement `json:"statements,omitempty"`
	// Calls is, for evidence seen in pg_stat_statements, how often the
	// statement ran; rank weighs it by the logarithm of that (Pieces).
	Calls int64 `json:"calls,omitempty"`
}

// Pieces is how much one piece of evidence counts toward its family's weight:
// 1, or for a statement seen in pg_stat_statements 1 + log10(calls), so that a
// join run a million times a day counts as 7 joins run once, not as one.
func (e Evidence) Pieces() float64 {
	if e.Calls <= 1 {
		return 1
	}
	return 1 + math.Log10(float64(e.Calls))
}

// Position renders file:line:col, or the catalog object when there is no file.
func (e Evidence) Position() string {
	return finding.Finding{File: e.File, Line: e.Line, Column: e.Column, Object: e.Object}.Position()
}

// Excused reports whether an allow entry or the baseline covers the evidence.
func (e Evidence) Excused() bool { return e.AllowedBy != "" || e.Baselined }

// FamilyCount is how many pieces of evidence of one family an edge has, and
// what they weigh together: weight × (1 + ln count).
type FamilyCount struct {
	Family string  `json:"family"`
	Count  int     `json:"count"`
	Weight float64 `json:"weight"`
}

// Edge is a dependency: From depends on To. At the context level From and To
// are context names; at finer levels they are node IDs, and FromContext and
// ToContext the contexts of the two ends.
type Edge struct {
	From        string        `json:"from"`
	To          string        `json:"to"`
	FromContext string        `json:"from_context"`
	ToContext   string        `json:"to_context"`
	Weight      float64       `json:"weight"`
	Families    []FamilyCount `json:"families"`
	Evidence    []Evidence    `json:"evidence"`
}

// Count is the number of pieces of evidence.
func (e *Edge) Count() int { return len(e.Evidence) }

// Excused reports whether every piece of evidence is allowed or baselined.
func (e *Edge) Excused() bool {
	for _, ev := range e.Evidence {
		if !ev.Excused() {
			return false
		}
	}
	return len(e.Evidence) > 0
}

// Hard reports whether the edge holds a hard constraint (Hard).
func (e *Edge) Hard() bool {
	return slices.ContainsFunc(e.Families, func(f FamilyCount) bool { return Hard(f.Family) })
}

// SQL reports whether the edge holds anything but code couplings.
func (e *Edge) SQL() bool {
	return slices.ContainsFunc(e.Families, func(f FamilyCount) bool { return !Code(f.Family) })
}

// Graph is the dependency graph at one level.
type Graph struct {
	Level   Level              `json:"level"`
	Config  *config.Config     `json:"-"`
	Weights map[string]float64 `json:"weights"`
	// Contexts are the context nodes, sorted by name, at every level.
	Contexts []*Node `json:"contexts"`
	// Nodes are the nodes of the level, sorted by ID; at the context level
	// they are the Contexts.
	Nodes []*Node `json:"nodes"`
	// Edges are sorted by From, then To.
	Edges []*Edge `json:"edges"`
	// Clients are references into a context from code in no context (a
	// facade, main): not edges, but call sites to move when it is extracted.
	Clients []finding.Reference `json:"clients"`

	src      Input
	nodes    map[string]*Node
	contexts map[string]*Node
	out, in  map[string][]*Edge
	edges    map[[2]string]*Edge
}

// Input is what a graph is built from.
type Input struct {
	// Config is the configuration the findings were made with; it may be nil.
	Config     *config.Config
	Findings   []finding.Finding
	References []finding.Reference
	// Baselined, when set, reports whether the baseline holds a finding.
	Baselined func(finding.Finding) bool
	// Level is the node level; default LevelContext.
	Level Level
	// Weights override the weights of Config (for tests and what-ifs).
	Weights map[string]float64
	// CoChanges are the commits that changed two contexts together (package
	// churn measures them). They strengthen a dependency the findings or
	// references already show, in either direction, but make none: changing
	// together is a symptom of coupling, not a direction of it.
	CoChanges []CoChange
}

// CoChange is a pair of contexts and the commits that changed both.
type CoChange struct {
	A, B    string
	Commits []string
}

// Build builds the graph of in. Findings without From or To, and kinds that are
// not couplings (FamilyOf ""), are left out. A reference from a context to
// another is an edge of family api when it goes through the api, else of family
// private unless a private or import finding already covers that pair; a
// reference from code in no context is a client.
func Build(in Input) *Graph {
	g := &Graph{
		Level:    cmp.Or(in.Level, LevelContext),
		Config:   in.Config,
		src:      in,
		Weights:  in.Weights,
		nodes:    map[string]*Node{},
		contexts: map[string]*Node{},
		out:      map[string][]*Edge{},
		in:       map[string][]*Edge{},
		edges:    map[[2]string]*Edge{},
	}
	if g.Weights == nil {
		g.Weights = Weights(in.Config)
	}
	if cfg := in.Config; cfg != nil {
		for _, x := range cfg.Contexts {
			n := g.addContext(x.Name)
			for _, e := range x.Packages {
				n.Packages = append(n.Packages, e.Value)
			}
			for _, e := range x.Tables {
				n.Tables = append(n.Tables, e.Value)
			}
			for _, e := range x.Columns {
				n.Columns = append(n.Columns, e.Value)
			}
			n.Value = x.Value
		}
	}

	covered := map[[2]string]bool{} // context pairs with an import or private finding
	for _, f := range in.Findings {
		if f.Kind == finding.Import || f.Kind == finding.Private {
			covered[[2]string{f.From, f.To}] = true
		}
	}
	for _, f := range in.Findings {
		fam := FamilyOf(f)
		if fam == "" || f.From == "" || f.To == "" || f.From == f.To {
			continue
		}
		ev := Evidence{
			Family: fam, Kind: string(f.Kind), From: f.From, To: f.To, Subject: f.Subject,
			File: f.File, Line: f.Line, Column: f.Column, Object: f.Object,
			Message: f.Message, Fix: f.Fix, Access: f.Access,
			Tables: f.Tables, Columns: f.Columns, AllowedBy: f.AllowedBy,
			Statements: f.Statements, Calls: f.Calls,
		}
		if in.Baselined != nil {
			ev.Baselined = in.Baselined(f)
		}
		g.add(ev)
	}
	for _, r := range in.References {
		if r.To == "" || r.From == r.To {
			continue
		}
		if r.From == "" {
			g.addContext(r.To)
			g.Clients = append(g.Clients, r)
			continue
		}
		fam := FamilyAPI
		if !r.API {
			if covered[[2]string{r.From, r.To}] {
				continue
			}
			fam = string(finding.Private)
		}
		obj := r.Object
		if obj == "" {
			obj = r.ToPackage
		}
		g.add(Evidence{
			Family: fam, Kind: "reference", From: r.From, To: r.To, Subject: "use of " + obj,
			File: r.File, Line: r.Line, Column: r.Column,
			FromPackage: r.FromPackage, ToPackage: r.ToPackage,
		})
	}
	if len(in.CoChanges) > 0 {
		// Only at the context level: a commit does not say which package or
		// table of a context it changed with which of the other.
		pairs := map[[2]string]bool{}
		for _, e := range g.edges {
			pairs[[2]string{e.FromContext, e.ToContext}] = true
		}
		for _, cc := range in.CoChanges {
			for _, p := range [][2]string{{cc.A, cc.B}, {cc.B, cc.A}} {
				if !pairs[p] || g.Level != LevelContext {
					continue
				}
				for _, c := range cc.Commits {
					g.add(Evidence{
						Family: FamilyChangeCoupling, Kind: FamilyChangeCoupling, From: p[0], To: p[1],
						Subject: "commit changing " + p[0] + " and " + p[1], Object: "commit " + c,
					})
				}
			}
		}
	}
	g.finish()
	return g
}

// addContext returns the context node called name, creating it.
func (g *Graph) addContext(name string) *Node {
	if n := g.contexts[name]; n != nil {
		return n
	}
	n := &Node{ID: name, Kind: ContextNode, Context: name, Label: name}
	g.contexts[name] = n
	g.Contexts = append(g.Contexts, n)
	if g.Level == LevelContext {
		g.nodes[name] = n
		g.Nodes = append(g.Nodes, n)
	}
	return n
}

// node returns the finer-level node with the given ID, creating it.
func (g *Graph) node(id string, kind NodeKind, context, label string) string {
	if g.nodes[id] == nil {
		n := &Node{ID: id, Kind: kind, Context: context, Label: label}
		g.nodes[id] = n
		g.Nodes = append(g.Nodes, n)
	}
	return id
}

// add places one piece of evidence on the edges of the level.
func (g *Graph) add(ev Evidence) {
	g.addContext(ev.From)
	g.addContext(ev.To)
	if g.Level == LevelContext {
		g.addEdge(ev.From, ev.To, ev)
		return
	}
	froms, tos := g.ends(ev)
	for _, f := range froms {
		for _, t := range tos {
			if f != t {
				g.addEdge(f, t, ev)
			}
		}
	}
}

func (g *Graph) addEdge(from, to string, ev Evidence) {
	k := [2]string{from, to}
	e := g.edges[k]
	if e == nil {
		e = &Edge{From: from, To: to, FromContext: ev.From, ToContext: ev.To}
		g.edges[k] = e
		g.Edges = append(g.Edges, e)
	}
	e.Evidence = append(e.Evidence, ev)
}

// ends returns the finer-level nodes a piece of evidence connects.
func (g *Graph) ends(ev Evidence) (froms, tos []string) {
	rest := func(ctx string) string {
		label := ctx + " (schema)"
		if g.Level == LevelTable {
			label = ctx + " (code and other objects)"
		}
		return g.node("rest:"+ctx, RestNode, ctx, label)
	}
	switch g.Level {
	case LevelPackage:
		froms = []string{rest(ev.From)}
		if p := g.fromPackage(ev); p != "" {
			froms = []string{g.node("pkg:"+p, PackageNode, ev.From, p)}
		}
		tos = []string{rest(ev.To)}
		if p := g.toPackage(ev); p != "" {
			tos = []string{g.node("pkg:"+p, PackageNode, ev.To, p)}
		}
	case LevelTable:
		for _, t := range ev.Tables {
			switch g.tableOwner(t, ev) {
			case ev.From:
				froms = append(froms, g.node("table:"+t, TableNode, ev.From, t))
			case ev.To:
				tos = append(tos, g.node("table:"+t, TableNode, ev.To, t))
			}
		}
		if len(froms) == 0 {
			froms = []string{rest(ev.From)}
		}
		if len(tos) == 0 {
			tos = []string{rest(ev.To)}
		}
	}
	return froms, tos
}

// tableOwner returns the context owning a table; without a configuration, a
// table is taken to be the depended-on side's.
func (g *Graph) tableOwner(table string, ev Evidence) string {
	if g.Config == nil {
		return ev.To
	}
	schema, name, ok := strings.Cut(table, ".")
	if !ok {
		schema, name = "", table
	}
	return g.Config.TableOwner(schema, name).Context
}

// fromPackage is the package (relative to the configuration's directory) of the
// depending code: the referring package, or the directory of a Go or query file.
func (g *Graph) fromPackage(ev Evidence) string {
	if ev.FromPackage != "" {
		return g.relPackage(ev.FromPackage)
	}
	if ev.File == "" || g.isMigration(ev.File) {
		return ""
	}
	if strings.HasSuffix(ev.File, ".go") || strings.HasSuffix(ev.File, ".sql") {
		return path.Dir(ev.File)
	}
	return ""
}

// toPackage is the package depended on: the referenced package, or an import
// path of the depended-on context named in an import or private finding.
func (g *Graph) toPackage(ev Evidence) string {
	if ev.ToPackage != "" {
		return g.relPackage(ev.ToPackage)
	}
	if g.Config == nil || (ev.Kind != string(finding.Import) && ev.Kind != string(finding.Private)) {
		return ""
	}
	for _, s := range []string{ev.Subject, ev.Message} {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool {
			return r == ' ' || r == '`' || r == '"' || r == '(' || r == ')' || r == ',' || r == ';'
		}) {
			w = strings.TrimPrefix(w, "*")
			if i := strings.LastIndex(w, "/"); i > 0 && strings.Contains(w[i:], ".") {
				// "example.com/x/repository.Products" names an object in a package.
				if j := strings.Index(w[i:], "."); j > 0 {
					w = w[:i+j]
				}
			}
			if strings.Contains(w, "/") && g.Config.PackageOwner(w).Context == ev.To {
				return g.relPackage(w)
			}
		}
	}
	return ""
}

func (g *Graph) relPackage(importPath string) string {
	if g.Config == nil {
		return importPath
	}
	prefix := g.Config.PackagePrefix()
	switch {
	case prefix == "":
		return importPath
	case importPath == prefix:
		return "."
	case strings.HasPrefix(importPath, prefix+"/"):
		return importPath[len(prefix)+1:]
	}
	return importPath
}

// isMigration reports whether a file is under one of sql.migrations.
func (g *Graph) isMigration(file string) bool {
	if g.Config == nil {
		return strings.Contains(file, "migrations/")
	}
	for _, m := range g.Config.SQL.Migrations {
		m := strings.TrimSuffix(path.Clean(m.Value), "/")
		if file == m || strings.HasPrefix(file, m+"/") {
			return true
		}
	}
	return false
}

// finish sorts everything and weighs the edges.
func (g *Graph) finish() {
	slices.SortFunc(g.Contexts, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Nodes, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Edges, func(a, b *Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
	})
	for _, e := range g.Edges {
		slices.SortFunc(e.Evidence, compareEvidence)
		e.Evidence = slices.CompactFunc(e.Evidence, func(a, b Evidence) bool { return compareEvidence(a, b) == 0 })
		// The one computation of a pair's weight: rank, JSON, DOT and HTML
		// all show this number.
		e.Families, e.Weight = familyCounts(e.Evidence, g.Weights)
		g.out[e.From] = append(g.out[e.From], e)
		g.in[e.To] = append(g.in[e.To], e)
	}
	slices.SortStableFunc(g.Clients, compareReference)
	g.Clients = slices.CompactFunc(g.Clients, func(a, b finding.Reference) bool { return compareReference(a, b) == 0 })
}

// weighPieces is Weigh for a count that pg_stat_statements' calls have scaled
// (Evidence.Pieces): w × (1 + ln pieces).
func weighPieces(w, pieces float64) float64 {
	if pieces <= 0 {
		return 0
	}
	return w * (1 + math.Log(pieces))
}

// Weigh is what count pieces of evidence of a family of weight w weigh:
// w × (1 + ln count). The logarithm keeps ten reads of a table from weighing
// ten times one: the tenth read costs less to cut once the first is cut.
func Weigh(w float64, count int) float64 {
	if count <= 0 {
		return 0
	}
	return w * (1 + math.Log(float64(count)))
}

// round keeps six decimals, so that what is shown, compared and written as
// JSON does not depend on the last bits of a platform's floating point.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func compareEvidence(a, b Evidence) int {
	return cmp.Or(
		cmp.Compare(familyRank(a.Family), familyRank(b.Family)),
		cmp.Compare(a.Family, b.Family),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Object, b.Object),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Subject, b.Subject),
		cmp.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To),
		cmp.Compare(a.Message, b.Message),
	)
}

func compareReference(a, b finding.Reference) int {
	return cmp.Or(
		cmp.Compare(a.To, b.To),
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Object, b.Object),
		cmp.Compare(a.FromPackage, b.FromPackage),
		cmp.Compare(a.ToPackage, b.ToPackage),
	)
}

// AtLevel returns the graph of the same input at another level.
func (g *Graph) AtLevel(level Level) *Graph {
	if level == g.Level {
		return g
	}
	in := g.src
	in.Level, in.Weights = level, g.Weights
	return Build(in)
}

// Node returns the node with the given ID, or nil.
func (g *Graph) Node(id string) *Node { return g.nodes[id] }

// Context returns the context node called name, or nil.
func (g *Graph) Context(name string) *Node { return g.contexts[name] }

// Edge returns the edge from → to, or nil.
func (g *Graph) Edge(from, to string) *Edge { return g.edges[[2]string{from, to}] }

// Out returns the edges leaving a node, sorted by To.
func (g *Graph) Out(id string) []*Edge { return g.out[id] }

// In returns the edges entering a node, sorted by From.
func (g *Graph) In(id string) []*Edge { return g.in[id] }

// ClientsOf returns the references from code in no context into a context.
func (g *Graph) ClientsOf(context string) []finding.Reference {
	var out []finding.Reference
	for _, r := range g.Clients {
		if r.To == context {
			out = append(out, r)
		}
	}
	return out
}

// Focus returns the part of g around one context: its nodes, the nodes one edge
// away, the edges that touch the context and its clients. It returns nil when
// the graph has no such context.
func (g *Graph) Focus(context string) *Graph {
	if g.contexts[context] == nil {
		return nil
	}
	f := &Graph{
		Level: g.Level, Config: g.Config, Weights: g.Weights, src: g.src,
		nodes: map[string]*Node{}, contexts: map[string]*Node{},
		out: map[string][]*Edge{}, in: map[string][]*Edge{}, edges: map[[2]string]*Edge{},
	}
	keep := func(n *Node) {
		if n == nil || f.nodes[n.ID] != nil {
			return
		}
		f.nodes[n.ID] = n
		f.Nodes = append(f.Nodes, n)
		if c := g.contexts[n.Context]; c != nil && f.contexts[c.ID] == nil {
			f.contexts[c.ID] = c
			f.Contexts = append(f.Contexts, c)
		}
	}
	for _, n := range g.Nodes {
		if n.Context == context {
			keep(n)
		}
	}
	for _, e := range g.Edges {
		if e.FromContext == context || e.ToContext == context {
			keep(g.nodes[e.From])
			keep(g.nodes[e.To])
			f.edges[[2]string{e.From, e.To}] = e
			f.Edges = append(f.Edges, e)
		}
	}
	f.Clients = g.ClientsOf(context)
	f.finishFocus()
	return f
}

func (g *Graph) finishFocus() {
	slices.SortFunc(g.Contexts, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Nodes, func(a, b *Node) int { return cmp.Compare(a.ID, b.ID) })
	for _, e := range g.Edges {
		g.out[e.From] = append(g.out[e.From], e)
		g.in[e.To] = append(g.in[e.To], e)
	}
}
