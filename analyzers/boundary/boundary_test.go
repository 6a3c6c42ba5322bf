package boundary_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/faultline/faultline/analyzers/boundary"
	"github.com/faultline/faultline/finding"
)

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), boundary.Analyzer, "example.com/shop/...")

	// The structured results faultline check and the graph are built from.
	byID := map[string]*boundary.Result{}
	for _, r := range results {
		if res, ok := r.Action.Result.(*boundary.Result); ok {
			byID[r.Action.Package.ID] = res
		}
	}
	price := byID["example.com/shop/internal/pricing/price"]
	if price == nil {
		t.Fatalf("no result for the pricing package among %d", len(results))
	}
	i := slices.IndexFunc(price.Findings, func(f finding.Finding) bool {
		return f.Subject == "repository.Products.BySKU" && filepath.Base(f.File) == "use.go"
	})
	if i < 0 {
		t.Fatalf("no finding for repository.Products.BySKU in use.go: %+v", price.Findings)
	}
	want := finding.Finding{
		Kind: finding.Private, Severity: finding.Error, From: "pricing", To: "coreproduct",
		Subject: "repository.Products.BySKU", File: price.Findings[i].File, Line: 7, Column: 18,
		Message: "pricing uses method repository.Products.BySKU of coreproduct's private package example.com/shop/internal/coreproduct/repository",
		Fix:     "call coreproduct through internal/coreproduct/api, and have the api return types of its own rather than coreproduct's internals",
	}
	if got := price.Findings[i]; !reflect.DeepEqual(got, want) {
		t.Errorf("finding:\ngot  %+v\nwant %+v", got, want)
	}
	if !filepath.IsAbs(want.File) {
		t.Errorf("finding file %q: want the file name as the file set gives it", want.File)
	}
	if !slices.ContainsFunc(price.Findings, func(f finding.Finding) bool {
		return f.Kind == finding.Import && f.To == "inventory" && f.Subject == "example.com/shop/internal/inventory/stock"
	}) {
		t.Errorf("no import finding for inventory/stock: %+v", price.Findings)
	}
	if !slices.ContainsFunc(price.References, func(r finding.Reference) bool {
		return r.From == "pricing" && r.To == "coreproduct" && r.Object == "api.Open" && r.API &&
			r.ToPackage == "example.com/shop/internal/coreproduct/api" && filepath.Base(r.File) == "use.go"
	}) {
		t.Errorf("no reference to api.Open from use.go: %+v", price.References)
	}

	// A finding an allow entry covers is not reported (no want in stock.go), but
	// kept in the result, unjudged: the verdict stage of faultline check decides.
	stock := byID["example.com/shop/internal/inventory/stock"]
	if stock == nil || len(stock.Findings) != 1 || stock.Findings[0].AllowedBy != "" || stock.Findings[0].Excuse != nil {
		t.Errorf("inventory/stock: want one unjudged finding, got %+v", stock)
	}

	// The no-context main is not checked, but every reference it makes is drawn.
	main := byID["example.com/shop/cmd/shop"]
	if main == nil || len(main.Findings) != 0 {
		t.Fatalf("cmd/shop: want a result without findings, got %+v", main)
	}
	var refs []string
	for _, r := range main.References {
		if r.From != "" || r.FromPackage != "example.com/shop/cmd/shop" {
			t.Errorf("reference from main: %+v", r)
		}
		refs = append(refs, r.To+" "+r.Object+" "+strings.TrimPrefix(r.ToPackage, "example.com/shop/")+" "+map[bool]string{true: "api", false: "private"}[r.API])
	}
	wantRefs := []string{
		"coreproduct api internal/coreproduct/api api",
		"coreproduct repository internal/coreproduct/repository private",
		"pricing price internal/pricing/price private",
		"coreproduct api.Find internal/coreproduct/api api",
		"coreproduct api.Product.SKU internal/coreproduct/api api",
		"coreproduct repository.Default internal/coreproduct/repository private",
		"coreproduct repository.Products.Count internal/coreproduct/repository private",
		"pricing price.Total internal/pricing/price private",
	}
	if !slices.Equal(refs, wantRefs) {
		t.Errorf("references from main:\ngot  %q\nwant %q", refs, wantRefs)
	}
}

// TestConfigFlag runs the analyzer with its configuration given by -config, as
// go vet (-boundary.config), golangci-lint and nogo pass it.
func TestConfigFlag(t *testing.T) {
	file, err := filepath.Abs(filepath.Join(analysistest.TestData(), "src", "example.com", "shop", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := boundary.Analyzer.Flags.Set("config", file); err != nil {
		t.Fatal(err)
	}
	defer boundary.Analyzer.Flags.Set("config", "")
	analysistest.Run(t, analysistest.TestData(), boundary.Analyzer, "example.com/shop/internal/pricing/...")
}
