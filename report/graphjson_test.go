package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
)

func TestGraphJSONGolden(t *testing.T) {
	g, r := catalogGraph(t, graph.LevelContext)
	var buf bytes.Buffer
	if err := GraphJSON(&buf, g, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "graphjson-catalog.json", buf.Bytes())

	var doc struct {
		Level  string
		Nodes  []struct{ ID string }
		Edges  []struct{ From, To string }
		Cycles []struct {
			Contexts []string
			Break    []struct{ From, To string }
		}
		Clients []struct{ To, File string }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Level != "context" || len(doc.Nodes) != 4 || len(doc.Edges) != 4 || len(doc.Clients) != 30 {
		t.Errorf("level %s, %d nodes, %d edges, %d clients", doc.Level, len(doc.Nodes), len(doc.Edges), len(doc.Clients))
	}
	// The uses from code in no context: the CatalogService facade
	// (internal/catalog) and main (cmd/catalog).
	clients := map[string]int{}
	for _, c := range doc.Clients {
		clients[c.To+" "+c.File]++
	}
	if want := "map[coreproduct cmd/catalog/main.go:7 coreproduct internal/catalog/service.go:4 inventory cmd/catalog/main.go:2 marketing cmd/catalog/main.go:6 pricing cmd/catalog/main.go:4 pricing internal/catalog/service.go:7]"; fmt.Sprint(clients) != want {
		t.Errorf("clients %v\nwant %s", clients, want)
	}
	if doc.Cycles == nil || len(doc.Cycles) != 0 {
		t.Errorf("cycles %+v, want [] (the catalog has none)", doc.Cycles)
	}

	// A loop: its contexts and the edge that breaks it.
	loop := graph.Build(graph.Input{Findings: []finding.Finding{
		{Kind: finding.ForeignKey, From: "a", To: "b", Subject: "k"},
		{Kind: finding.View, From: "b", To: "c", Subject: "v"},
		{Kind: finding.Import, From: "c", To: "a", Subject: "i"},
	}})
	buf.Reset()
	if err := GraphJSON(&buf, loop, graph.Rank(loop, graph.RankOptions{})); err != nil {
		t.Fatal(err)
	}
	doc.Cycles = nil
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cycles) != 1 || fmt.Sprint(doc.Cycles[0].Contexts) != "[a b c]" || len(doc.Cycles[0].Break) != 1 ||
		doc.Cycles[0].Break[0].From != "c" || doc.Cycles[0].Break[0].To != "a" {
		t.Errorf("cycles %+v", doc.Cycles)
	}
}

func TestGraphJSONTable(t *testing.T) {
	g, _ := catalogGraph(t, graph.LevelTable)
	var buf bytes.Buffer
	if err := GraphJSON(&buf, g, nil); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Contexts []struct{ ID string }
		Nodes    []struct{ ID, Kind, Context string }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Contexts) != 4 || len(doc.Nodes) < 8 {
		t.Errorf("%d contexts, %d nodes", len(doc.Contexts), len(doc.Nodes))
	}
}
