package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRankCatalog ranks the catalog example end to end: pricing first as a
// leaf, core product last as the hub, and pricing's cut set in step order.
func TestRankCatalog(t *testing.T) {
	dir := copyCatalog(t)
	code, out, errOut := runCLI(t, "rank", "-C", dir, "--format", "json")
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Candidates []struct {
			Context     string
			Rank        int
			Score       float64
			Level       string
			Explanation string
			Inbound     struct{ Count int }
			Cut         []struct {
				Step  int
				Name  string
				Items []struct {
					Action, Kind, Subject, File, DDL string
					Line                             int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cs := doc.Candidates
	if len(cs) != 4 || cs[0].Context != "pricing" || cs[3].Context != "coreproduct" {
		t.Fatalf("ranking %+v", cs)
	}
	if cs[0].Level != "leaf" || cs[0].Inbound.Count != 0 || !strings.Contains(cs[0].Explanation, "nothing depends on it (leaf)") {
		t.Errorf("pricing: %s %+v %s", cs[0].Level, cs[0].Inbound, cs[0].Explanation)
	}
	if cs[3].Level != "hub" || !strings.Contains(cs[3].Explanation, "pricing, inventory and marketing depend on it") {
		t.Errorf("coreproduct: %s %s", cs[3].Level, cs[3].Explanation)
	}
	has := func(step int, pred func(action, kind, subject, file, ddl string, line int) bool) bool {
		for _, it := range cs[0].Cut[step-1].Items {
			if pred(it.Action, it.Kind, it.Subject, it.File, it.DDL, it.Line) {
				return true
			}
		}
		return false
	}
	if len(cs[0].Cut) != 9 {
		t.Fatalf("%d steps", len(cs[0].Cut))
	}
	checks := []struct {
		step int
		what string
		pred func(action, kind, subject, file, ddl string, line int) bool
	}{
		{3, "the split DDL of products", func(_, kind, _, _, ddl string, _ int) bool {
			return kind == "shared-table" && strings.Contains(ddl, "CREATE TABLE")
		}},
		{2, "the price_history foreign key", func(_, kind, subject, _, _ string, _ int) bool {
			return kind == "foreign-key" && strings.Contains(subject, "price_history")
		}},
		{3, "the trigger, which moves with the split", func(_, kind, _, _, _ string, _ int) bool { return kind == "trigger" }},
		// UPDATE products SET is_on_sale = $2 WHERE sku = $1: pricing's own
		// column, so split work, and in no other step.
		{3, "pricing's write of its own is_on_sale", func(action, kind, _, file, _ string, line int) bool {
			return kind == "shared-table" && file == "internal/pricing/repository/prices.go" && line == 74 && strings.Contains(action, "is_on_sale")
		}},
		{4, "pricing's reads of core columns", func(_, kind, _, file, _ string, line int) bool {
			return kind == "foreign-table" && file == "internal/pricing/repository/prices.go" && line == 58
		}},
		{5, "the facade's call sites", func(_, _, subject, file, _ string, line int) bool {
			return file == "internal/catalog/service.go" && line == 31
		}},
	}
	for _, c := range checks {
		if !has(c.step, c.pred) {
			t.Errorf("step %d lacks %s: %+v", c.step, c.what, cs[0].Cut[c.step-1].Items)
		}
	}
	for _, step := range cs[0].Cut {
		for _, it := range step.Items {
			if step.Step != 3 && it.File == "internal/pricing/repository/prices.go" && it.Line == 74 {
				t.Errorf("step %d lists pricing's own write at prices.go:74: %+v", step.Step, it)
			}
		}
	}
}

func TestRankCatalogText(t *testing.T) {
	dir := copyCatalog(t)
	code, out, errOut := runCLI(t, "rank", "-C", dir, "--no-git", "--format", "markdown")
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"| 1 | pricing |", "| 4 | coreproduct |", "1. pricing: nothing depends on it (leaf)", "## Cut set of pricing", "### 3. split tables"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	code, _, errOut = runCLI(t, "rank", "-C", dir, "--format", "sarif")
	if code != exitUsage || !strings.Contains(errOut, "unknown --format") {
		t.Errorf("--format sarif: exit %d, %s", code, errOut)
	}
}
