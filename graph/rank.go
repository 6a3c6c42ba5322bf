package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
)

// OutboundFactor is how much a context's own dependencies count against
// extracting it, next to what depends on it (1): a dependency of the extracted
// service becomes a call back into the monolith, which is work but no blocker.
const OutboundFactor = 0.5

// RankOptions tune Rank.
type RankOptions struct {
	// Values are the business values of the contexts (package churn computes
	// them from the change rate); a context missing here has the value its
	// configuration gives, 1 by default.
	Values map[string]float64
	// ValueNotes say where a value came from, for the explanation.
	ValueNotes map[string]string
}

// Ranking is the list of extraction candidates, best first.
type Ranking struct {
	Candidates []*Candidate `json:"candidates"`
	// MaxCost is the cost normalized costs are divided by: the highest cost of
	// any context (1 when every cost is 0).
	MaxCost float64            `json:"max_cost"`
	Weights map[string]float64 `json:"weights"`
	// Cycles are the groups of contexts that depend on each other in a loop,
	// with the lightest set of edges that breaks each.
	Cycles []Cycle `json:"cycles"`
	// Scenarios is how many weight perturbations the stability test tried.
	Scenarios int `json:"scenarios"`
}

// Candidate is one context as an extraction candidate.
type Candidate struct {
	Context   string  `json:"context"`
	Rank      int     `json:"rank"`
	Score     float64 `json:"score"`
	Value     float64 `json:"value"`
	ValueNote string  `json:"value_note,omitempty"`
	// Cost is Inbound.Weight − Split + OutboundFactor × (Outbound.Weight +
	// Split); NormalizedCost is Cost / Ranking.MaxCost.
	Cost           float64 `json:"cost"`
	NormalizedCost float64 `json:"normalized_cost"`
	Inbound        Side    `json:"inbound"`
	Outbound       Side    `json:"outbound"`
	// Split is the part of Inbound.Weight that the context's own table split
	// removes (a trigger on a shared table that fires on its columns): work of
	// the extraction, it counts like an outbound dependency.
	Split float64 `json:"split_weight,omitempty"`
	// Level is leaf (nothing depends on it), hub (the most contexts depend on
	// it, at least two) or inner. Evidence the context's own split removes is
	// no dependency here.
	Level string `json:"level"`
	// Hard are the hard constraints into the context: foreign keys, triggers,
	// shared tables, writes and transactions of other contexts on its data.
	Hard []CutItem `json:"hard_constraints"`
	// Cycle is set when the context is in a loop.
	Cycle       *CycleInfo `json:"cycle,omitempty"`
	Stability   Stability  `json:"stability"`
	Explanation string     `json:"explanation"`
	Cut         []CutStep  `json:"cut"`
}

// Side sums the dependencies into or out of a context.
type Side struct {
	// Count is the number of pieces of evidence, Weight what they weigh.
	Count  int     `json:"count"`
	Weight float64 `json:"weight"`
	// Contexts break them down by the context at the other end, heaviest first.
	Contexts []Link `json:"contexts"`
}

// Link is the part of a Side owed to one other context: the graph's edge
// between the two, with the same count, families and weight (Edge.Weight is
// the one computation of a pair's weight).
type Link struct {
	Context  string        `json:"context"`
	Count    int           `json:"count"`
	Weight   float64       `json:"weight"`
	Families []FamilyCount `json:"families"`
	// SplitCount counts the pieces of evidence that the ranked context's own
	// table split removes, and Split what they take off Weight.
	SplitCount int     `json:"split_count,omitempty"`
	Split      float64 `json:"split_weight,omitempty"`
	// kept are the families of the evidence the split leaves.
	kept []FamilyCount
}

// Dependency reports whether anything of the link stays once the ranked
// context has split its tables.
func (l Link) Dependency() bool { return l.SplitCount < l.Count }

// dependents counts the links that stay dependencies after the split.
func (s Side) dependents() int {
	n := 0
	for _, l := range s.Contexts {
		if l.Dependency() {
			n++
		}
	}
	return n
}

// Cycle is a group of contexts that depend on each other in a loop.
type Cycle struct {
	Contexts []string `json:"contexts"`
	// Break is the lightest set of edges whose cut breaks every loop of the
	// group (BreakEdges), heaviest first.
	Break []EdgeRef `json:"break"`
}

