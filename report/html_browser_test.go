package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/faultline/faultline/graph"
)

// chromium returns the headless browser to test with: skipped when there is
// none, except in CI (CI=true), where it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed; CI must install it (apt-get install chromium)")
	}
	t.Skip("Chromium is not installed (apt-get install chromium)")
	return ""
}

// browse starts headless Chromium, off the network and away from the user's
// profile, and returns a context that drives it through the DevTools protocol.
func browse(t *testing.T, browser string) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1400, 1000),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// catalogPage writes the catalog's explorer, drawn at every level by the
// WebAssembly Graphviz, with links relative to the page.
func catalogPage(t *testing.T) (file string, g *graph.Graph) {
	t.Helper()
	g, r := catalogGraph(t, graph.LevelContext)
	svg, engine, err := Layout(context.Background(), g, SVGOptions{DOT: DOTOptions{Ranking: r}})
	if err != nil {
		t.Fatal(err)
	}
	opts := HTMLOptions{SVG: svg, Engine: engine, Links: &SourceLinks{Dir: "catalog"}}
	for _, level := range []graph.Level{graph.LevelPackage, graph.LevelTable} {
		fine, _ := catalogGraph(t, level)
		svg, engine, err := Layout(context.Background(), fine, SVGOptions{DOT: DOTOptions{Ranking: r}})
		if err != nil {
			t.Fatal(err)
		}
		opts.Views = append(opts.Views, HTMLView{Graph: fine, SVG: svg, Engine: engine})
	}
	var page strings.Builder
	if err := HTML(&page, g, r, opts); err != nil {
		t.Fatal(err)
	}
	checkSelfContained(t, page.String())
	file = filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file, g
}

// page drives one tab of the browser; each method fails the test on an error.
type page struct {
	t   *testing.T
	ctx context.Context
}

