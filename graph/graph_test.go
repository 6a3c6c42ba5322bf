package graph_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/graph/graphtest"
)

func catalog(t testing.TB) graph.Input {
	t.Helper()
	in, err := graphtest.Catalog("..")
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestBuildCatalog(t *testing.T) {
	g := graph.Build(catalog(t))
	var got []string
	for _, e := range g.Edges {
		got = append(got, fmt.Sprintf("%s->%s %.2f [%s]", e.From, e.To, e.Weight, graph.EdgeSummary(e)))
	}
	want := []string{
		"coreproduct->pricing 8.00 [1 trigger]",
		"inventory->coreproduct 14.00 [1 foreign key, 1 view, 1 API use]",
		"marketing->coreproduct 12.00 [1 cross-context join, 1 shared sequence, 1 foreign read, 1 API use]",
		// The reference to inventory.Service.InStock is covered by the import finding.
		"marketing->inventory 10.00 [1 cross-context join, 1 foreign read, 1 forbidden import]",
		// 8×4 (shared table, key, write, transaction) + 5 (function) + 3(1+ln 3)
		// (reads) + 2(1+ln 2) (internals) + 1(1+ln 2) (API).
		"pricing->coreproduct 48.38 [1 shared table, 1 foreign key, 1 foreign write, 1 cross-context transaction, 1 function, 3 foreign reads, 2 uses of internals, 2 API uses]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(g.ClientsOf("pricing")); n != 4 {
		t.Errorf("pricing has %d clients in no context, want 4 (the facade's 3 calls and main's)", n)
	}
	if len(g.Contexts) != 4 {
		t.Errorf("%d contexts, want 4", len(g.Contexts))
	}
	if g.Context("pricing").Value != 3 || len(g.Context("pricing").Columns) != 3 {
		t.Errorf("pricing node %+v: want value 3 and 3 columns", g.Context("pricing"))
	}
}

func TestCoChanges(t *testing.T) {
	in := edgesInput("a->b:import", "c->d:import")
	in.CoChanges = []graph.CoChange{
		{A: "a", B: "b", Commits: []string{"111111111111", "222222222222"}},
		{A: "b", B: "c", Commits: []string{"333333333333"}}, // no dependency between them: no edge
	}
	g := graph.Build(in)
	e := g.Edge("a", "b")
	if e == nil || graph.EdgeSummary(e) != "1 forbidden import, 2 commits changing both" {
		t.Fatalf("a -> b: %+v", e)
	}
	if e.Evidence[1].Position() != "commit 111111111111" {
		t.Errorf("evidence %+v", e.Evidence[1])
	}
	if g.Edge("b", "a") != nil || g.Edge("b", "c") != nil || g.Edge("c", "b") != nil {
		t.Error("a co-change made an edge")
	}
	if got, want := e.Weight, 2+graph.Weigh(2, 2); math.Abs(got-want) > 1e-6 {
		t.Errorf("weight %v, want %v", got, want)
	}
	steps := graph.CutSet(g, "b")
	if strings.Contains(cutItems(steps, 2), "commit") {
		t.Error("a co-change is in the cut set")
	}
	in.Level = graph.LevelPackage
	if g := graph.Build(in); len(g.Edges) != 2 {
		t.Errorf("package level: %d edges", len(g.Edges))
	}
}

func TestWeigh(t *testing.T) {
	if got := graph.Weigh(3, 1); got != 3 {
		t.Errorf("Weigh(3, 1) = %v", got)
	}
	if got, want := graph.Weigh(3, 3), 3*(1+math.Log(3)); math.Abs(got-want) > 1e-12 {
		t.Errorf("Weigh(3, 3) = %v, want %v", got, want)
	}
}

func TestWeightsOverride(t *testing.T) {
	cfg, err := config.Parse("faultline.yaml", []byte("version: 1\ncontexts:\n  a: {packages: [a/...]}\nrank:\n  weights: {foreign-table: 4, foreign-write: 9, api: 0}\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := graph.Weights(cfg)
	if w["foreign-read"] != 4 || w["foreign-write"] != 9 || w["api"] != 0 || w["foreign-key"] != 8 {
		t.Errorf("weights %v", w)
	}
	if graph.DefaultWeights["api"] != 1 {
		t.Error("Weights changed DefaultWeights")
	}
}

func TestRankCatalog(t *testing.T) {
	r := graph.Rank(graph.Build(catalog(t)), graph.RankOptions{})
	var order []string
	for _, c := range r.Candidates {
		order = append(order, c.Context)
	}
	if order[0] != "pricing" || order[len(order)-1] != "coreproduct" {
		t.Fatalf("order %v: want pricing first and coreproduct last", order)
	}
	pricing, core := r.Candidates[0], r.Candidates[len(order)-1]
	if pricing.Level != "leaf" || core.Level != "hub" {
		t.Errorf("levels: pricing %s, coreproduct %s; want leaf and hub", pricing.Level, core.Level)
	}
	for _, want := range []string{
		"pricing: nothing depends on it (leaf)",
		"the trigger products_log_list_price_change on products fires on pricing's columns and moves to its side when products is split (step 3), so it counts as work of the split, not as a dependency",
		"it depends on coreproduct through 1 shared table, 1 foreign key, 1 foreign write, 1 cross-context transaction, 1 function, 3 foreign reads",
		"its loop with coreproduct is closed only by coreproduct -> pricing",
		"value 3",
	} {
		if !strings.Contains(pricing.Explanation, want) {
			t.Errorf("pricing's explanation lacks %q:\n%s", want, pricing.Explanation)
		}
	}
	for _, want := range []string{
		"coreproduct: pricing, inventory and marketing depend on it, with the shared table products, 2 foreign keys from price_history and stock",
		"(hub)",
		"it is in a loop with pricing: extract them together, or first cut coreproduct -> pricing (1 trigger, weight 8), which pricing's table split removes",
	} {
		if !strings.Contains(core.Explanation, want) {
			t.Errorf("coreproduct's explanation lacks %q:\n%s", want, core.Explanation)
		}
	}
	if pricing.Inbound.Count != 0 || pricing.Outbound.Count != 12 || pricing.Split != 8 {
		t.Errorf("pricing: inbound %d, outbound %d, split %v; want 0, 12, 8", pricing.Inbound.Count, pricing.Outbound.Count, pricing.Split)
	}
	if len(core.Hard) != 5 {
		t.Errorf("coreproduct has %d hard constraints, want 5 (shared table, 2 foreign keys, write, transaction): %+v", len(core.Hard), core.Hard)
	}
	for _, c := range r.Candidates {
		if !c.Stability.Stable {
			t.Errorf("%s is not stable: %+v", c.Context, c.Stability)
		}
	}
	if pricing.Cycle == nil || !pricing.Cycle.BrokenBySplit || core.Cycle == nil || core.Cycle.BrokenBySplit {
		t.Errorf("cycles: pricing %+v, coreproduct %+v", pricing.Cycle, core.Cycle)
	}
	if r.MaxCost != core.Cost || core.NormalizedCost != 1 {
		t.Errorf("max cost %v, coreproduct's %v (normalized %v)", r.MaxCost, core.Cost, core.NormalizedCost)
	}
	wantScore := pricing.Value / (1 + pricing.Cost/r.MaxCost)
	if math.Abs(pricing.Score-wantScore) > 1e-6 {
		t.Errorf("pricing's score %v, want %v", pricing.Score, wantScore)
	}
}

// cutItems returns step n of the cut set as "position action [kind] subject ddl" lines.
func cutItems(steps []graph.CutStep, n int) string {
	var b strings.Builder
	for _, it := range steps[n-1].Items {
		fmt.Fprintf(&b, "%s %s [%s] %s %s\n", it.Position(), it.Action, it.Kind, it.Subject, it.DDL)
	}
	return b.String()
}

func TestCutSetPricing(t *testing.T) {
	steps := graph.CutSet(graph.Build(catalog(t)), "pricing")
	if len(steps) != 9 || steps[0].Name != "identify" || steps[8].Name != "remove from monolith" {
		t.Fatalf("steps %+v", steps)
	}
	checks := []struct {
		step int
		want string
	}{
		{1, "package of pricing [config] internal/pricing/..."},
		{1, "table to split [shared-table] public.products"},
		{2, "db/migrations/000003_create_price_history.up.sql:9:5 drop the foreign key; check the reference in code [foreign-key] price_history_sku_fkey"},
		{2, "internal/pricing/quote.go:7:2 call coreproduct through its API instead [private]"},
		{2, "internal/pricing/repository/history.go:54:32 route the write through coreproduct's API [foreign-table]"},
		{2, "internal/pricing/repository/history.go:42:19 turn the transaction into a saga"},
		{3, "CREATE TABLE product_prices (sku text PRIMARY KEY"},
		{3, "db/migrations/000005_log_list_price_changes.up.sql:12:1 move the trigger to pricing's side with its columns"},
		{4, "internal/pricing/quote.go:21:26 read through coreproduct's API: a call back into the monolith [foreign-table] read public.products(category_name, is_active, name, sku)"},
		{4, "internal/pricing/repository/prices.go:58:36 read through coreproduct's API"},
		{4, "db/queries/pricing/prices.sql:7:1 read through coreproduct's API"},
		{5, "internal/catalog/service.go:31:19 move this call to pricing's service [reference] use of pricing.Service.PriceFor"},
		{5, "internal/catalog/service.go:40:19 move this call"},
		{5, "internal/catalog/service.go:45:19 move this call"},
		{6, "move column products.sale_price to pricing's database"},
		{6, "move table price_history to pricing's database"},
		{9, "ALTER TABLE products DROP COLUMN original_price, DROP COLUMN sale_price, DROP COLUMN is_on_sale;"},
		{9, "DROP TABLE price_history;"},
	}
	for _, c := range checks {
		if got := cutItems(steps, c.step); !strings.Contains(got, c.want) {
			t.Errorf("step %d lacks %q:\n%s", c.step, c.want, got)
		}
	}
	if got := cutItems(steps, 1); !strings.HasPrefix(got, "faultline.yaml:9:16 ") {
		t.Errorf("config items should point into faultline.yaml relative to its directory:\n%s", got)
	}
	if got := cutItems(steps, 2); strings.Contains(got, "trigger") {
		t.Errorf("the trigger the split removes is in step 2 too:\n%s", got)
	}
}

// TestTriggerFromPricing is the catalog with the trigger reported the other way,
// pricing -> coreproduct (pricing's logic on coreproduct's table), as the
// analyzer words it: no loop, and the split still takes the trigger along.
func TestTriggerFromPricing(t *testing.T) {
	in := catalog(t)
	for i, f := range in.Findings {
		if f.Kind == finding.Trigger {
			in.Findings[i].From, in.Findings[i].To = "pricing", "coreproduct"
			in.Findings[i].Tables, in.Findings[i].Columns = []string{"public.products"}, nil
		}
	}
	g := graph.Build(in)
	r := graph.Rank(g, graph.RankOptions{})
	pricing := r.Candidates[0]
	if pricing.Context != "pricing" || pricing.Cycle != nil || len(r.Cycles) != 0 || pricing.Split != 8 {
		t.Fatalf("first %s, cycle %+v, cycles %v, split %v", pricing.Context, pricing.Cycle, r.Cycles, pricing.Split)
	}
	if strings.Contains(graph.EdgeSummary(g.Edge("pricing", "coreproduct")), "trigger") == false {
		t.Error("the edge lost its trigger")
	}
	for _, l := range pricing.Outbound.Contexts {
		for _, f := range l.Families {
			if f.Family == "trigger" {
				t.Error("the trigger the split removes counts as an outbound dependency")
			}
		}
	}
	if got := cutItems(pricing.Cut, 3); !strings.Contains(got, "move the trigger to pricing's side") {
		t.Errorf("step 3:\n%s", got)
	}
	// For core product it is a hard constraint like any other.
	core := r.Candidates[len(r.Candidates)-1]
	if !strings.Contains(core.Explanation, "a trigger on products") {
		t.Errorf("coreproduct: %s", core.Explanation)
	}
}

func TestCutSetHub(t *testing.T) {
	steps := graph.CutSet(graph.Build(catalog(t)), "coreproduct")
	for _, c := range []struct {
		step int
		want string
	}{
		{2, "route pricing's write through coreproduct's API"},
		{2, "drop the foreign key; check the reference in code [foreign-key] stock_sku_fkey"},
		{2, "replace the trigger with an event the owner publishes [trigger]"},
		{2, "replace the view"},
		{2, "give each context its own id source [sequence]"},
		{5, "move inventory's call to coreproduct's service"},
		{5, "internal/catalog/service.go:26:19 move this call to coreproduct's service"},
		{7, "marketing reads coreproduct's data: give it a copy"},
	} {
		if got := cutItems(steps, c.step); !strings.Contains(got, c.want) {
			t.Errorf("step %d lacks %q:\n%s", c.step, c.want, got)
		}
	}
}

// edgesInput builds an input from "a->b:kind" specs.
func edgesInput(specs ...string) graph.Input {
	var in graph.Input
	for i, s := range specs {
		ends, kind, _ := strings.Cut(s, ":")
		from, to, _ := strings.Cut(ends, "->")
		in.Findings = append(in.Findings, finding.Finding{
			Kind: finding.Kind(kind), From: from, To: to, Subject: s, File: "f.go", Line: i + 1,
		})
	}
	return in
}

func TestComponents(t *testing.T) {
	g := graph.Build(edgesInput(
		"a->b:import", "b->c:import", "c->a:foreign-key", // a b c
		"c->d:import",                  // d alone
		"e->f:private", "f->e:private", // e f
		"g->g:import", // self: ignored
	))
	got := fmt.Sprint(graph.Components(g))
	if got != "[[a b c] [e f]]" {
		t.Errorf("Components = %s", got)
	}
}

func TestBreakEdges(t *testing.T) {
	// a->b and b->c are heavy, c->a light, plus a heavy two-cycle b<->d whose
	// lighter edge is d->b.
	g := graph.Build(edgesInput(
		"a->b:foreign-key", "b->c:trigger", "c->a:private",
		"b->d:foreign-key", "d->b:view",
	))
	comps := graph.Components(g)
	if len(comps) != 1 {
		t.Fatalf("components %v", comps)
	}
	var got []string
	for _, e := range graph.BreakEdges(g, comps[0]) {
		got = append(got, e.From+"->"+e.To)
	}
	if fmt.Sprint(got) != "[d->b c->a]" {
		t.Errorf("BreakEdges = %v, want [d->b c->a]", got)
	}
}

func TestCyclesCatalog(t *testing.T) {
	fs := graph.Cycles(graph.Build(catalog(t)))
	if len(fs) != 1 {
		t.Fatalf("%d cycle findings, want 1: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.Kind != finding.Cycle || f.From != "coreproduct" || f.To != "pricing" || f.Subject != "coreproduct <-> pricing" ||
		f.File != "db/migrations/000005_log_list_price_changes.up.sql" || f.Line != 12 || f.AllowedBy != "" {
		t.Errorf("cycle finding %+v", f)
	}
	if !strings.Contains(f.Fix, "cut coreproduct -> pricing (1 trigger, weight 8.0)") {
		t.Errorf("fix %q", f.Fix)
	}
	// At a finer level the cycles are the same, at the context level.
	if got := graph.Cycles(graph.Build(catalog(t)).AtLevel(graph.LevelTable)); len(got) != 1 || got[0].Key() != f.Key() {
		t.Errorf("cycles at the table level: %+v", got)
	}
}

func TestCyclesAllowed(t *testing.T) {
	in := edgesInput("a->b:import", "b->a:import")
	for i := range in.Findings {
		in.Findings[i].AllowedBy = "TICKET-1"
	}
	fs := graph.Cycles(graph.Build(in))
	if len(fs) != 1 || fs[0].AllowedBy != "TICKET-1" {
		t.Errorf("cycles %+v: want one allowed by TICKET-1", fs)
	}
}

func TestStabilitySwap(t *testing.T) {
	// x and y are leaves of equal value; x depends on h through two foreign
	// reads (3(1+ln 2) = 5.1), y through three uses of internals (2(1+ln 3) =
	// 4.2), so y ranks first; with foreign reads at half weight they swap.
	g := graph.Build(edgesInput(
		"x->h:foreign-table", "x->h:foreign-table", "y->h:private", "y->h:private", "y->h:private",
	))
	r := graph.Rank(g, graph.RankOptions{})
	byName := map[string]*graph.Candidate{}
	for _, c := range r.Candidates {
		byName[c.Context] = c
	}
	x, y := byName["x"], byName["y"]
	if y.Rank >= x.Rank {
		t.Fatalf("y (rank %d) should rank before x (rank %d)", y.Rank, x.Rank)
	}
	if y.Stability.Stable || y.Stability.SwapsWith != "x" || x.Stability.SwapsWith != "y" {
		t.Errorf("stability: x %+v, y %+v", x.Stability, y.Stability)
	}
	if byName["h"].Stability.Stable != true {
		t.Errorf("the hub moved: %+v", byName["h"].Stability)
	}
	if r.Scenarios < 10 {
		t.Errorf("%d scenarios", r.Scenarios)
	}
}

func TestRankTiesByName(t *testing.T) {
	r := graph.Rank(graph.Build(edgesInput("b->h:import", "a->h:import")), graph.RankOptions{})
	if r.Candidates[0].Context != "a" || r.Candidates[1].Context != "b" || r.Candidates[0].Score != r.Candidates[1].Score {
		t.Errorf("tie: %s %v, %s %v", r.Candidates[0].Context, r.Candidates[0].Score, r.Candidates[1].Context, r.Candidates[1].Score)
	}
}

func TestRankValues(t *testing.T) {
	r := graph.Rank(graph.Build(catalog(t)), graph.RankOptions{
		Values:     map[string]float64{"coreproduct": 100},
		ValueNotes: map[string]string{"coreproduct": "a busy year"},
	})
	if r.Candidates[0].Context != "coreproduct" || !strings.Contains(r.Candidates[0].Explanation, "value 100 (a busy year)") {
		t.Errorf("first %s: %s", r.Candidates[0].Context, r.Candidates[0].Explanation)
	}
}

func TestLevels(t *testing.T) {
	in := catalog(t)
	in.Level = graph.LevelPackage
	g := graph.Build(in)
	for _, id := range []string{"pkg:internal/pricing", "pkg:internal/pricing/repository", "pkg:db/queries/pricing", "pkg:internal/coreproduct/repository", "pkg:internal/coreproduct/api", "rest:coreproduct", "rest:pricing"} {
		if g.Node(id) == nil {
			t.Errorf("package level lacks node %s", id)
		}
	}
	if e := g.Edge("pkg:internal/pricing", "pkg:internal/coreproduct/repository"); e == nil || e.FromContext != "pricing" {
		t.Errorf("the private import should go from internal/pricing to coreproduct's repository: %+v", e)
	}
	if e := g.Edge("rest:pricing", "rest:coreproduct"); e == nil {
		t.Error("the schema findings should go from pricing's schema to coreproduct's")
	}

	in.Level = graph.LevelTable
	g = graph.Build(in)
	if e := g.Edge("table:public.price_history", "table:public.products"); e == nil || e.Evidence[0].Kind != "foreign-key" {
		t.Errorf("table level: price_history -> products: %+v", e)
	}
	if e := g.Edge("table:public.products", "table:public.price_history"); e == nil || e.Evidence[0].Kind != "trigger" {
		t.Errorf("table level: the trigger products -> price_history: %+v", e)
	}
	if n := g.Node("table:public.stock"); n == nil || n.Context != "inventory" {
		t.Errorf("stock: %+v", n)
	}
}

func TestFocus(t *testing.T) {
	g := graph.Build(catalog(t))
	f := g.Focus("inventory")
	var ids []string
	for _, n := range f.Nodes {
		ids = append(ids, n.ID)
	}
	if fmt.Sprint(ids) != "[coreproduct inventory marketing]" || len(f.Edges) != 2 {
		t.Errorf("focus on inventory: nodes %v, %d edges", ids, len(f.Edges))
	}
	if g.Focus("nope") != nil {
		t.Error("focus on an unknown context should be nil")
	}
}

// TestDeterministic shuffles the input and checks that the graph and ranking
// come out byte for byte the same.
func TestDeterministic(t *testing.T) {
	render := func(in graph.Input) string {
		g := graph.Build(in)
		r := graph.Rank(g, graph.RankOptions{})
		b, err := json.Marshal(struct {
			G *graph.Graph
			R *graph.Ranking
			C []finding.Finding
		}{g, r, graph.Cycles(g)})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	in := catalog(t)
	want := render(in)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		rng.Shuffle(len(in.Findings), func(i, j int) { in.Findings[i], in.Findings[j] = in.Findings[j], in.Findings[i] })
		rng.Shuffle(len(in.References), func(i, j int) { in.References[i], in.References[j] = in.References[j], in.References[i] })
		if got := render(in); got != want {
			t.Fatal("output depends on the order of the input")
		}
	}
}

func TestSyntheticRank(t *testing.T) {
	in := graphtest.Synthetic(60, 900)
	g := graph.Build(in)
	if len(g.Edges) != 900 {
		t.Fatalf("%d edges", len(g.Edges))
	}
	comps := graph.Components(g)
	if len(comps) != 1 || len(comps[0]) != 60 {
		t.Fatalf("components %v", comps)
	}
	cut := graph.BreakEdges(g, comps[0])
	// Without the cut edges, no cycle is left.
	drop := map[*graph.Edge]bool{}
	for _, e := range cut {
		drop[e] = true
	}
	var rest graph.Input
	for _, e := range g.Edges {
		if !drop[e] {
			rest.Findings = append(rest.Findings, finding.Finding{Kind: finding.Import, From: e.From, To: e.To, Subject: "x"})
		}
	}
	if c := graph.Components(graph.Build(rest)); len(c) != 0 {
		t.Errorf("cycles left after cutting %d edges: %v", len(cut), c)
	}
	r := graph.Rank(g, graph.RankOptions{})
	if len(r.Candidates) != 60 || r.Candidates[0].Rank != 1 {
		t.Errorf("ranking of %d", len(r.Candidates))
	}
}