// CycleInfo says which loop a context is in and how it breaks.
type CycleInfo struct {
	// With are the other contexts of the loop: extract them together, or cut
	// the loop first.
	With []string `json:"with"`
	// Break are the edges of the loop's cut (Cycle.Break) that touch the
	// context; Cut is how many edges that cut has in all.
	Break []EdgeRef `json:"break"`
	Cut   int       `json:"cut"`
	// BrokenBySplit says the context's own table split (step 3) removes every
	// edge into it from the loop (Closing), so that it is on no loop any more
	// and can be extracted alone.
	BrokenBySplit bool      `json:"broken_by_split"`
	Closing       []EdgeRef `json:"closing,omitempty"`
}

// EdgeRef names an edge.
type EdgeRef struct {
	From    string  `json:"from"`
	To      string  `json:"to"`
	Weight  float64 `json:"weight"`
	Summary string  `json:"summary"`
	// SplitBy is the context whose table split removes the edge, if any.
	SplitBy string `json:"split_by,omitempty"`
}

// Stability says whether a candidate keeps its place when the weights move.
type Stability struct {
	Stable bool `json:"stable"`
	// SwapsWith is the context that takes the candidate's place in Scenario,
	// the first perturbation that moves it.
	SwapsWith string `json:"swaps_with,omitempty"`
	Scenario  string `json:"scenario,omitempty"`
	// BestRank and WorstRank are the extremes over all perturbations.
	BestRank  int `json:"best_rank"`
	WorstRank int `json:"worst_rank"`
}

// Rank ranks the contexts of a context-level graph (a finer graph is ranked at
// its context level) for extraction:
//
//	cost(X)  = Σ inbound weights − split + OutboundFactor × (Σ outbound weights + split)
//	norm(X)  = cost(X) / max over contexts of cost
//	score(X) = value(X) / (1 + norm(X))
//
// where each weight is the graph's edge weight and split the part of the
// inbound weight X's own table split removes. Dividing by the maximum keeps
// the cost term between 0 and 1, so a context of twice the value beats any
// context of equal value, and a leaf of equal value beats a hub by up to a
// factor two. A hub that every other context depends on ranks last whatever
// its value: it can only leave once nothing depends on it. Ties go by name.
func Rank(g *Graph, opts RankOptions) *Ranking {
	if g.Level != LevelContext {
		g = g.AtLevel(LevelContext)
	}
	r := &Ranking{Weights: g.Weights, Cycles: []Cycle{}}
	m := newModel(g)

	for i, name := range m.names {
		c := &Candidate{Context: name, Value: 1}
		if n := g.Context(name); n != nil && n.Value > 0 {
			c.Value = n.Value
		}
		if v, ok := opts.Values[name]; ok {
			c.Value = v
		}
		c.ValueNote = opts.ValueNotes[name]
		c.Inbound, c.Outbound = m.sides(i)
		c.Split = c.Inbound.split()
		c.Hard = m.hard(i)
		r.Candidates = append(r.Candidates, c)
	}
	costs := m.costs(g.Weights)
	r.MaxCost = scoreAll(r.Candidates, costs)
	for i, c := range r.Candidates {
		c.Cost = costs[i]
		c.NormalizedCost = round(c.Cost / r.MaxCost)
	}
	// Levels: leaf and hub.
	most := 0
	for _, c := range r.Candidates {
		most = max(most, c.Inbound.dependents())
	}
	m.last = make([]bool, len(r.Candidates))
	for i, c := range r.Candidates {
		switch n := c.Inbound.dependents(); {
		case n == 0:
			c.Level = "leaf"
		case most >= 2 && n == most:
			c.Level = "hub"
		default:
			c.Level = "inner"
		}
		m.last[i] = len(r.Candidates) >= 2 && c.Inbound.dependents() == len(r.Candidates)-1
	}
	order := m.rankOrder(r.Candidates, func(i int) float64 { return r.Candidates[i].Score })

	r.Scenarios = m.stability(r.Candidates, order, g.Weights)
	m.cycles(r, Components(g))
	for _, c := range r.Candidates {
		c.Cut = CutSet(g, c.Context)
		c.Explanation = explain(g, m, c)
	}
	sorted := make([]*Candidate, len(order))
	for rank, i := range order {
		r.Candidates[i].Rank = rank + 1
		sorted[rank] = r.Candidates[i]
	}
	r.Candidates = sorted
	return r
}