func (p page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

// click clicks the first element a CSS selector matches, with the mouse.
func (p page) click(sel string) {
	p.t.Helper()
	p.do(chromedp.Click(chromedp.CSS(sel)))
}

func run[T any](p page, a chromedp.Action[T]) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, a)
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// count is the number of elements a CSS selector matches.
func (p page) count(sel string) int {
	p.t.Helper()
	return run(p, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
}

func (p page) text(sel string) string {
	p.t.Helper()
	return run(p, chromedp.Text(chromedp.CSS(sel)))
}

// TestHTMLInChromium opens the catalog's explorer in headless Chromium and
// clicks through it as a person would: focus pricing by clicking its node,
// expand the tables and collapse them into contexts again, filter by layer and
// by kind, and follow an edge to its evidence, which links quote.go line 21.
// It takes the screenshot of docs/report.png, which -update rewrites.
func TestHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	file, g := catalogPage(t)
	p := page{t, browse(t, browser)}
	pricing := slices.IndexFunc(g.Nodes, func(n *graph.Node) bool { return n.ID == "pricing" })
	node := "#svg-context-" + NodeID(pricing)

	p.do(chromedp.Navigate("file://"+filepath.ToSlash(file)), chromedp.WaitVisible(chromedp.CSS(node)))
	named := run(p, chromedp.Evaluate[int](`["coreproduct","inventory","marketing","pricing"].filter(n => [...document.querySelectorAll("figure[data-level=context] svg text")].some(e => e.textContent === n)).length`))
	if named != 4 {
		t.Errorf("the drawing names %d of the 4 contexts", named)
	}

	// Focus pricing: a click on its node.
	p.click(node)
	hidden, out, in := p.count(`section.panel[data-context="pricing"][hidden]`), p.count(`figure[data-level=context] svg g.edge.out`), p.count(`figure[data-level=context] svg g.edge.in`)
	focused, status := p.count(`figure[data-level=context] svg.focusing g.node.focus`), p.text("#status")
	if hidden != 0 || out != 1 || in != 0 || focused != 1 || !strings.Contains(status, "Focused on pricing") {
		t.Errorf("after a click on pricing: panel hidden %d, %d outbound and %d inbound edges marked, %d nodes focused, status %q",
			hidden, out, in, focused, status)
	}
	panel := p.text(`section.panel[data-context="pricing"]`)
	for _, want := range []string{"Outbound: pricing depends on", "coreproduct", "split tables", "new database"} {
		if !strings.Contains(panel, want) {
			t.Errorf("pricing's panel lacks %q:\n%s", want, panel)
		}
	}
	if *update {
		png := run(p, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join("..", "docs", "report.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Expand the tables out of their contexts, then collapse them again.
	tables, _ := catalogGraph(t, graph.LevelTable)
	pricingTables := 0
	for _, n := range tables.Nodes {
		if n.Context == "pricing" {
			pricingTables++
		}
	}
	p.click(`button[data-view="table"]`)
	shown, contextHidden, tableFocus := p.count(`figure[data-level="table"]:not([hidden]) svg g.node`), p.count(`figure[data-level="context"][hidden]`), p.count(`figure[data-level="table"] svg g.node.focus`)
	p.click(`button[data-view="context"]`)
	if still := p.count(`figure[data-level="table"]:not([hidden])`); shown != len(tables.Nodes) || contextHidden != 1 || tableFocus != pricingTables || still != 0 {
		t.Errorf("tables: %d nodes shown (want %d), context view hidden %d, %d focused (want %d), table view shown after collapsing %d",
			shown, len(tables.Nodes), contextHidden, tableFocus, pricingTables, still)
	}

	// Filter: without foreign keys no foreign key evidence shows; without the
	// schema and SQL layers only edges with code stay.
	p.click("#unfocus")
	fkBefore := p.count(`tr[data-family="foreign-key"]:not([hidden])`)
	p.click(`input[data-kind="foreign-key"]`)
	fkAfter := p.count(`tr[data-family="foreign-key"]:not([hidden])`)
	if fkBefore == 0 || fkAfter != 0 {
		t.Errorf("foreign key rows: %d before the filter, %d after", fkBefore, fkAfter)
	}
	wantFiltered := 0
	for _, e := range g.Edges {
		if !slices.ContainsFunc(e.Families, func(f graph.FamilyCount) bool { return FamilyLayer(f.Family) == "code" }) {
			wantFiltered++
		}
	}
	p.click(`input[data-layer="schema"]`)
	p.click(`input[data-layer="SQL"]`)
	filtered, codeRows, sqlRows := p.count(`figure[data-level="context"] svg g.edge.filtered`), p.count(`tr[data-layer="code"]:not([hidden])`), p.count(`tr[data-layer="SQL"]:not([hidden]), tr[data-layer="schema"]:not([hidden])`)
	if filtered != wantFiltered || codeRows == 0 || sqlRows != 0 {
		t.Errorf("code only: %d edges filtered (want %d), %d code rows, %d SQL or schema rows", filtered, wantFiltered, codeRows, sqlRows)
	}
	p.click(`input[data-layer="schema"]`)
	p.click(`input[data-layer="SQL"]`)

	// A click on the edge pricing -> coreproduct opens its evidence, which
	// links quote.go line 21.
	edge := slices.IndexFunc(g.Edges, func(e *graph.Edge) bool { return e.From == "pricing" && e.To == "coreproduct" })
	p.click("#svg-context-" + EdgeID(edge) + " path")
	open := run(p, chromedp.Evaluate[bool](`document.querySelector('details[data-from="pricing"][data-to="coreproduct"]').open`))
	href := run(p, chromedp.AttributeValue(chromedp.CSS(`details[data-from="pricing"][data-to="coreproduct"] a[href$="quote.go#L21"]`), "href"))
	if !open || href.Value != "catalog/internal/pricing/quote.go#L21" {
		t.Errorf("evidence opened by a click on the edge: %v; link %q", open, href.Value)
	}
}
