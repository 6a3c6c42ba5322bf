package verdict

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/suppress"
)

const yaml = `version: 1
contexts:
  coreproduct:
    tables: [products]
  pricing:
    tables: [price_history]
    uses: [coreproduct]
allow:
  - {from: pricing, to: coreproduct, kind: private, reason: "TICKET-1 until step 2"}
  - {from: pricing, to: coreproduct, kind: cycle, reason: "TICKET-2 the loop goes in step 2"}
  - {from: pricing, to: coreproduct, kind: view, reason: "TICKET-3 covers nothing"}
`

// project writes a faultline.yaml and a Go file with one faultline:ignore comment.
func project(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("faultline.yaml", yaml)
	write("internal/pricing/quote.go", `package pricing

//faultline:ignore foreign-table TICKET-31 reads the name until step 4
var q = "SELECT name FROM products"

//faultline:ignore cross-join TICKET-32 suppresses nothing
var r = 1
`)
	cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func findings() []finding.Finding {
	return []finding.Finding{
		{Kind: finding.Private, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "repository.Products", File: "internal/pricing/sale.go", Line: 13},
		{Kind: finding.ForeignTable, Severity: finding.Warning, From: "pricing", To: "coreproduct", Subject: "pricing.quote public.products", File: "internal/pricing/quote.go", Line: 4},
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "price_history.price_history_sku_fkey", File: "db/m.sql", Line: 3},
	}
}

func TestApply(t *testing.T) {
	cfg := project(t)
	var derivedFrom []finding.Finding
	res, err := Apply(findings(), Options{
		Config: cfg, Whole: true, Sources: []string{"internal/pricing/quote.go"},
		Derive: func(judged []finding.Finding) []finding.Finding {
			derivedFrom = judged
			return []finding.Finding{{Kind: finding.Cycle, Severity: finding.Warning, From: "pricing", To: "coreproduct", Subject: "coreproduct <-> pricing"}}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The derived findings see the verdict on the others.
	if len(derivedFrom) != 3 || derivedFrom[0].Excuse == nil || derivedFrom[0].Excuse.By != finding.ByAllow {
		t.Errorf("Derive got %+v, want the private finding excused by its allow entry", derivedFrom)
	}
	byKind := map[finding.Kind][]finding.Finding{}
	for _, f := range res.Findings {
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	check := func(k finding.Kind, by finding.ExcuseKind, reason string) {
		t.Helper()
		fs := byKind[k]
		if len(fs) != 1 || fs[0].Excuse == nil || fs[0].Excuse.By != by || !strings.Contains(fs[0].AllowedBy, reason) {
			t.Errorf("%s: got %+v, want excused by %s (%s)", k, fs, by, reason)
		}
	}
	check(finding.Private, finding.ByAllow, "TICKET-1")
	check(finding.Cycle, finding.ByAllow, "TICKET-2")
	check(finding.ForeignTable, finding.ByIgnore, "TICKET-31")
	if fs := byKind[finding.ForeignKey]; len(fs) != 1 || fs[0].Excuse != nil {
		t.Errorf("foreign key: got %+v, want it failing", fs)
	}
	// Exactly one stale allow entry, the one covering nothing, at its position.
	stale := byKind[finding.StaleAllow]
	if len(stale) != 1 || stale[0].File != "faultline.yaml" || stale[0].Line != 11 || stale[0].Column != 5 || !strings.Contains(stale[0].Message, "view") {
		t.Errorf("stale allow entries: %+v, want one at faultline.yaml:11:5", stale)
	}
	// And the comment that suppresses nothing.
	if u := byKind[finding.UnusedIgnore]; len(u) != 1 || u[0].Line != 6 {
		t.Errorf("unused ignores: %+v, want one at quote.go:6", u)
	}
}

func TestApplyPartial(t *testing.T) {
	cfg := project(t)
	res, err := Apply(findings(), Options{Config: cfg, Sources: []string{"internal/pricing/quote.go"}})
	if err != nil {
		t.Fatal(err)
	}
	// A run over some packages cannot call anything stale.
	for _, f := range res.Findings {
		if f.Kind == finding.StaleAllow || f.Kind == finding.UnusedIgnore || f.Kind == finding.StaleBaseline {
			t.Errorf("partial run reports %s: %+v", f.Kind, f)
		}
	}
}

func TestApplyBaseline(t *testing.T) {
	cfg := project(t)
	fs := findings()
	base := baseline.FromFindings([]finding.Finding{fs[2], {Kind: finding.Import, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "gone"}})
	res, err := Apply(fs, Options{Config: cfg, Baseline: base, Whole: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Known) != 1 || res.Known[0].Kind != finding.ForeignKey {
		t.Errorf("known = %+v, want the foreign key", res.Known)
	}
	if res.Stale != 1 || !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Kind == finding.StaleBaseline }) {
		t.Errorf("stale = %d, want the import entry reported", res.Stale)
	}
	if slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Kind == finding.ForeignKey }) {
		t.Error("a known finding is still among the findings")
	}
}

func TestExcused(t *testing.T) {
	cfg := project(t)
	fs := findings()
	ignores := suppress.NewFiles(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(cfg.Dir, name)) })
	if !Excused(cfg, ignores, fs[0]) {
		t.Error("an allow entry covers the private finding")
	}
	if Excused(cfg, ignores, fs[2]) {
		t.Error("nothing covers the foreign key")
	}
	own := finding.Finding{Kind: finding.StaleAllow, From: "pricing", To: "coreproduct"}
	cfg.Allow = append(cfg.Allow, &config.Allow{From: "pricing", Reason: "everything"})
	if Excused(cfg, ignores, own) {
		t.Error("faultline's own reports can never be excused")
	}
}
