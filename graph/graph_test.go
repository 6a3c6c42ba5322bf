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
		// 8 (key) + 5 (view) + 1(1+ln 4) (API).
		"inventory->coreproduct 15.39 [1 foreign key, 1 view, 4 API uses]",
		// 5 (join) + 3 (sequence) + 3 (read) + 1(1+ln 5) (API).
		"marketing->coreproduct 13.61 [1 cross-context join, 1 shared sequence, 1 foreign read, 5 API uses]",
		// The reference to inventory.Service.InStock is covered by the import finding.
		"marketing->inventory 10.00 [1 cross-context join, 1 foreign read, 1 forbidden import]",
		// 8×5 (shared table, key, trigger, write, transaction) + 5 (function) +
		// 3(1+ln 3) (reads) + 2(1+ln 2) (internals) + 1(1+ln 5) (API). The
		// trigger fires on pricing's column original_price of coreproduct's
		// products: pricing's logic on another context's table, so the edge
		// goes from pricing, and there is none from coreproduct to pricing.
		"pricing->coreproduct 57.29 [1 shared table, 1 foreign key, 1 trigger, 1 foreign write, 1 cross-context transaction, 1 function, 3 foreign reads, 2 uses of internals, 5 API uses]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e := g.Edge("coreproduct", "pricing"); e != nil {
		t.Errorf("an edge coreproduct -> pricing: %s", graph.EdgeSummary(e))
	}
	// The clients in no context: the CatalogService facade and main.
	clients := map[string]int{}
	var calls []string
	for _, r := range g.ClientsOf("pricing") {
		clients[r.File]++
		calls = append(calls, fmt.Sprintf("%s:%d:%d", r.File, r.Line, r.Column))
	}
	if len(calls) != 11 || clients["internal/catalog/service.go"] != 7 || clients["cmd/catalog/main.go"] != 4 {
		t.Errorf("pricing's clients in no context %v, want 7 in the facade internal/catalog/service.go and 4 in cmd/catalog/main.go", calls)
	}
	for _, want := range []string{"internal/catalog/service.go:31:22", "internal/catalog/service.go:40:19", "internal/catalog/service.go:45:19"} {
		if !slices.Contains(calls, want) {
			t.Errorf("pricing's clients lack the facade's call at %s: %v", want, calls)
		}
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
		"pricing: nothing depends on it (leaf); ",
		"; it depends on coreproduct through 1 shared table, 1 foreign key, 1 foreign write, 1 cross-context transaction, 1 function, 3 foreign reads, 2 uses of internals and 5 API uses; ",
		// The trigger is pricing's, on coreproduct's products: the split takes
		// it along, so it is not among the dependencies above.
		"; the trigger products_log_list_price_change on products goes with pricing's columns when products is split (step 3), so it counts as part of the split, not as a dependency; ",
		"; value 3.",
	} {
		if !strings.Contains(pricing.Explanation, want) {
			t.Errorf("pricing's explanation lacks %q:\n%s", want, pricing.Explanation)
		}
	}
	for _, want := range []string{
		"coreproduct: pricing, inventory and marketing depend on it, with the shared table products, 2 foreign keys from price_history and stock, a trigger on products, a foreign write from pricing and a cross-context transaction in pricing (hub); ",
		"; it depends on no other context; ",
	} {
		if !strings.Contains(core.Explanation, want) {
			t.Errorf("coreproduct's explanation lacks %q:\n%s", want, core.Explanation)
		}
	}
	for _, c := range r.Candidates {
		if strings.Contains(c.Explanation, "loop") {
			t.Errorf("the catalog has no loop, but: %s", c.Explanation)
		}
	}
	// Pricing's 16 pieces of evidence, the trigger its split takes along
	// included: an outbound trigger weighs the same as work of the split.
	if pricing.Inbound.Count != 0 || pricing.Outbound.Count != 16 || pricing.Split != 0 || pricing.Outbound.Contexts[0].SplitCount != 1 {
		t.Errorf("pricing: inbound %d, outbound %+v, split %v; want 0, 16 of which 1 split, 0", pricing.Inbound.Count, pricing.Outbound, pricing.Split)
	}
	if len(core.Hard) != 6 {
		t.Errorf("coreproduct has %d hard constraints, want 6 (shared table, 2 foreign keys, trigger, write, transaction): %+v", len(core.Hard), core.Hard)
	}
	for _, c := range r.Candidates {
		if !c.Stability.Stable {
			t.Errorf("%s is not stable: %+v", c.Context, c.Stability)
		}
	}
	if len(r.Cycles) != 0 || pricing.Cycle != nil || core.Cycle != nil {
		t.Errorf("cycles %v: pricing %+v, coreproduct %+v; the catalog has none", r.Cycles, pricing.Cycle, core.Cycle)
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
		{1, "db/migrations/000001_create_products.up.sql:3:1 table to split [shared-table] products"},
		{2, "db/migrations/000003_create_price_history.up.sql:9:5 drop the foreign key; check the reference in code [foreign-key] price_history.price_history_sku_fkey"},
		{2, "internal/pricing/quote.go:7:2 call coreproduct through its API instead [private]"},
		{2, "internal/pricing/repository/history.go:54:35 route the write through coreproduct's API [foreign-table] repository.Prices.Clearance: write public.products"},
		{2, "internal/pricing/repository/history.go:42:13 turn the transaction into a saga"},
		{3, "db/migrations/000001_create_products.up.sql:3:1 split the table: pricing's columns go to a table of their own [shared-table] products CREATE TABLE pricing_products (sku text PRIMARY KEY"},
		{3, "db/migrations/000005_log_list_price_changes.up.sql:12:1 move the trigger to pricing's side with its columns: it fires on them [trigger] products.products_log_list_price_change"},
		{4, "internal/pricing/quote.go:21:12 read through coreproduct's API: a call back into the monolith [foreign-table] pricing.Service.QuoteFor: read public.products"},
		// Pricing's own write of is_on_sale: the split's work, in step 3 only.
		{3, "internal/pricing/repository/prices.go:74:36 point this statement at pricing's new table: it writes pricing's own column is_on_sale of public.products [shared-table] repository.Prices.SetOnSale: write public.products"},
		{4, "internal/pricing/repository/prices.go:58:34 read through coreproduct's API"},
		{4, "db/queries/pricing/prices.sql:7:1 read through coreproduct's API"},
		{4, "internal/pricing/service.go:53:23 becomes a remote call to coreproduct [reference] use of api.Client.Product"},
		// The CatalogService facade's calls.
		{5, "internal/catalog/service.go:31:22 move this call to pricing's service [reference] use of pricing.Service.PriceFor"},
		{5, "internal/catalog/service.go:40:19 move this call to pricing's service [reference] use of pricing.Service.PriceRangeFor"},
		{5, "internal/catalog/service.go:45:19 move this call to pricing's service [reference] use of pricing.Service.UpdateIsOnSaleFor"},
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
	// The split's DDL is the statements of step 3 alone, one per line: no
	// prose around them, and the columns are dropped in step 9, not here.
	var ddl []string
	for _, it := range steps[2].Items {
		if it.DDL != "" {
			ddl = append(ddl, it.DDL)
		}
	}
	want := "CREATE TABLE pricing_products (sku text PRIMARY KEY, original_price numeric(12,2) NOT NULL, sale_price numeric(12,2), is_on_sale boolean NOT NULL DEFAULT false);\n" +
		"INSERT INTO pricing_products (sku, original_price, sale_price, is_on_sale) SELECT sku, original_price, sale_price, is_on_sale FROM products;"
	if len(ddl) != 1 || ddl[0] != want {
		t.Errorf("step 3's DDL:\n%s\nwant:\n%s", strings.Join(ddl, "\n--\n"), want)
	}
}

