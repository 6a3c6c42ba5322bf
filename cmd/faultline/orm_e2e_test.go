package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestORMShop runs faultline check on testdata/ormshop, a module whose contexts
// reach their tables through the real gorm, bun, sqlx, squirrel and goqu. The
// module's dependencies come from the module cache with GOPROXY=off, so the test
// runs offline; on a fresh machine `go mod download` in testdata/ormshop fills
// the cache (.ci/run does it).
func TestORMShop(t *testing.T) {
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=readonly")
	dir := filepath.Join("..", "..", "testdata", "ormshop")
	code, out, errOut := runCLI(t, "check", "-C", dir, "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (findings); if the modules are missing, run `go mod download` in %s\n%s", code, dir, errOut)
	}
	var res struct {
		Findings []struct {
			Kind, From, To, File string
			Line                 int
		}
		Summary struct {
			DynamicSQL int `json:"dynamic_sql"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, f := range res.Findings {
		if strings.HasSuffix(f.File, ".go") {
			got = append(got, fmt.Sprintf("%s:%d %s %s->%s", f.File, f.Line, f.Kind, f.From, f.To))
		}
	}
	// pricing.go:42, gorm Updates of pricing's own columns of products, is no
	// finding of its own: it is evidence of the shared-table finding.
	want := []string{
		"internal/coreproduct/product.go:32 cycle coreproduct->pricing",
		"internal/coreproduct/product.go:32 foreign-table coreproduct->pricing",   // gorm Model(&Product{}).Update("is_on_sale")
		"internal/inventory/inventory.go:29 cross-join inventory->coreproduct",    // squirrel Join, run by sqlx
		"internal/inventory/inventory.go:29 foreign-table inventory->coreproduct", // the same statement's products.name
		"internal/marketing/marketing.go:30 foreign-table marketing->coreproduct", // goqu From(goqu.T("products")).ScanStructs
		"internal/pricing/pricing.go:52 foreign-table pricing->coreproduct",       // gorm Find(&[]coreproduct.Product)
		"internal/pricing/pricing.go:56 foreign-table pricing->coreproduct",       // bun NewSelect().Model(&[]Label)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings in code:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if res.Summary.DynamicSQL != 0 {
		t.Errorf("dynamic SQL = %d, want 0: every call of the fixture names its tables", res.Summary.DynamicSQL)
	}
}
