package infer_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/infer"
)

// pairF1 is the pair-counting F1 of a table partition against the intended one:
// over every pair of the intended map's tables, a pair in one context in both is
// a true positive, in one context only in the guess a false positive, only in
// the intended map a false negative. A table the guess leaves out is alone.
func pairF1(guess, want map[string]string) float64 {
	tables := make([]string, 0, len(want))
	for t := range want {
		tables = append(tables, t)
	}
	slices.Sort(tables)
	var tp, fp, fn float64
	for i, a := range tables {
		for _, b := range tables[i+1:] {
			g := guess[a] != "" && guess[a] == guess[b]
			w := want[a] == want[b]
			switch {
			case g && w:
				tp++
			case g:
				fp++
			case w:
				fn++
			}
		}
	}
	if tp == 0 {
		return 0
	}
	p, r := tp/(tp+fp), tp/(tp+fn)
	return 2 * p * r / (p + r)
}

// partition is the table -> context map of an inferred configuration.
func partition(r *infer.Result) map[string]string {
	out := map[string]string{}
	for _, x := range r.Contexts {
		for _, g := range x.Tables {
			out[g.Values[0]] = x.Name
		}
	}
	return out
}

func TestPairF1(t *testing.T) {
	want := map[string]string{"a": "x", "b": "x", "c": "y", "d": "y"}
	if f := pairF1(want, want); f != 1 {
		t.Errorf("identical partitions: F1 = %v, want 1", f)
	}
	if f := pairF1(map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}, want); f != 0 {
		t.Errorf("all apart: F1 = %v, want 0", f)
	}
	// One pair right out of 6 joined (precision 1/6, recall 1/2).
	if f := pairF1(map[string]string{"a": "1", "b": "1", "c": "1", "d": "1"}, want); f < 0.49 || f > 0.51 {
		t.Errorf("all together: F1 = %v, want 0.5", f)
	}
}

// TestInitF1 measures init's table partition against the map each fixture's
// team intends: this package's newsletter monolith (one domain package split by
// file, goyesql queries bound by struct tags, schema.sql at the root, Go
// migrations, infrastructure folders), the catalog example and
// testdata/newsletter (its faultline.yaml is the map). Target: F1 >= 0.7.
func TestInitF1(t *testing.T) {
	intended := func(dir string) map[string]string {
		cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, c := range cfg.Contexts {
			for _, e := range c.Tables {
				m[e.Value] = c.Name
			}
		}
		for _, e := range cfg.Shared.Tables {
			m[e.Value] = "(shared)"
		}
		return m
	}
	for _, tc := range []struct {
		dir  string
		want map[string]string
	}{
		{filepath.Join("testdata", "newsletter"), map[string]string{
			"subscribers": "subscribers", "subscriber_lists": "subscribers",
			"lists":     "lists",
			"campaigns": "campaigns", "campaign_lists": "campaigns", "campaign_views": "campaigns",
			"links": "campaigns", "link_clicks": "campaigns",
			"templates": "templates", "media": "media", "settings": "settings", "users": "users",
			"bounces": "bounces",
		}},
		{filepath.Join("..", "testdata", "catalog"), intended(filepath.Join("..", "testdata", "catalog"))},
		// The layered engineers' newsletter, mapped file by file in its faultline.yaml.
		{filepath.Join("..", "testdata", "newsletter"), intended(filepath.Join("..", "testdata", "newsletter"))},
	} {
		r, err := infer.Infer(tc.dir)
		if err != nil {
			t.Fatal(err)
		}
		f := pairF1(partition(r), tc.want)
		t.Logf("%s: pair F1 %.2f (%v)", tc.dir, f, partition(r))
		if f < 0.7 {
			t.Errorf("%s: pair F1 of init's tables = %.2f, want >= 0.7\n%s", tc.dir, f, r.YAML())
		}
	}
}
