package golangci

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/faultline/faultline/analyzers/boundary"
	"github.com/faultline/faultline/analyzers/sqlaccess"
	"github.com/faultline/faultline/config"
)

// Name is the linter's name in .golangci.yml.
const Name = "faultline"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings under linters.settings.custom.faultline.settings.
type Settings struct {
	// Config is the faultline.yaml every package is judged by; "" finds one per
	// package, walking up from its directory.
	Config string `json:"config"`
	// Analyzers names the analyzers to run; all of them when empty.
	Analyzers []string `json:"analyzers"`
}

// analyzers are the ones the plugin offers, by name. The exporter that
// faultline check adds is not among them: it only talks to faultline check.
var analyzers = map[string]*analysis.Analyzer{
	boundary.Analyzer.Name:  boundary.Analyzer,
	sqlaccess.Analyzer.Name: sqlaccess.Analyzer,
}

// analyzerNames lists the offered analyzers in the order they run.
var analyzerNames = []string{boundary.Analyzer.Name, sqlaccess.Analyzer.Name}

// Plugin is the faultline linter as golangci-lint builds it.
type Plugin struct {
	settings Settings
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes the settings strictly: an unknown key, a value of the wrong type or
// an unknown analyzer name is an error that says which.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("faultline: settings: %w (the settings are config and analyzers)", err)
	}
	for _, name := range s.Analyzers {
		if analyzers[name] == nil {
			return nil, fmt.Errorf("faultline: settings: unknown analyzer %q in analyzers: use %s", name, strings.Join(analyzerNames, ", "))
		}
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers passes the configuration named in the settings, if any, to every
// analyzer through its -config flag, and returns the analyzers asked for.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	if p.settings.Config != "" {
		file, err := filepath.Abs(p.settings.Config)
		if err != nil {
			return nil, fmt.Errorf("faultline: settings: config %s: %w", p.settings.Config, err)
		}
		// Read it now, so that a broken file is one error rather than one per package.
		if _, err := config.Load(file); err != nil {
			return nil, fmt.Errorf("faultline: %w", err)
		}
		for _, a := range analyzers {
			if err := a.Flags.Set("config", file); err != nil {
				return nil, fmt.Errorf("faultline: %s: %w", a.Name, err)
			}
		}
	}
	var out []*analysis.Analyzer
	for _, name := range analyzerNames {
		if len(p.settings.Analyzers) == 0 || slices.Contains(p.settings.Analyzers, name) {
			out = append(out, analyzers[name])
		}
	}
	return out, nil
}

// GetLoadMode asks for type information: both analyzers resolve identifiers to
// the packages and objects they belong to.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