// scoreAll sets each candidate's score from costs and returns the maximum cost.
func scoreAll(cs []*Candidate, costs []float64) float64 {
	maxCost := 0.0
	for _, c := range costs {
		maxCost = max(maxCost, c)
	}
	if maxCost == 0 {
		maxCost = 1
	}
	for i, c := range cs {
		c.Score = round(c.Value / (1 + costs[i]/maxCost))
	}
	return maxCost
}

// rankOrder returns the candidate indexes by score, highest first, then by
// name; the hubs every other context depends on come after all the others.
func (m *model) rankOrder(cs []*Candidate, score func(int) float64) []int {
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(compareBool(m.last[a], m.last[b]), cmp.Compare(score(b), score(a)), cmp.Compare(cs[a].Context, cs[b].Context))
	})
	return order
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// model holds, per context, the coefficients of the family weights in its cost,
// so that the cost under any weights is a dot product: the stability test ranks
// dozens of weight vectors without walking the evidence again.
type model struct {
	g        *Graph
	names    []string
	index    map[string]int
	families []string
	fam      map[string]int
	// coef[i][f] is Σ over inbound edges (1 + ln count of f) + OutboundFactor ×
	// the same over outbound edges, less (1 − OutboundFactor) × what the
	// context's own split takes off its inbound edges.
	coef [][]float64
	// split[i] holds the evidence that context i's own split removes.
	split [][]Evidence
	// tables caches splitTables by context.
	tables map[string]map[string]bool
	// last marks the hubs every other context depends on.
	last []bool
}

func newModel(g *Graph) *model {
	m := &model{g: g, index: map[string]int{}, fam: map[string]int{}, tables: map[string]map[string]bool{}}
	for _, n := range g.Contexts {
		m.index[n.ID] = len(m.names)
		m.names = append(m.names, n.ID)
	}
	seen := map[string]bool{}
	for _, e := range g.Edges {
		for _, f := range e.Families {
			seen[f.Family] = true
		}
	}
	for _, fi := range finding.Families() {
		if f := fi.Name; seen[f] {
			m.families = append(m.families, f)
			delete(seen, f)
		}
	}
	var rest []string
	for f := range seen {
		rest = append(rest, f)
	}
	slices.Sort(rest)
	m.families = append(m.families, rest...)
	for i, f := range m.families {
		m.fam[f] = i
	}
	m.coef = make([][]float64, len(m.names))
	m.split = make([][]Evidence, len(m.names))
	for i := range m.coef {
		m.coef[i] = make([]float64, len(m.families))
	}
	for i, name := range m.names {
		splitTables := m.splitTables(name)
		for _, dir := range []struct {
			edges  []*Edge
			factor float64
		}{{g.In(name), 1}, {g.Out(name), OutboundFactor}} {
			for _, e := range dir.edges {
				counts := map[string]float64{}
				splitCounts := map[string]float64{}
				for _, ev := range e.Evidence {
					counts[ev.Family] += ev.Pieces()
					if g.removedBySplit(ev, name, splitTables) {
						splitCounts[ev.Family] += ev.Pieces()
						m.split[i] = append(m.split[i], ev)
					}
				}
				for f, n := range counts {
					c := dir.factor * weighPieces(1, n)
					if s := splitCounts[f]; s > 0 && dir.factor == 1 {
						// Moved from the inbound side to the outbound factor.
						c -= (1 - OutboundFactor) * (weighPieces(1, n) - weighPieces(1, n-s))
					}
					m.coef[i][m.fam[f]] += c
				}
			}
		}
	}
	return m
}

// costs returns each context's cost under the given weights.
func (m *model) costs(weights map[string]float64) []float64 {
	w := make([]float64, len(m.families))
	for i, f := range m.families {
		w[i] = weights[f]
	}
	out := make([]float64, len(m.names))
	for i, row := range m.coef {
		s := 0.0
		for f, c := range row {
			s += c * w[f]
		}
		out[i] = round(s)
	}
	return out
}

