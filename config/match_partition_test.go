package config

import "testing"

func TestListed(t *testing.T) {
	cfg, err := Parse("faultline.yaml", []byte(`version: 1
contexts:
  ci:
    packages: [ci/...]
    tables: [ci_builds, "ci_*", "gitlab_partitions_dynamic.*"]
  runners:
    packages: [runners/...]
    tables: [ci_builds_101, "gitlab_partitions_static.runner_*"]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		schema, table string
		want          string // the listing context, "" for none
	}{
		{"public", "ci_builds", "ci"},
		{"gitlab_partitions_dynamic", "ci_builds_101", "runners"}, // the literal name wins over the schema glob
		{"gitlab_partitions_dynamic", "ci_builds_102", ""},        // only globs match
		{"gitlab_partitions_static", "runner_01", ""},
		{"public", "ci_pipelines", ""},
	} {
		cl, ok := cfg.Listed(tc.schema, tc.table)
		got := ""
		if ok {
			got = cl.Owner.Context
		}
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Listed(%s.%s) = %q, %v; want %q", tc.schema, tc.table, got, ok, tc.want)
		}
	}
}