func TestSplitDDLWithoutPrimaryKey(t *testing.T) {
	fix := "products has no primary key: add one first (the identifier both contexts will share), move pricing's columns original_price into a table pricing_products keyed by it, and then ALTER TABLE products DROP COLUMN original_price;"
	in := graph.Input{Findings: []finding.Finding{{
		Kind: finding.SharedTable, From: "pricing", To: "coreproduct", Subject: "products",
		File: "m.sql", Line: 1, Column: 1, Fix: fix, Tables: []string{"public.products"},
	}}}
	steps := graph.CutSet(graph.Build(in), "pricing")
	if len(steps[2].Items) != 1 {
		t.Fatalf("step 3: %+v", steps[2].Items)
	}
	if it := steps[2].Items[0]; it.DDL != "" || it.Action != "split the table: "+fix {
		t.Errorf("a fix without statements to run should be the action, not DDL: %+v", it)
	}
}

// TestTriggerIntoPricing is the catalog with the trigger reported the other
// way, coreproduct -> pricing (coreproduct's table, firing on pricing's column
// and writing pricing's price_history), as a hand-written fixture once had it:
// a loop coreproduct <-> pricing that only that trigger closes, which pricing's
// own table split removes. The explanation words the trigger the same way in
// both directions.
func TestTriggerIntoPricing(t *testing.T) {
	in := catalog(t)
	n := 0
	for i, f := range in.Findings {
		if f.Kind == finding.Trigger {
			in.Findings[i].From, in.Findings[i].To = "coreproduct", "pricing"
			in.Findings[i].Tables = []string{"public.price_history", "public.products"}
			in.Findings[i].Columns = []string{"public.products.original_price"}
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d triggers in the catalog, want 1", n)
	}
	g := graph.Build(in)
	if e := g.Edge("coreproduct", "pricing"); e == nil || graph.EdgeSummary(e) != "1 trigger" {
		t.Fatalf("coreproduct -> pricing: %+v", e)
	}
	if got := fmt.Sprint(graph.Components(g)); got != "[[coreproduct pricing]]" {
		t.Errorf("components %s", got)
	}
	if fs := graph.Cycles(g); len(fs) != 1 || fs[0].Subject != "coreproduct <-> pricing" ||
		fs[0].File != "db/migrations/000005_log_list_price_changes.up.sql" || fs[0].Line != 12 ||
		!strings.Contains(fs[0].Fix, "cut coreproduct -> pricing (1 trigger, weight 8.0)") {
		t.Errorf("cycles %+v", fs)
	}

	r := graph.Rank(g, graph.RankOptions{})
	pricing, core := r.Candidates[0], r.Candidates[len(r.Candidates)-1]
	if pricing.Context != "pricing" || core.Context != "coreproduct" {
		t.Fatalf("first %s, last %s", pricing.Context, core.Context)
	}
	if pricing.Cycle == nil || !pricing.Cycle.BrokenBySplit || core.Cycle == nil || core.Cycle.BrokenBySplit {
		t.Errorf("cycles: pricing %+v, coreproduct %+v", pricing.Cycle, core.Cycle)
	}
	// The trigger into pricing is inbound, but its split removes it: it
	// counts at the outbound factor and makes no dependent.
	if pricing.Inbound.Count != 1 || pricing.Inbound.Contexts[0].Dependency() || pricing.Outbound.Count != 15 || pricing.Split != 8 {
		t.Errorf("pricing: inbound %+v, outbound %d, split %v; want 1 removed by the split, 15, 8", pricing.Inbound, pricing.Outbound.Count, pricing.Split)
	}
	for _, want := range []string{
		"pricing: nothing depends on it (leaf); ",
		"; the trigger products_log_list_price_change on products goes with pricing's columns when products is split (step 3), so it counts as part of the split, not as a dependency; ",
		"; its loop with coreproduct is closed only by coreproduct -> pricing (1 trigger, weight 8), which its own table split removes, so it can go alone; ",
	} {
		if !strings.Contains(pricing.Explanation, want) {
			t.Errorf("pricing's explanation lacks %q:\n%s", want, pricing.Explanation)
		}
	}
	for _, want := range []string{
		"; it depends on pricing through 1 trigger; ",
		"; it is in a loop with pricing: extract them together, or first cut coreproduct -> pricing (1 trigger, weight 8), which pricing's table split removes; ",
	} {
		if !strings.Contains(core.Explanation, want) {
			t.Errorf("coreproduct's explanation lacks %q:\n%s", want, core.Explanation)
		}
	}
	if got := cutItems(pricing.Cut, 3); !strings.Contains(got, "move the trigger to pricing's side") {
		t.Errorf("step 3:\n%s", got)
	}
	if got := cutItems(pricing.Cut, 2); strings.Contains(got, "trigger") {
		t.Errorf("the trigger the split removes is in step 2 too:\n%s", got)
	}
}

func TestCutSetHub(t *testing.T) {
	steps := graph.CutSet(graph.Build(catalog(t)), "coreproduct")
	for _, c := range []struct {
		step int
		want string
	}{
		{2, "route pricing's write through coreproduct's API"},
		{2, "db/migrations/000006_create_stock.up.sql:2:33 drop the foreign key; check the reference in code [foreign-key] stock.stock_sku_fkey"},
		// Pricing's trigger on products is in the way of coreproduct's split.
		{2, "db/migrations/000005_log_list_price_changes.up.sql:12:1 replace the trigger with an event the owner publishes [trigger] products.products_log_list_price_change"},
		{2, "replace the view"},
		{2, "give each context its own id source [sequence]"},
		{5, "move inventory's call to coreproduct's service"},
		{5, "internal/catalog/service.go:26:20 move this call to coreproduct's service [reference] use of api.Client.Search"},
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

// TestCyclesCatalog: the catalog has no loop, at any level. Pricing's trigger
// on products points the same way as the rest of pricing's dependencies.
func TestCyclesCatalog(t *testing.T) {
	for _, level := range graph.Levels {
		in := catalog(t)
		in.Level = level
		g := graph.Build(in)
		if fs := graph.Cycles(g); len(fs) != 0 {
			t.Errorf("%s level: cycle findings %+v, want none", level, fs)
		}
		if c := graph.Components(g); len(c) != 0 {
			t.Errorf("%s level: components %v, want none", level, c)
		}
	}
}

// TestCyclesLoop is a loop orders -> billing -> shipping -> orders, closed by
// the lightest edge (shipping's use of orders' internals), with audit outside
// it depending on orders.
func TestCyclesLoop(t *testing.T) {
	in := graph.Input{Findings: []finding.Finding{
		{Kind: finding.ForeignKey, From: "orders", To: "billing", Subject: "orders.orders_invoice_fkey",
			File: "db/migrations/2.sql", Line: 4, Column: 5, Tables: []string{"public.orders", "public.invoices"}},
		{Kind: finding.View, From: "billing", To: "shipping", Subject: "billable_shipments",
			File: "db/migrations/3.sql", Line: 1, Column: 1, Tables: []string{"public.shipments"}},
		{Kind: finding.Private, From: "shipping", To: "orders", Subject: "example.com/shop/internal/orders/repository",
			File: "internal/shipping/label.go", Line: 7, Column: 2},
		{Kind: finding.Private, From: "shipping", To: "orders", Subject: "repository.Orders.Address",
			File: "internal/shipping/label.go", Line: 21, Column: 9},
		{Kind: finding.ForeignTable, Access: finding.Read, From: "audit", To: "orders", Subject: "read public.orders(id)",
			File: "internal/audit/log.go", Line: 3, Column: 1, Tables: []string{"public.orders"}},
	}}
	g := graph.Build(in)
	comps := graph.Components(g)
	if fmt.Sprint(comps) != "[[billing orders shipping]]" {
		t.Fatalf("components %v", comps)
	}
	var cut []string
	for _, e := range graph.BreakEdges(g, comps[0]) {
		cut = append(cut, e.From+"->"+e.To)
	}
	if fmt.Sprint(cut) != "[shipping->orders]" {
		t.Errorf("BreakEdges = %v, want [shipping->orders]", cut)
	}

	fs := graph.Cycles(g)
	if len(fs) != 1 {
		t.Fatalf("%d cycle findings, want 1: %+v", len(fs), fs)
	}
	f := fs[0]
	// At the first evidence of the edge to cut.
	if f.Kind != finding.Cycle || f.Severity != finding.Warning || f.From != "billing" || f.To != "orders" ||
		f.Subject != "billing <-> orders <-> shipping" || f.File != "internal/shipping/label.go" || f.Line != 7 || f.Column != 2 || f.AllowedBy != "" {
		t.Errorf("cycle finding %+v", f)
	}
	for _, want := range []string{
		"billing -> shipping (1 view)",
		"orders -> billing (1 foreign key)",
		"shipping -> orders (2 uses of internals)",
	} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %q: %s", want, f.Message)
		}
	}
	if want := fmt.Sprintf("cut shipping -> orders (2 uses of internals, weight %.1f), the lightest edges that break the loop, or extract billing, orders and shipping together", graph.Weigh(2, 2)); f.Fix != want {
		t.Errorf("fix %q\nwant %q", f.Fix, want)
	}
	if fmt.Sprint(f.Tables) != "[public.invoices public.orders public.shipments]" {
		t.Errorf("tables %v", f.Tables)
	}
	// At a finer level the cycles are the same, at the context level.
	in.Level = graph.LevelTable
	if got := graph.Cycles(graph.Build(in)); len(got) != 1 || got[0].Key() != f.Key() {
		t.Errorf("cycles at the table level: %+v", got)
	}

	r := graph.Rank(g, graph.RankOptions{})
	byName := map[string]*graph.Candidate{}
	for _, c := range r.Candidates {
		byName[c.Context] = c
	}
	if len(r.Cycles) != 1 || byName["audit"].Cycle != nil {
		t.Errorf("ranking cycles %v, audit's %+v", r.Cycles, byName["audit"].Cycle)
	}
	for _, name := range []string{"billing", "orders", "shipping"} {
		if c := byName[name]; c.Cycle == nil || c.Cycle.BrokenBySplit {
			t.Errorf("%s: cycle %+v", name, c.Cycle)
		}
	}
	if got, want := byName["shipping"].Explanation, "; it is in a loop with billing and orders: extract them together, or first cut shipping -> orders (2 uses of internals, weight 3.4); "; !strings.Contains(got, want) {
		t.Errorf("shipping's explanation lacks %q:\n%s", want, got)
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
		Values:     map[string]float64{"marketing": 100, "coreproduct": 1000},
		ValueNotes: map[string]string{"marketing": "a busy year"},
	})
	if r.Candidates[0].Context != "marketing" || !strings.Contains(r.Candidates[0].Explanation, "value 100 (a busy year)") {
		t.Errorf("first %s: %s", r.Candidates[0].Context, r.Candidates[0].Explanation)
	}
	// Every other context depends on coreproduct: last, whatever its value.
	last := r.Candidates[len(r.Candidates)-1]
	if last.Context != "coreproduct" || !strings.Contains(last.Explanation, "every other context depends on it, so it ranks last whatever its value") {
		t.Errorf("last %s: %s", last.Context, last.Explanation)
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
	// Pricing's trigger sits on coreproduct's products: from pricing's
	// schema to that table, and nothing comes back from products.
	if e := g.Edge("rest:pricing", "table:public.products"); e == nil || !slices.ContainsFunc(e.Evidence, func(ev graph.Evidence) bool {
		return ev.Kind == "trigger" && ev.Subject == "products.products_log_list_price_change"
	}) {
		t.Errorf("table level: the trigger pricing -> products: %+v", e)
	}
	if out := g.Out("table:public.products"); len(out) != 0 {
		t.Errorf("table level: edges out of products: %+v", out)
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

// TestRuntimeCalls: a join pg_stat_statements saw a million times weighs more
// than one it saw once, by the logarithm of the calls, in the graph and in rank.
func TestRuntimeCalls(t *testing.T) {
	join := func(from string, calls int64) finding.Finding {
		return finding.Finding{Kind: finding.RuntimeCrossJoin, Severity: finding.Error, From: from, To: "core",
			Subject: from + ": public.products + public.stock", Object: "pg_stat_statements queryid 1", Calls: calls}
	}
	g := graph.Build(graph.Input{Findings: []finding.Finding{join("rare", 1), join("hot", 1_000_000)}})
	weight := map[string]float64{}
	for _, e := range g.Edges {
		weight[e.From] = e.Weight
	}
	// 5 × (1 + ln 1) and 5 × (1 + ln(1 + log10 1e6)) = 5 × (1 + ln 7).
	if weight["rare"] != 5 || math.Abs(weight["hot"]-5*(1+math.Log(7))) > 1e-5 {
		t.Errorf("weights %v, want rare 5 and hot 14.7296", weight)
	}
	r := graph.Rank(g, graph.RankOptions{})
	out := map[string]float64{}
	for _, c := range r.Candidates {
		out[c.Context] = c.Outbound.Weight
	}
	if out["rare"] != weight["rare"] || out["hot"] != weight["hot"] {
		t.Errorf("rank's outbound weights %v differ from the graph's %v", out, weight)
	}
}

// TestHubRanksLast is the shop of the seed: users is the hub every other
// context depends on, and however valuable it is, it ranks last.
func TestHubRanksLast(t *testing.T) {
	in := edgesInput(
		"orders->users:foreign-key", "orders->users:foreign-table",
		"cart->users:foreign-key", "payments->users:private",
		"reviews->users:cross-join", "payments->orders:foreign-key",
		"cart->catalog:import", "orders->catalog:cross-join", "catalog->users:import",
	)
	values := map[string]float64{"users": 50, "orders": 2, "cart": 1, "payments": 1, "reviews": 1, "catalog": 1}
	r := graph.Rank(graph.Build(in), graph.RankOptions{Values: values})
	last := r.Candidates[len(r.Candidates)-1]
	if last.Context != "users" || last.Level != "hub" || !strings.Contains(last.Explanation, "ranks last whatever its value") {
		t.Errorf("last: %s (%s): %s", last.Context, last.Level, last.Explanation)
	}
	if !last.Stability.Stable || last.Stability.BestRank != len(r.Candidates) {
		t.Errorf("the hub's place moves with the weights: %+v", last.Stability)
	}
	// Without the rule its value would put it first: the score says so.
	if last.Score <= r.Candidates[0].Score {
		t.Errorf("users' score %v is not above the first's %v: the fixture does not test the rule", last.Score, r.Candidates[0].Score)
	}
	// A context most, but not all, others depend on keeps its place by score.
	in = edgesInput("a->h:import", "b->h:import", "c->d:import")
	r = graph.Rank(graph.Build(in), graph.RankOptions{Values: map[string]float64{"h": 50}})
	if r.Candidates[0].Context != "h" {
		t.Errorf("h, on which c and d do not depend, ranks %d: %s", r.Candidates[0].Rank, r.Candidates[0].Explanation)
	}
}
