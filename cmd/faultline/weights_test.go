package main

import (
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestOneWeightPerPair runs graph and rank on the catalog and checks that every
// pair of contexts weighs the same everywhere: graph JSON, rank JSON (both
// ends' sides), the DOT labels and tooltips and the HTML evidence.
func TestOneWeightPerPair(t *testing.T) {
	outputs := map[string]string{}
	for _, format := range []string{"json", "dot", "html"} {
		code, out, errOut := runCLI(t, "graph", "-C", catalogDir, "--no-git", "--format", format)
		if code != exitClean {
			t.Fatalf("graph --format %s: exit %d\n%s", format, code, errOut)
		}
		outputs[format] = out
	}
	code, rankOut, errOut := runCLI(t, "rank", "-C", catalogDir, "--no-git", "--format", "json")
	if code != exitClean {
		t.Fatalf("rank: exit %d\n%s", code, errOut)
	}

	var g struct {
		Edges []struct {
			From, To string
			Weight   float64
		}
	}
	if err := json.Unmarshal([]byte(outputs["json"]), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Edges) < 4 {
		t.Fatalf("the catalog's graph has %d edges, want at least 4", len(g.Edges))
	}
	type link struct {
		Context string
		Weight  float64
	}
	var r struct {
		Candidates []struct {
			Context           string
			Inbound, Outbound struct{ Contexts []link }
		}
	}
	if err := json.Unmarshal([]byte(rankOut), &r); err != nil {
		t.Fatal(err)
	}
	in, out := map[[2]string]float64{}, map[[2]string]float64{}
	for _, c := range r.Candidates {
		for _, l := range c.Inbound.Contexts {
			in[[2]string{l.Context, c.Context}] = l.Weight
		}
		for _, l := range c.Outbound.Contexts {
			out[[2]string{c.Context, l.Context}] = l.Weight
		}
	}
	if len(in) != len(g.Edges) || len(out) != len(g.Edges) {
		t.Errorf("rank has %d inbound and %d outbound pairs, the graph %d edges", len(in), len(out), len(g.Edges))
	}

	dot := map[[2]string]string{}
	for _, m := range regexp.MustCompile(`label="\d+ \(([0-9.]+)\)"[^\n]*tooltip="(\S+) -> (\S+): [^"]*\(weight ([0-9.]+)\)"`).FindAllStringSubmatch(outputs["dot"], -1) {
		if m[1] != m[4] {
			t.Errorf("DOT %s -> %s: label %s, tooltip %s", m[2], m[3], m[1], m[4])
		}
		dot[[2]string{m[2], m[3]}] = m[1]
	}
	page := html.UnescapeString(outputs["html"])
	for _, e := range g.Edges {
		pair := [2]string{e.From, e.To}
		shown := rankNum(e.Weight)
		if in[pair] != e.Weight || out[pair] != e.Weight {
			t.Errorf("%s -> %s: graph %v, rank inbound %v, outbound %v", e.From, e.To, e.Weight, in[pair], out[pair])
		}
		if dot[pair] != shown {
			t.Errorf("%s -> %s: graph %v, DOT label %q", e.From, e.To, e.Weight, dot[pair])
		}
		i := strings.Index(page, e.From+" → "+e.To+"</span>")
		if i < 0 || !strings.Contains(page[i:min(len(page), i+200)], "weight "+shown+":") {
			t.Errorf("%s -> %s: the HTML does not show weight %s", e.From, e.To, shown)
		}
	}
}

// rankNum renders a weight as the reports do: one decimal, none when whole.
func rankNum(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}
