package sqlaccess_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/faultline/faultline/analyzers/sqlaccess"
)

// TestORM runs the analyzer over a shop whose contexts reach their tables through
// gorm, bun, squirrel and goqu, and SQL assembled from constants across functions
// and files; the stand-ins under testdata/src have the libraries' API shapes.
func TestORM(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), sqlaccess.Analyzer,
		"example.com/ormshop/internal/...")

	// What stays unknown is counted as dynamic SQL, where it is.
	var got []string
	for _, r := range results {
		for _, p := range r.Result.(*sqlaccess.Result).DynamicSites {
			got = append(got, filepath.Base(p.Filename)+":"+itoa(p.Line))
		}
	}
	slices.Sort(got)
	// marketing.go:40 calls another package's function returning a bare name:
	// only functions returning SQL, or assembling it from parameters, carry a fact.
	want := []string{"consts.go:28", "gorm.go:55", "gorm.go:56", "inventory.go:25", "marketing.go:40"}
	if !slices.Equal(got, want) {
		t.Errorf("dynamic SQL at %v, want %v", got, want)
	}
}

func itoa(n int) string { return fmt.Sprint(n) }
