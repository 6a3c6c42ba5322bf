package report

import (
	"bytes"
	"encoding/json"
	"testing"

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
		Clients []struct{ File string }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Level != "context" || len(doc.Nodes) != 4 || len(doc.Edges) != 5 || len(doc.Clients) != 8 {
		t.Errorf("level %s, %d nodes, %d edges, %d clients", doc.Level, len(doc.Nodes), len(doc.Edges), len(doc.Clients))
	}
	if len(doc.Cycles) != 1 || len(doc.Cycles[0].Break) != 1 || doc.Cycles[0].Break[0].From != "coreproduct" {
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