// sides sums context i's inbound and outbound edges by the context at the
// other end, noting what its own split removes from each.
func (m *model) sides(i int) (in, out Side) {
	g, name := m.g, m.names[i]
	in.Contexts, out.Contexts = []Link{}, []Link{}
	removed := map[string]bool{}
	for _, ev := range m.split[i] {
		removed[evidenceKey(ev)] = true
	}
	for _, e := range g.In(name) {
		in.add(e.From, e, removed, g.Weights)
	}
	for _, e := range g.Out(name) {
		out.add(e.To, e, removed, g.Weights)
	}
	for _, s := range []*Side{&in, &out} {
		slices.SortFunc(s.Contexts, func(a, b Link) int {
			return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Context, b.Context))
		})
	}
	return in, out
}

// add adds the edge e to the context other, exactly as the graph weighs it;
// removed holds the evidence the ranked context's own split removes.
func (s *Side) add(other string, e *Edge, removed map[string]bool, weights map[string]float64) {
	l := Link{Context: other, Count: e.Count(), Weight: e.Weight, Families: slices.Clone(e.Families)}
	l.kept = l.Families
	if len(removed) > 0 {
		var kept []Evidence
		for _, ev := range e.Evidence {
			if removed[evidenceKey(ev)] {
				l.SplitCount++
			} else {
				kept = append(kept, ev)
			}
		}
		if l.SplitCount > 0 {
			var w float64
			l.kept, w = familyCounts(kept, weights)
			l.Split = round(l.Weight - w)
		}
	}
	s.Count += l.Count
	s.Weight = round(s.Weight + l.Weight)
	s.Contexts = append(s.Contexts, l)
}

// split sums what the ranked context's own split takes off the side.
func (s Side) split() float64 {
	w := 0.0
	for _, l := range s.Contexts {
		w += l.Split
	}
	return round(w)
}

// familyCounts weighs evidence by family, as Graph.finish weighs an edge,
// and returns the families in rendering order with their total.
func familyCounts(evs []Evidence, weights map[string]float64) ([]FamilyCount, float64) {
	counts := map[string]int{}
	pieces := map[string]float64{}
	for _, ev := range evs {
		counts[ev.Family]++
		pieces[ev.Family] += ev.Pieces()
	}
	out := []FamilyCount{}
	for f, n := range counts {
		out = append(out, FamilyCount{Family: f, Count: n, Weight: round(weighPieces(weights[f], pieces[f]))})
	}
	slices.SortFunc(out, func(a, b FamilyCount) int {
		return cmp.Or(cmp.Compare(familyRank(a.Family), familyRank(b.Family)), cmp.Compare(a.Family, b.Family))
	})
	total := 0.0
	for _, f := range out {
		total += f.Weight // in a fixed order: float addition is not associative
	}
	return out, round(total)
}

func evidenceKey(ev Evidence) string {
	return ev.Kind + "\x00" + ev.From + "\x00" + ev.To + "\x00" + ev.Subject + "\x00" + ev.Position()
}

// hard returns the hard constraints into context i, as cut items.
func (m *model) hard(i int) []CutItem {
	removed := map[string]bool{}
	for _, ev := range m.split[i] {
		removed[evidenceKey(ev)] = true
	}
	out := []CutItem{}
	for _, e := range m.g.In(m.names[i]) {
		for _, ev := range e.Evidence {
			if Hard(ev.Family) && (len(removed) == 0 || !removed[evidenceKey(ev)]) {
				out = append(out, item(ev, ""))
			}
		}
	}
	return out
}

// splitTables returns the tables that hold columns of context name although
// another context owns them: the tables of its shared-table evidence (which
// goes from the columns' context to the table's owner) and of its `columns`
// entries. Splitting them is step 3 of its extraction.
func (g *Graph) splitTables(name string) map[string]bool {
	out := map[string]bool{}
	for _, e := range g.Out(name) {
		for _, ev := range e.Evidence {
			if ev.Kind == string(finding.SharedTable) {
				for _, t := range ev.Tables {
					out[t] = true
					out[unqualified(t)] = true
				}
			}
		}
	}
	if n := g.Context(name); n != nil {
		for _, c := range n.Columns {
			if i := strings.LastIndex(c, "."); i > 0 && g.tableOwner(c[:i], Evidence{}) != name {
				out[c[:i]] = true
				out[unqualified(c[:i])] = true
			}
		}
	}
	return out
}

