package golangci_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/faultline/faultline/analyzers/passconfig"
	"github.com/faultline/faultline/config"
	_ "github.com/faultline/faultline/golangci"
)

// build constructs the plugin the way golangci-lint does: by its registered name,
// with the settings of .golangci.yml decoded into plain values.
func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("faultline")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", mode, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestPlugin(t *testing.T) {
	file, err := filepath.Abs(filepath.Join("testdata", "src", "example.com", "plug", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	as, err := build(t, map[string]any{"config": file})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(as), []string{"boundary", "sqlaccess"}; !slices.Equal(got, want) {
		t.Fatalf("analyzers %q, want %q (and never the exporter)", got, want)
	}

	// The analyzers were handed the configuration through their flag.
	for _, a := range as {
		if got := a.Flags.Lookup("config").Value.String(); got != file {
			t.Errorf("%s -config = %q, want %q", a.Name, got, file)
		}
	}
	// The catalog comes from the configuration's migrations.
	cfg, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := passconfig.Catalog(cfg, "")
	if err != nil || cat == nil {
		t.Fatalf("no catalog from db/migrations: %v", err)
	}
	if ti, ok := cat.Table("", "orders"); !ok || !slices.Equal(ti.Columns, []string{"id", "item_id", "qty"}) {
		t.Errorf("catalog table orders = %+v, %v", ti, ok)
	}

	// The analyzers work as golangci-lint runs them, with the configuration the
	// settings named.
	dir := analysistest.TestData()
	analysistest.Run(t, dir, as[0], "example.com/plug/internal/orders")
	analysistest.Run(t, dir, as[1], "example.com/plug/internal/orders/repo")
}

func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // analyzer names, or nil when an error is expected
		err      string
	}{
		{name: "none", settings: nil, want: []string{"boundary", "sqlaccess"}},
		{name: "subset", settings: map[string]any{"analyzers": []any{"sqlaccess"}}, want: []string{"sqlaccess"}},
		{name: "unknown key", settings: map[string]any{"confg": "faultline.yaml"}, err: `unknown field "confg"`},
		{name: "unknown analyzer", settings: map[string]any{"analyzers": []any{"faultline"}}, err: `unknown analyzer "faultline"`},
		{name: "wrong type", settings: map[string]any{"analyzers": "boundary"}, err: "analyzers"},
		{name: "missing config", settings: map[string]any{"config": filepath.Join(t.TempDir(), "faultline.yaml")}, err: "reading configuration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as, err := build(t, tc.settings)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(as); !slices.Equal(got, tc.want) {
				t.Errorf("analyzers %q, want %q", got, tc.want)
			}
		})
	}
}
