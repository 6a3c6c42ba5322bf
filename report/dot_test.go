package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
)

func TestDOTGolden(t *testing.T) {
	for _, level := range graph.Levels {
		g, r := catalogGraph(t, level)
		var buf bytes.Buffer
		if err := DOT(&buf, g, DOTOptions{Ranking: r}); err != nil {
			t.Fatal(err)
		}
		golden(t, "dot-catalog-"+string(level)+".dot", buf.Bytes())
	}
}

func TestDOTCatalog(t *testing.T) {
	g, r := catalogGraph(t, graph.LevelContext)
	out := DOTGraph(g, DOTOptions{Ranking: r}).String()
	for _, want := range []string{
		`label="pricing\n1 package pattern, 1 table, 3 columns\nrank 1, score 2.252, leaf"`,
		`style="rounded,filled,bold"`, // the first candidate
		`label="16 (57.3)"`,           // pricing -> coreproduct
		`color="#c62828"`,             // hard constraints
		`color="#1565c0"`,             // SQL
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s:\n%s", want, out)
		}
	}
	// The catalog has no cycle: every edge ranks its ends.
	if strings.Contains(out, `constraint="false"`) {
		t.Errorf("an edge of the acyclic catalog does not constrain the layout:\n%s", out)
	}
	// In a loop a -> b -> c -> a, the edge that breaks it (c -> a, the
	// lightest) does not constrain the layout, and only that one.
	loop := graph.Build(graph.Input{Findings: []finding.Finding{
		{Kind: finding.ForeignKey, From: "a", To: "b", Subject: "k"},
		{Kind: finding.View, From: "b", To: "c", Subject: "v"},
		{Kind: finding.Import, From: "c", To: "a", Subject: "i"},
	}})
	out = DOTGraph(loop, DOTOptions{}).String()
	if n := strings.Count(out, `constraint="false"`); n != 1 || !regexp.MustCompile(`n3->n1\[[^\n]*constraint="false"`).MatchString(out) {
		t.Errorf("%d edges without constraint, want c -> a alone:\n%s", n, out)
	}
	// Every piece of evidence allowed: the edge is dashed.
	in := graph.Input{Findings: []finding.Finding{
		{Kind: finding.ForeignKey, From: "a", To: "b", Subject: "k", AllowedBy: "TICKET-12 until step 6"},
		{Kind: finding.Import, From: "a", To: "c", Subject: "i"},
	}}
	out = DOTGraph(graph.Build(in), DOTOptions{NoEdgeLabels: true}).String()
	if !strings.Contains(out, `style="dashed"`) || strings.Contains(out, `label="1 (`) {
		t.Errorf("allowed edge not dashed, or labels kept:\n%s", out)
	}
}

func TestDOTDeterministic(t *testing.T) {
	g, r := catalogGraph(t, graph.LevelTable)
	want := DOTGraph(g, DOTOptions{Ranking: r}).String()
	for range 5 {
		g, r := catalogGraph(t, graph.LevelTable)
		if got := DOTGraph(g, DOTOptions{Ranking: r}).String(); got != want {
			t.Fatal("DOT output differs between runs")
		}
	}
}

func TestContextAnchor(t *testing.T) {
	if a, b := ContextAnchor("a.b"), ContextAnchor("a_b"); a == b || a != "context-a.2Eb" {
		t.Errorf("anchors %q %q", a, b)
	}
}
