package sqlaccess_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/faultline/faultline/analyzers/sqlaccess"
)

// TestLayered runs the analyzer over a newsletter monolith split by file, whose
// SQL lives in a goyesql query file bound to Go by struct tags, maps and dotsql.
func TestLayered(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sqlaccess.Analyzer,
		"example.com/news/internal/platform/dbutil",
		"example.com/news/internal/platform/db",
		"example.com/news/internal/platform/testutil",
		"example.com/news/internal/lists",
		"example.com/news/internal/core",
	)
	var fixture, dynamic, bound []string
	for _, r := range results {
		res, ok := r.Result.(*sqlaccess.Result)
		if !ok {
			continue
		}
		for _, f := range res.Fixture {
			fixture = append(fixture, fmt.Sprintf("%s:%d %s %s->%s", filepath.Base(f.File), f.Line, f.Kind, f.From, f.To))
		}
		for _, p := range res.DynamicSites {
			dynamic = append(dynamic, fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line))
		}
		bound = append(bound, res.Bound...)
		for _, f := range res.Findings {
			if f.Query != nil && !strings.HasPrefix(f.Query.File, "queries/") {
				t.Errorf("finding %s: query evidence %+v, want a file relative to faultline.yaml", f.Position(), f.Query)
			}
		}
	}
	slices.Sort(fixture)
	fixture = slices.Compact(fixture)
	// The test file's TRUNCATE and the testutil's: cross-joins of every context,
	// kept apart from the findings.
	wantFixture := []string{
		"campaigns_test.go:12 cross-join campaigns->lists",
		"campaigns_test.go:12 cross-join campaigns->subscribers",
		"campaigns_test.go:12 foreign-table campaigns->lists",
		"campaigns_test.go:12 foreign-table campaigns->subscribers",
		"campaigns_test.go:13 cross-join campaigns->lists",
		"campaigns_test.go:13 cross-join campaigns->subscribers",
		"campaigns_test.go:13 foreign-table campaigns->lists",
		"campaigns_test.go:13 foreign-table campaigns->subscribers",
		"campaigns_test.go:14 foreign-table campaigns->subscribers",
	}
	if !slices.Equal(fixture, wantFixture) {
		t.Errorf("fixture findings:\n got %s\nwant %s", strings.Join(fixture, "\n     "), strings.Join(wantFixture, "\n     "))
	}
	slices.Sort(dynamic)
	dynamic = slices.Compact(dynamic)
	// The placeholders of templates (filled in here, in a helper of the same
	// file, in a shared helper, from a goyesql map), a template whose table is a
	// placeholder, and a tagged statement whose query no file names.
	wantDynamic := []string{"campaigns.go:22", "campaigns.go:34", "campaigns.go:54", "campaigns.go:69", "lists.go:21", "subscribers.go:24", "subscribers.go:41"}
	if !slices.Equal(dynamic, wantDynamic) {
		t.Errorf("dynamic SQL at %v, want %v", dynamic, wantDynamic)
	}
	slices.Sort(bound)
	bound = slices.Compact(bound)
	if !slices.Contains(bound, "queries/queries.sql#get-subscriber") || slices.Contains(bound, "queries/queries.sql#delete-list") == false {
		t.Errorf("bound queries %v: want get-subscriber and delete-list among them", bound)
	}
}
