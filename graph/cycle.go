package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
)

// Components returns the strongly connected components of g with more than one
// node (Tarjan's algorithm): the groups of nodes that depend on each other in a
// loop. Each component is sorted by ID, and the components by their first ID,
// so the result does not depend on map order.
func Components(g *Graph) [][]string {
	ids := make([]string, len(g.Nodes))
	index := make(map[string]int, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[i] = n.ID
		index[n.ID] = i
	}
	adj := make([][]int, len(ids))
	for _, e := range g.Edges {
		adj[index[e.From]] = append(adj[index[e.From]], index[e.To])
	}

	// Iterative Tarjan, so that a long chain does not exhaust the stack.
	const unvisited = -1
	num := make([]int, len(ids))
	low := make([]int, len(ids))
	onStack := make([]bool, len(ids))
	for i := range num {
		num[i] = unvisited
	}
	var stack []int
	var comps [][]string
	type frame struct{ v, next int }
	counter := 0
	for root := range ids {
		if num[root] != unvisited {
			continue
		}
		call := []frame{{root, 0}}
		num[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			top := &call[len(call)-1]
			v := top.v
			if top.next < len(adj[v]) {
				w := adj[v][top.next]
				top.next++
				switch {
				case num[w] == unvisited:
					num[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				case onStack[w]:
					low[v] = min(low[v], num[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != num[v] {
				continue
			}
			var comp []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, ids[w])
				if w == v {
					break
				}
			}
			if len(comp) > 1 {
				slices.Sort(comp)
				comps = append(comps, comp)
			}
		}
	}
	slices.SortFunc(comps, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
	return comps
}

// BreakEdges returns a light set of edges inside one component whose removal
// leaves the component without a cycle: a feedback arc set, heaviest first.
//
// Finding the lightest such set is NP-hard, so it is approximated the way Eades,
// Lin and Smyth order a graph: repeatedly take out sinks (they go last) and
// sources (they go first); when neither is left, the node whose outgoing weight
// most exceeds its incoming weight goes first. The edges that point backwards
// in that order are the set. Then, while the graph is small enough, each edge of
// the set is put back, heaviest first, if it closes no cycle with the edges kept,
// so that no edge is cut that need not be. Ties go by node ID, so the answer is
// deterministic. In a loop a ↔ b closed by one light edge (a trigger against
// foreign keys and writes the other way) it names that edge alone.
func BreakEdges(g *Graph, component []string) []*Edge {
	in := make(map[string]bool, len(component))
	for _, id := range component {
		in[id] = true
	}
	var edges []*Edge
	for _, id := range component {
		for _, e := range g.Out(id) {
			if in[e.To] && e.From != e.To {
				edges = append(edges, e)
			}
		}
	}
	order := elsOrder(component, edges)
	pos := make(map[string]int, len(order))
	for i, id := range order {
		pos[id] = i
	}
	var back, kept []*Edge
	for _, e := range edges {
		if pos[e.From] > pos[e.To] {
			back = append(back, e)
		} else {
			kept = append(kept, e)
		}
	}
	slices.SortFunc(back, heavierFirst)
	if len(back)*(len(order)+len(edges)) <= 20_000_000 {
		adj := make([][]int, len(order))
		for _, e := range kept {
			adj[pos[e.From]] = append(adj[pos[e.From]], pos[e.To])
		}
		seen := make([]int, len(order))
		stamp := 0
		var stack []int
		// reaches reports whether to can be reached from from over adj.
		reaches := func(from, to int) bool {
			stamp++
			stack = append(stack[:0], from)
			seen[from] = stamp
			for len(stack) > 0 {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if n == to {
					return true
				}
				for _, m := range adj[n] {
					if seen[m] != stamp {
						seen[m] = stamp
						stack = append(stack, m)
					}
				}
			}
			return false
		}
		var cut []*Edge
		for _, e := range back {
			from, to := pos[e.From], pos[e.To]
			if reaches(to, from) {
				cut = append(cut, e)
			} else {
				adj[from] = append(adj[from], to)
			}
		}
		back = cut
	}
	return back
}

func heavierFirst(a, b *Edge) int {
	return cmp.Or(cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
}

// elsOrder is the Eades–Lin–Smyth order of the nodes, weighted. Sinks and
// sources are taken from queues; the rest is one scan of the live nodes per
// choice, O(V² + E) in all.
func elsOrder(nodes []string, edges []*Edge) []string {
	sorted := slices.Clone(nodes)
	slices.Sort(sorted)
	idx := make(map[string]int, len(sorted))
	for i, n := range sorted {
		idx[n] = i
	}
	type arc struct {
		other int
		w     float64
	}
	out := make([][]arc, len(sorted))
	inn := make([][]arc, len(sorted))
	outW := make([]float64, len(sorted))
	inW := make([]float64, len(sorted))
	outN := make([]int, len(sorted))
	inN := make([]int, len(sorted))
	for _, e := range edges {
		a, b := idx[e.From], idx[e.To]
		out[a] = append(out[a], arc{b, e.Weight})
		inn[b] = append(inn[b], arc{a, e.Weight})
		outW[a] += e.Weight
		inW[b] += e.Weight
		outN[a]++
		inN[b]++
	}
	alive := make([]bool, len(sorted))
	left := len(sorted)
	var queue []int // sinks and sources, checked when taken
	for i := range sorted {
		alive[i] = true
		if outN[i] == 0 || inN[i] == 0 {
			queue = append(queue, i)
		}
	}
	var head, tail []string
	remove := func(n int) {
		alive[n] = false
		left--
		for _, a := range out[n] {
			if alive[a.other] {
				inW[a.other] -= a.w
				if inN[a.other]--; inN[a.other] == 0 {
					queue = append(queue, a.other)
				}
			}
		}
		for _, a := range inn[n] {
			if alive[a.other] {
				outW[a.other] -= a.w
				if outN[a.other]--; outN[a.other] == 0 {
					queue = append(queue, a.other)
				}
			}
		}
	}
	for left > 0 {
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if !alive[n] {
				continue
			}
			if outN[n] == 0 {
				tail = append(tail, sorted[n])
			} else {
				head = append(head, sorted[n])
			}
			remove(n)
		}
		if left == 0 {
			break
		}
		best := -1
		for i := range sorted {
			if alive[i] && (best < 0 || outW[i]-inW[i] > outW[best]-inW[best]) {
				best = i
			}
		}
		head = append(head, sorted[best])
		remove(best)
	}
	slices.Reverse(tail)
	return append(head, tail...)
}

// Cycles returns one finding of kind cycle for each group of contexts that
// depend on each other in a loop, at the context level whatever g's level. The
// finding sits at the first evidence of the heaviest edge its fix says to cut,
// and an allow entry or the baseline excuses it only when they excuse every
// edge of the loop.
func Cycles(g *Graph) []finding.Finding {
	if g.Level != LevelContext {
		g = g.AtLevel(LevelContext)
	}
	var out []finding.Finding
	for _, comp := range Components(g) {
		cut := BreakEdges(g, comp)
		inner := innerEdges(g, comp)
		f := finding.Finding{
			Kind:     finding.Cycle,
			Severity: finding.Warning,
			From:     comp[0],
			To:       comp[1],
			Subject:  strings.Join(comp, " <-> "),
		}
		var parts []string
		for _, e := range inner {
			parts = append(parts, fmt.Sprintf("%s -> %s (%s)", e.From, e.To, EdgeSummary(e)))
		}
		f.Message = fmt.Sprintf("contexts %s depend on each other in a loop: %s", joinAnd(comp), strings.Join(parts, "; "))
		var cuts []string
		for _, e := range cut {
			cuts = append(cuts, fmt.Sprintf("%s -> %s (%s, weight %.1f)", e.From, e.To, EdgeSummary(e), e.Weight))
		}
		f.Fix = "cut " + strings.Join(cuts, " and ") + ", the lightest edges that break the loop, or extract " + joinAnd(comp) + " together"
		if len(cut) > 0 && len(cut[0].Evidence) > 0 {
			ev := cut[0].Evidence[0]
			f.File, f.Line, f.Column, f.Object = ev.File, ev.Line, ev.Column, ev.Object
		}
		tables := map[string]bool{}
		for _, e := range inner {
			for _, ev := range e.Evidence {
				for _, t := range ev.Tables {
					tables[t] = true
				}
			}
		}
		for t := range tables {
			f.Tables = append(f.Tables, t)
		}
		slices.Sort(f.Tables)
		excused := true
		var reasons []string
		for _, e := range inner {
			excused = excused && e.Excused()
			for _, ev := range e.Evidence {
				if ev.AllowedBy != "" && !slices.Contains(reasons, ev.AllowedBy) {
					reasons = append(reasons, ev.AllowedBy)
				}
			}
		}
		if excused {
			f.AllowedBy = strings.Join(reasons, "; ")
			if f.AllowedBy == "" {
				f.AllowedBy = "every edge of the loop is in the baseline"
			}
		}
		out = append(out, f)
	}
	return finding.Sort(out)
}

// innerEdges returns the edges between members of a component.
func innerEdges(g *Graph, comp []string) []*Edge {
	var out []*Edge
	for _, id := range comp {
		for _, e := range g.Out(id) {
			if slices.Contains(comp, e.To) {
				out = append(out, e)
			}
		}
	}
	return out
}

// EdgeSummary says what an edge holds: "1 trigger" or "3 foreign reads, 1 shared
// table", hardest family first.
func EdgeSummary(e *Edge) string {
	var parts []string
	for _, f := range e.Families {
		parts = append(parts, fmt.Sprintf("%d %s", f.Count, FamilyNoun(f.Family, f.Count)))
	}
	return strings.Join(parts, ", ")
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
