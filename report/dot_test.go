package report

import (
	"bytes"
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
		`label="pricing\n1 package pattern, 1 table, 3 columns\nrank 1, score 2.206, leaf"`,
		`style="rounded,filled,bold"`, // the first candidate
		`label="12 (48.4)"`,
		`color="#c62828"`, // hard constraints
		`color="#1565c0"`, // SQL
		`constraint="false"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %s:\n%s", want, out)
		}
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
