package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/graph/graphtest"
)

// catalogGraph is the context graph of the catalog example and its ranking,
// from the committed fixture graph/testdata/catalog.json.
func catalogGraph(t testing.TB, level graph.Level) (*graph.Graph, *graph.Ranking) {
	t.Helper()
	in, err := graphtest.Catalog("..")
	if err != nil {
		t.Fatal(err)
	}
	in.Level = level
	g := graph.Build(in)
	return g, graph.Rank(g, graph.RankOptions{})
}

func TestRankTextGolden(t *testing.T) {
	_, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	if err := RankText(&buf, r, RankOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "rank.txt", buf.Bytes())

	buf.Reset()
	if err := RankText(&buf, r, RankOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "rank-verbose.txt", buf.Bytes())
}

func TestRankJSONGolden(t *testing.T) {
	_, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	if err := RankJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "rank.json", buf.Bytes())

	// The shape DESIGN.md fixes.
	var doc struct {
		Candidates []map[string]json.RawMessage `json:"candidates"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Candidates) != 4 {
		t.Fatalf("%d candidates", len(doc.Candidates))
	}
	for _, key := range []string{"context", "rank", "score", "inbound", "outbound", "cut"} {
		if _, ok := doc.Candidates[0][key]; !ok {
			t.Errorf("candidate lacks %q", key)
		}
	}
	if string(doc.Candidates[0]["context"]) != `"pricing"` || string(doc.Candidates[3]["context"]) != `"coreproduct"` {
		t.Errorf("first %s, last %s", doc.Candidates[0]["context"], doc.Candidates[3]["context"])
	}
}

func TestRankMarkdownGolden(t *testing.T) {
	_, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	if err := RankMarkdown(&buf, r, RankOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "rank.md", buf.Bytes())
}

// TestRankCatalogText checks what the text says, apart from the golden file:
// pricing first as a leaf, core product last as the hub, and pricing's cut set.
func TestRankCatalogText(t *testing.T) {
	_, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	if err := RankText(&buf, r, RankOptions{}); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), "\n   ", " ") // unwrap the explanations
	for _, want := range []string{
		"1. pricing: nothing depends on it (leaf)",
		"4. coreproduct: pricing, inventory and marketing depend on it, with the shared table products, 2 foreign keys",
		"Cut set of pricing (rank 1)",
		"CREATE TABLE product_prices",
		"db/migrations/000003_create_price_history.up.sql:9:5: drop the foreign key; check the reference in code: price_history_sku_fkey",
		"db/migrations/000005_log_list_price_changes.up.sql:12:1: move the trigger to pricing's side",
		"internal/pricing/repository/prices.go:58:36: read through coreproduct's API",
		"internal/catalog/service.go:31:19: move this call to pricing's service",
		"ALTER TABLE products DROP COLUMN original_price",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rank text lacks %q", want)
		}
	}
	if !regexp.MustCompile(`\n1 +pricing +2\.206 +3 `).MatchString(out) || !regexp.MustCompile(`\n4 +coreproduct +0\.500 +1 .* hub `).MatchString(out) {
		t.Errorf("table rows:\n%s", out)
	}
}

func TestRankTextEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := RankText(&buf, graph.Rank(graph.Build(graph.Input{}), graph.RankOptions{}), RankOptions{}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "no bounded contexts to rank\n" {
		t.Errorf("got %q", buf.String())
	}
}