// displayTable drops the default schema from a table name for sentences.
func displayTable(t string) string { return strings.TrimPrefix(t, "public.") }

func unqualified(t string) string {
	if i := strings.LastIndex(t, "."); i >= 0 {
		return t[i+1:]
	}
	return t
}

// removedBySplit reports whether a piece of evidence between context name and
// another goes away when name's columns are split out of a shared table (step
// 3): a trigger on that table, firing on name's columns, moves to name's side
// with them. The trigger must sit on one of name's split tables (without
// tables in the evidence: the two contexts must share a table) and, when the
// evidence names columns, fire on one of name's.
func (g *Graph) removedBySplit(ev Evidence, name string, splitTables map[string]bool) bool {
	if ev.Kind != string(finding.Trigger) || ev.From != name && ev.To != name || len(splitTables) == 0 {
		return false
	}
	other := ev.From
	if other == name {
		other = ev.To
	}
	onSplit := len(ev.Tables) == 0 && g.sharesTableWith(name, other)
	for _, t := range ev.Tables {
		onSplit = onSplit || splitTables[t] || splitTables[unqualified(t)]
	}
	if !onSplit {
		return false
	}
	if len(ev.Columns) == 0 || g.Config == nil {
		return true
	}
	for _, c := range ev.Columns {
		parts := strings.Split(c, ".")
		if len(parts) < 2 {
			continue
		}
		schema := ""
		if len(parts) >= 3 {
			schema = parts[len(parts)-3]
		}
		if g.Config.ColumnOwner(schema, parts[len(parts)-2], parts[len(parts)-1]).Context == name {
			return true
		}
	}
	return false
}

// sharesTableWith reports whether a shared-table finding puts columns of
// context a into a table of context b.
func (g *Graph) sharesTableWith(a, b string) bool {
	if e := g.Edge(a, b); e != nil {
		for _, ev := range e.Evidence {
			if ev.Kind == string(finding.SharedTable) {
				return true
			}
		}
	}
	return false
}

// scenario is one perturbation of the weights.
type scenario struct {
	name    string
	weights map[string]float64
}

// scenarios returns the perturbations the stability test tries: each family
// present ×0.5 and ×1.5 alone; all of them ×0.5 and ×1.5 together (which
// normalization leaves without effect, a check of it); hard constraints against
// the rest and code against SQL, ×1.5 one side and ×0.5 the other; and eight
// mixes where each family is ×0.5 or ×1.5 by a fixed pseudo-random draw.
func (m *model) scenarios(base map[string]float64) []scenario {
	scaled := func(f func(string) float64) map[string]float64 {
		w := make(map[string]float64, len(base))
		for k, v := range base {
			w[k] = v * f(k)
		}
		return w
	}
	var out []scenario
	for _, fam := range m.families {
		for _, x := range []float64{0.5, 1.5} {
			out = append(out, scenario{fmt.Sprintf("%s ×%g", fam, x), scaled(func(k string) float64 {
				if k == fam {
					return x
				}
				return 1
			})})
		}
	}
	for _, x := range []float64{0.5, 1.5} {
		out = append(out, scenario{fmt.Sprintf("all ×%g", x), scaled(func(string) float64 { return x })})
	}
	side := func(name string, pick func(string) bool, x, y float64) scenario {
		return scenario{name, scaled(func(k string) float64 {
			if pick(k) {
				return x
			}
			return y
		})}
	}
	out = append(out,
		side("hard constraints ×1.5, the rest ×0.5", Hard, 1.5, 0.5),
		side("hard constraints ×0.5, the rest ×1.5", Hard, 0.5, 1.5),
		side("code ×1.5, SQL and schema ×0.5", Code, 1.5, 0.5),
		side("code ×0.5, SQL and schema ×1.5", Code, 0.5, 1.5),
	)
	seed := uint32(2463534242)
	for mix := 1; mix <= 8; mix++ {
		pick := map[string]float64{}
		for _, fam := range m.families {
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			pick[fam] = 0.5
			if seed&1 == 1 {
				pick[fam] = 1.5
			}
		}
		out = append(out, scenario{fmt.Sprintf("mix %d", mix), scaled(func(k string) float64 {
			if x, ok := pick[k]; ok {
				return x
			}
			return 1
		})})
	}
	return out
}

