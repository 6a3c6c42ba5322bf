package report

import (
	"encoding/json"
	"io"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// Summary counts a check run's findings for the JSON, SARIF and Markdown outputs.
type Summary struct {
	// Findings is how many findings are reported (errors and warnings that are
	// neither allowed nor in the baseline); New is the same number, kept apart
	// so scripts read what they mean.
	Findings int `json:"findings"`
	New      int `json:"new"`
	// Known counts findings let through by the baseline, Allowed those covered by
	// an allow entry, Stale the baseline entries that no longer occur.
	Known   int            `json:"known"`
	Allowed int            `json:"allowed"`
	Stale   int            `json:"stale"`
	Errors  int            `json:"errors"`
	Warn    int            `json:"warnings"`
	Info    int            `json:"info"`
	ByKind  map[string]int `json:"by_kind"`
	// What was analyzed.
	Packages      int `json:"packages"`
	Migrations    int `json:"migration_files"`
	QueryFiles    int `json:"query_files"`
	DynamicSQL    int `json:"dynamic_sql"`
	UnownedTables int `json:"unowned_tables"`
	// UnownedInCode counts, by table, the statements in Go code that touch a
	// table no context and not the shared kernel owns.
	UnownedInCode map[string]int `json:"unowned_in_code,omitempty"`
	LiveCatalog   bool           `json:"live_catalog"`
	// FixtureSQL counts the findings of SQL run from test code, reported only
	// with --tests.
	FixtureSQL int `json:"fixture_sql"`
}

// JSON writes {"findings": [...], "warnings": [...], "summary": {...}},
// indented, every finding included (allowed and known ones carry their
// reason); warnings are faultline.yaml's, which never fail a check.
func JSON(w io.Writer, findings []finding.Finding, warnings []config.Warning, sum Summary) error {
	if findings == nil {
		findings = []finding.Finding{}
	}
	if warnings == nil {
		warnings = []config.Warning{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Findings []finding.Finding `json:"findings"`
		Warnings []config.Warning  `json:"warnings"`
		Summary  Summary           `json:"summary"`
	}{findings, warnings, sum})
}
