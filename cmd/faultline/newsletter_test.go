package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

var newsletterDir = filepath.Join("..", "..", "testdata", "newsletter")

// checkNewsletter runs faultline check on testdata/newsletter and returns its
// findings as "file:line kind from->to", with the JSON document.
func checkNewsletter(t *testing.T, args ...string) ([]string, []finding.Finding, map[string]any) {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"check", "-C", newsletterDir, "--format", "json"}, args...)...)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	var doc struct {
		Findings []finding.Finding `json:"findings"`
		Summary  map[string]any    `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, f := range doc.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s %s->%s", f.File, f.Line, f.Kind, f.From, f.To))
	}
	return got, doc.Findings, doc.Summary
}

// TestNewsletter checks the layered monolith of testdata/newsletter: contexts
// split by file inside one package (internal/core) and inside package main,
// named queries of goyesql files bound by struct tags, templates with
// placeholders, a query file owned query by query. Every finding is listed:
// each context's Go call sites give exactly these.
func TestNewsletter(t *testing.T) {
	got, findings, sum := checkNewsletter(t)
	want := []string{
		// campaigns' handler in package main runs a named query joining lists,
		// and calls into the lists context's file of internal/core.
		"cmd/campaigns.go:10 cross-join campaigns->lists",
		"cmd/campaigns.go:10 foreign-table campaigns->lists",
		"cmd/campaigns.go:13 import campaigns->lists",
		// campaigns' file of internal/core: a join, a template handed to a
		// helper, a write into subscribers' table.
		"internal/core/campaigns.go:21 cross-join campaigns->lists",
		"internal/core/campaigns.go:21 foreign-table campaigns->lists",
		"internal/core/campaigns.go:27 cross-join campaigns->subscribers",
		"internal/core/campaigns.go:27 foreign-table campaigns->subscribers",
		"internal/core/campaigns.go:39 foreign-table campaigns->subscribers",
		// lists deletes the subscriptions to a list with it.
		"internal/core/lists.go:17 cross-join lists->subscribers",
		"internal/core/lists.go:17 cycle lists->subscribers",
		"internal/core/lists.go:17 foreign-table lists->subscribers",
		"internal/core/subscribers.go:36 cross-join subscribers->lists",
		"internal/core/subscribers.go:36 foreign-table subscribers->lists",
		// The dashboard's queries of the misc file, owned by name.
		"queries/misc.sql:7 cross-join dashboard->campaigns",
		"queries/misc.sql:7 cross-join dashboard->lists",
		"queries/misc.sql:7 cross-join dashboard->subscribers",
		"queries/misc.sql:7 foreign-table dashboard->campaigns",
		"queries/misc.sql:7 foreign-table dashboard->lists",
		"queries/misc.sql:7 foreign-table dashboard->subscribers",
		"queries/misc.sql:12 cross-join dashboard->campaigns",
		"queries/misc.sql:12 cross-join dashboard->subscribers",
		"queries/misc.sql:12 foreign-table dashboard->campaigns",
		"queries/misc.sql:12 foreign-table dashboard->campaigns",
		"queries/misc.sql:12 foreign-table dashboard->subscribers",
		"schema.sql:22 foreign-key subscribers->lists",
		"schema.sql:37 foreign-key campaigns->lists",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	// A Go call site of a named query carries the query file's position.
	for _, f := range findings {
		if f.Kind != finding.ForeignTable || !strings.HasSuffix(f.File, ".go") {
			continue
		}
		if f.Query == nil || !strings.HasPrefix(f.Query.File, "queries/") || f.Query.Line == 0 {
			t.Errorf("%s:%d: no query evidence: %+v", f.File, f.Line, f.Query)
		}
	}
	if i := slices.Index(got, "internal/core/campaigns.go:39 foreign-table campaigns->subscribers"); i >= 0 {
		if q := findings[i].Query; q == nil || *q != (finding.QueryRef{Name: "blocklist-subscribers", File: "queries/subscribers.sql", Line: 20, Column: 1}) {
			t.Errorf("blocklist evidence = %+v", q)
		}
	}
	// Test code's TRUNCATE is counted, not reported. The templates filled in at
	// run time (query-subscribers, get-lists, count-campaign-targets) are
	// dynamic SQL, not parse errors, and so is the Prepare of ScanToStruct.
	if sum["fixture_sql"] != 5.0 || sum["dynamic_sql"] != 4.0 || sum["by_kind"].(map[string]any)["parse-error"] != nil {
		t.Errorf("summary %v: want fixture_sql 5, dynamic_sql 4, no parse-error", sum)
	}

	withTests, _, _ := checkNewsletter(t, "--tests")
	var fixture []string
	for _, f := range withTests {
		if !slices.Contains(got, f) {
			fixture = append(fixture, f)
		}
	}
	wantFixture := []string{
		"internal/core/campaigns_test.go:20 cross-join campaigns->lists",
		"internal/core/campaigns_test.go:20 cross-join campaigns->subscribers",
		"internal/core/campaigns_test.go:20 foreign-table campaigns->lists",
		"internal/core/campaigns_test.go:20 foreign-table campaigns->subscribers",
		"internal/core/campaigns_test.go:20 foreign-table campaigns->subscribers",
	}
	if !slices.Equal(fixture, wantFixture) {
		t.Errorf("--tests adds:\n got %s\nwant %s", strings.Join(fixture, "\n     "), strings.Join(wantFixture, "\n     "))
	}
}

// TestNewsletterQueryEdit edits a query file between two runs: go vet's cache
// of analysis results must not hand back the findings of the old query.
func TestNewsletterQueryEdit(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, newsletterDir, dir)
	const site = "internal/core/campaigns.go:39:12"
	run := func() string {
		_, out, _ := runCLI(t, "check", "-C", dir)
		return out
	}
	if out := run(); !strings.Contains(out, site+": campaigns writes subscribers's column") {
		t.Fatalf("first run lacks the blocklist finding:\n%s", out)
	}
	// blocklist-subscribers now writes campaigns' own table.
	file := filepath.Join(dir, "queries", "subscribers.sql")
	data := mustReplace(t, file,
		"UPDATE subscribers SET status = 'blocklisted' WHERE id = ANY($1::INT[]);",
		"UPDATE campaigns SET status = 'cancelled' WHERE id = ANY($1::INT[]);")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := run(); strings.Contains(out, site) {
		t.Errorf("after the edit the old query's finding is still reported:\n%s", out)
	}
}
