// Package graphtest provides graph inputs for tests and benchmarks: the catalog
// example's findings and large generated monoliths.
package graphtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
)

// Catalog returns the catalog example's configuration with the findings and
// references of graph/testdata/catalog.json: what `faultline check` finds on
// testdata/catalog, kept in sync by TestCatalogFixture in cmd/faultline (run it
// with -update-fixture to rewrite the file, never edit it by hand). root is the
// path of the repository's root from the test's directory, e.g. "..".
func Catalog(root string) (graph.Input, error) {
	cfg, err := config.Load(filepath.Join(root, "testdata", "catalog", "faultline.yaml"))
	if err != nil {
		return graph.Input{}, err
	}
	data, err := os.ReadFile(filepath.Join(root, "graph", "testdata", "catalog.json"))
	if err != nil {
		return graph.Input{}, err
	}
	var fx struct {
		Findings   []finding.Finding   `json:"findings"`
		References []finding.Reference `json:"references"`
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		return graph.Input{}, fmt.Errorf("catalog.json: %w", err)
	}
	return graph.Input{Config: cfg, Findings: fx.Findings, References: fx.References}, nil
}

// kinds are the coupling kinds Synthetic draws from.
var kinds = []struct {
	kind   finding.Kind
	access finding.Access
}{
	{finding.ForeignTable, finding.Read},
	{finding.ForeignTable, finding.Write},
	{finding.ForeignKey, ""},
	{finding.Trigger, ""},
	{finding.CrossJoin, ""},
	{finding.View, ""},
	{finding.Private, ""},
	{finding.Import, ""},
	{finding.Function, ""},
	{finding.Sequence, ""},
}

// Synthetic returns a generated monolith of n contexts (c000, c001, ...) with
// edges distinct dependencies between them, one finding each, plus a second
// finding on every tenth edge. The dependencies are drawn by a fixed
// pseudo-random sequence, so the input is the same on every call, and with
// enough edges the graph is one big cycle. It has no configuration.
func Synthetic(n, edges int) graph.Input {
	if max := n * (n - 1); edges > max {
		edges = max
	}
	var in graph.Input
	seen := make(map[[2]int]bool, edges)
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x
	}
	for len(seen) < edges {
		a, b := int(next()%uint64(n)), int(next()%uint64(n))
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		k := kinds[next()%uint64(len(kinds))]
		from, to := fmt.Sprintf("c%03d", a), fmt.Sprintf("c%03d", b)
		f := finding.Finding{
			Kind: k.kind, Severity: finding.Error, From: from, To: to, Access: k.access,
			Subject: fmt.Sprintf("%s %s.t%d", k.kind, to, len(seen)%7),
			File:    fmt.Sprintf("internal/%s/f%d.go", from, len(seen)%13), Line: len(seen)%400 + 1, Column: 2,
			Message: "generated", Fix: "generated",
			Tables: []string{fmt.Sprintf("%s_t%d", from, len(seen)%5), fmt.Sprintf("%s_t%d", to, len(seen)%5)},
		}
		in.Findings = append(in.Findings, f)
		if len(seen)%10 == 0 {
			f.Line++
			f.Kind, f.Access = finding.ForeignTable, finding.Read
			in.Findings = append(in.Findings, f)
		}
	}
	return in
}