// stability ranks the candidates under every scenario and records, for each,
// whether its place holds; it returns the number of scenarios.
func (m *model) stability(cs []*Candidate, base []int, weights map[string]float64) int {
	place := make([]int, len(cs))
	for rank, i := range base {
		place[i] = rank
	}
	for i, c := range cs {
		c.Stability = Stability{Stable: true, BestRank: place[i] + 1, WorstRank: place[i] + 1}
	}
	scs := m.scenarios(weights)
	scores := make([]float64, len(cs))
	for _, sc := range scs {
		costs := m.costs(sc.weights)
		maxCost := 0.0
		for _, c := range costs {
			maxCost = max(maxCost, c)
		}
		if maxCost == 0 {
			maxCost = 1
		}
		for i, c := range cs {
			scores[i] = round(c.Value / (1 + costs[i]/maxCost))
		}
		order := m.rankOrder(cs, func(i int) float64 { return scores[i] })
		for rank, i := range order {
			st := &cs[i].Stability
			st.BestRank = min(st.BestRank, rank+1)
			st.WorstRank = max(st.WorstRank, rank+1)
			if rank != place[i] && st.Stable {
				st.Stable = false
				st.Scenario = sc.name
				st.SwapsWith = cs[order[place[i]]].Context
			}
		}
	}
	return len(scs)
}

// cycles finds the lightest cut of each loop and fills in, for each candidate
// in a loop, its partners and the edges of the cut that touch it.
func (m *model) cycles(r *Ranking, comps [][]string) {
	g := m.g
	for _, comp := range comps {
		cut := BreakEdges(g, comp)
		cy := Cycle{Contexts: comp, Break: make([]EdgeRef, len(cut))}
		touching := map[string][]EdgeRef{}
		for i, e := range cut {
			ref := EdgeRef{From: e.From, To: e.To, Weight: e.Weight, Summary: EdgeSummary(e)}
			ref.SplitBy = m.edgeRemovedBySplit(e)
			cy.Break[i] = ref
			touching[e.From] = append(touching[e.From], ref)
			touching[e.To] = append(touching[e.To], ref)
		}
		r.Cycles = append(r.Cycles, cy)
		members := make(map[string]bool, len(comp))
		for _, name := range comp {
			members[name] = true
		}
		for _, name := range comp {
			i := m.index[name]
			c := r.Candidates[i]
			info := &CycleInfo{With: make([]string, 0, len(comp)-1), Break: touching[name], Cut: len(cut)}
			if info.Break == nil {
				info.Break = []EdgeRef{}
			}
			for _, other := range comp {
				if other != name {
					info.With = append(info.With, other)
				}
			}
			// A loop through name enters it from a member; when its own split
			// removes every such edge, it is on no loop any more.
			removed := map[string]bool{}
			for _, ev := range m.split[i] {
				removed[evidenceKey(ev)] = true
			}
			info.BrokenBySplit = len(removed) > 0
			for _, e := range g.In(name) {
				if !info.BrokenBySplit {
					break
				}
				if !members[e.From] {
					continue
				}
				info.Closing = append(info.Closing, EdgeRef{From: e.From, To: e.To, Weight: e.Weight, Summary: EdgeSummary(e), SplitBy: name})
				for _, ev := range e.Evidence {
					if !removed[evidenceKey(ev)] {
						info.BrokenBySplit = false
					}
				}
			}
			if !info.BrokenBySplit {
				info.Closing = nil
			}
			c.Cycle = info
		}
	}
}

// edgeRemovedBySplit returns the context at either end of e whose table split
// removes every piece of evidence of e, or "".
func (m *model) edgeRemovedBySplit(e *Edge) string {
	for _, name := range []string{e.To, e.From} {
		tables := m.splitTables(name)
		all := len(e.Evidence) > 0
		for _, ev := range e.Evidence {
			if !m.g.removedBySplit(ev, name, tables) {
				all = false
				break
			}
		}
		if all {
			return name
		}
	}
	return ""
}

// splitTables caches Graph.splitTables.
func (m *model) splitTables(name string) map[string]bool {
	if t, ok := m.tables[name]; ok {
		return t
	}
	t := m.g.splitTables(name)
	m.tables[name] = t
	return t
}
