package coupling

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/verdict"
)

var gitlabData = filepath.Join("..", "..", "..", "shared", "data", "gitlab")

// gitlabDictionary reads dictionary.tsv: table or view name -> gitlab_schema.
func gitlabDictionary(tb testing.TB) map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join(gitlabData, "dictionary.tsv"))
	if err != nil {
		tb.Skipf("GitLab's dictionary is not available: %v", err)
	}
	defer f.Close()
	dict := map[string]string{}
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		fields := strings.Split(sc.Text(), "\t")
		if first || len(fields) < 2 {
			continue
		}
		dict[fields[0]] = fields[1]
	}
	return dict
}

// gitlabConfig writes a faultline.yaml reading each gitlab_schema as a context, with
// gitlab_shared as the shared kernel, and loads it.
func gitlabConfig(tb testing.TB, dict map[string]string) *config.Config {
	tb.Helper()
	by := map[string][]string{}
	for name, gs := range dict {
		by[gs] = append(by[gs], name)
	}
	var names []string
	for gs := range by {
		names = append(names, gs)
		sort.Strings(by[gs])
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("version: 1\ncontexts:\n")
	for _, gs := range names {
		if gs != "gitlab_shared" {
			fmt.Fprintf(&b, "  %s:\n    tables: [%s]\n", gs, strings.Join(by[gs], ", "))
		}
	}
	fmt.Fprintf(&b, "shared:\n  tables: [%s]\n", strings.Join(by["gitlab_shared"], ", "))
	file := filepath.Join(tb.TempDir(), "faultline.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// buildGitLab builds the catalog of structure.sql.
func buildGitLab(tb testing.TB) (*schema.Catalog, []error) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(gitlabData, "structure.sql"))
	if err != nil {
		tb.Skipf("GitLab's structure.sql is not available: %v", err)
	}
	cat := schema.New()
	errs := cat.Apply("structure.sql", string(data))
	return cat, append(errs, cat.AnalyzeFunctions()...)
}

// TestGitLab checks GitLab's schema with each gitlab_schema as a context: every
// cross-context foreign key and trigger, computed here from the catalog and the
// dictionary, is reported, and nothing else of those kinds; partitions belong to
// their parent's context.
func TestGitLab(t *testing.T) {
	dict := gitlabDictionary(t)
	cfg := gitlabConfig(t, dict)
	cat, errs := buildGitLab(t)
	fs := Check(cat, errs, cfg, nil)

	// rootName maps a table to the name the dictionary lists it under: its
	// own when listed (a listed partition wins over its parent), else its
	// nearest listed ancestor's.
	rootName := func(schemaName, name string) string {
		for range 8 {
			if _, ok := dict[name]; ok {
				return name
			}
			info, ok := cat.Table(schemaName, name)
			if !ok || info.PartitionOf == "" {
				return name
			}
			schemaName, name, _ = strings.Cut(info.PartitionOf, ".")
		}
		return name
	}
	context := func(schemaName, name string) string {
		gs := dict[rootName(schemaName, name)]
		if gs == "gitlab_shared" {
			return ""
		}
		return gs
	}

	want := map[string]bool{}
	for _, fk := range cat.ForeignKeys() {
		from, to := context(fk.Table.Schema, fk.Table.Name), context(fk.RefTable.Schema, fk.RefTable.Name)
		if from == "" || to == "" || from == to {
			continue
		}
		subject := fk.Table.Name + "." + fk.Name
		if fk.Table.Schema != "public" {
			subject = fk.Table.String() + "." + fk.Name
		}
		want[fmt.Sprintf("foreign-key %s->%s %s", from, to, subject)] = true
	}
	// PostgreSQL's clones of those keys onto the partitions the dictionary
	// lists in another schema than their parent are judged per partition.
	for _, tb := range cat.Tables() {
		if tb.PartitionOf.IsZero() || rootName(tb.Schema, tb.Name) != tb.Name {
			continue
		}
		from := context(tb.Schema, tb.Name)
		if from == context(tb.PartitionOf.Schema, tb.PartitionOf.Name) {
			continue
		}
		for cur := cat.FindTable(tb.PartitionOf.Schema, tb.PartitionOf.Name); cur != nil; {
			for _, fk := range cur.Constraints {
				if fk.Type != schema.ForeignKey {
					continue
				}
				if to := context(fk.RefTable.Schema, fk.RefTable.Name); from != "" && to != "" && from != to {
					want[fmt.Sprintf("foreign-key %s->%s %s.%s", from, to, tb.Name, fk.Name)] = true
				}
			}
			if cur.PartitionOf.IsZero() {
				break
			}
			cur = cat.FindTable(cur.PartitionOf.Schema, cur.PartitionOf.Name)
		}
	}
	fkWant := len(want)
	for _, g := range cat.Triggers() {
		from := context(g.Table.Schema, g.Table.Name)
		fn := cat.TriggerFunction(g)
		if from == "" || fn == nil {
			continue
		}
		for _, st := range fn.Statements {
			for _, tb := range st.Tables {
				to := context(tb.Schema, tb.Name)
				if to != "" && to != from {
					// The subject names the table the trigger is declared on.
					on := g.Table.Name
					if g.Table.Schema != "public" {
						on = g.Table.String()
					}
					want[fmt.Sprintf("trigger %s->%s %s.%s", from, to, on, g.Name)] = true
				}
			}
		}
	}
	if fkWant == 0 || len(want) == fkWant {
		t.Fatalf("expected %d cross-context foreign keys and %d triggers: the dictionary does not map the schema", fkWant, len(want)-fkWant)
	}
	got := map[string]bool{}
	counts := map[finding.Kind]int{}
	for _, f := range fs {
		counts[f.Kind]++
		switch f.Kind {
		case finding.ForeignKey, finding.Trigger:
			got[f.Key()] = true
		case finding.ParseError:
			t.Errorf("parse error: %s: %s", f.Position(), f.Message)
		case finding.UnownedTable:
			if tb := cat.FindTable(splitQualified(f.Tables[0])); tb == nil || !tb.Parent().IsZero() {
				t.Errorf("unowned-table finding for a partition or child: %s", f.Subject)
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected %s", k)
		}
	}
	t.Logf("%d cross-context foreign keys, %d cross-context triggers; findings by kind: %v", fkWant, len(want)-fkWant, counts)

	// Partitions belong to their parent's context, as every statement sees
	// them, unless the dictionary lists them: then to their own.
	res := &access.Resolver{Config: cfg, Catalog: cat}
	partitions := 0
	wantWarnings := 0
	for _, tb := range cat.Tables() {
		if tb.PartitionOf.IsZero() {
			continue
		}
		partitions++
		owning := rootName(tb.Schema, tb.Name)
		if owning == tb.Name && dict[tb.Name] != dict[rootName(tb.PartitionOf.Schema, tb.PartitionOf.Name)] {
			wantWarnings++
		}
		touches := res.Touches(query.Statement{Tables: []query.Table{{Schema: tb.Schema, Name: tb.Name, Read: true}}})
		wantOwner := cfg.TableOwner("public", owning)
		if len(touches) != 1 || touches[0].Owner != wantOwner || touches[0].Table != owning || !wantOwner.Owned() {
			t.Errorf("partition %s: touches %+v, want owner %v of %s", tb.QualifiedName(), touches, wantOwner, owning)
		}
	}
	if partitions < 400 {
		t.Errorf("only %d partitions", partitions)
	}
	// Only the partitions listed under another schema than their parent's
	// are warned about; every other dictionary entry names a table or view.
	if counts[finding.Config] != wantWarnings || wantWarnings == 0 {
		t.Errorf("%d config warnings, want %d (one per partition listed away from its parent)", counts[finding.Config], wantWarnings)
	}
}

func splitQualified(q string) (string, string) {
	s, n, _ := strings.Cut(q, ".")
	return s, n
}

// gitlabPolicy reads gitlab_schemas/*.yaml: for each gitlab_schema, the schemas
// its tables may hold foreign keys to or from (allow_cross_foreign_keys).
func gitlabPolicy(tb testing.TB) map[string][]string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(gitlabData, "gitlab_schemas", "*.yaml"))
	if err != nil || len(files) == 0 {
		tb.Skipf("GitLab's gitlab_schemas are not available: %v", err)
	}
	policy := map[string][]string{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		var doc struct {
			Name                  string   `yaml:"name"`
			AllowCrossForeignKeys []string `yaml:"allow_cross_foreign_keys"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
		policy[doc.Name] = doc.AllowCrossForeignKeys
	}
	return policy
}

// crossForeignKeyAllowed is GitLab's Gitlab::Database::GitlabSchema
// .cross_foreign_key_allowed? for two schemas: allowed when they are one, or
// when either lists the other under allow_cross_foreign_keys.
func crossForeignKeyAllowed(policy map[string][]string, a, b string) bool {
	return a == b || slices.Contains(policy[a], b) || slices.Contains(policy[b], a)
}

var partitionNumber = regexp.MustCompile(`_[0-9]+$`)

// gitlabTableSchema is GitLab's GitlabSchema.table_schema for the names of this
// data: the dictionary's schema of the name, else of the name without a
// partition number suffix, else of p_<name> for CI partitions; "" if unknown.
func gitlabTableSchema(dict map[string]string, name string) string {
	if gs, ok := dict[name]; ok {
		return gs
	}
	base := partitionNumber.ReplaceAllString(name, "")
	if gs, ok := dict[base]; ok {
		return gs
	}
	if strings.HasPrefix(base, "ci_") {
		return dict["p_"+base]
	}
	return ""
}

// TestGitLabCrossDatabaseForeignKeys reproduces GitLab's own spec
// spec/lib/gitlab/database/no_cross_db_foreign_keys_spec.rb on its schema: with
// one context per gitlab_schema (GitLab's db/docs dictionary, partitions listed
// where the dictionary lists them) and each allow_cross_foreign_keys pair of
// gitlab_schemas/*.yaml as an allow entry, the foreign-key findings no allow
// entry covers are exactly the foreign keys that spec finds. The spec walks the
// tables on the search path (public), each with the foreign keys PostgreSQL
// holds for it, those cloned from a partitioned parent included, and fails on a
// key whose two tables' gitlab_schemas may not hold keys to each other. The data
// has no allow-list of known exceptions, so none is subtracted.
func TestGitLabCrossDatabaseForeignKeys(t *testing.T) {
	dict := gitlabDictionary(t)
	policy := gitlabPolicy(t)
	cat, errs := buildGitLab(t)

	// The spec's set, computed from the catalog and the data alone.
	want := map[string]bool{}
	clones := 0 // keys a partition holds as PostgreSQL's clone of its parent's
	for _, tb := range cat.Tables() {
		if tb.Schema != "public" {
			continue // not on the search path: the spec never visits it
		}
		from := gitlabTableSchema(dict, tb.Name)
		if from == "" {
			t.Fatalf("GitLab's spec would raise: no gitlab_schema for table %s", tb.Name)
		}
		// The keys declared on the table and those cloned onto it from its
		// partitioned ancestors.
		for cur := tb; cur != nil; {
			for _, k := range cur.Constraints {
				if k.Type != schema.ForeignKey {
					continue
				}
				to := gitlabTableSchema(dict, k.RefTable.Name)
				if to == "" {
					t.Fatalf("GitLab's spec would raise: no gitlab_schema for table %s", k.RefTable)
				}
				if !crossForeignKeyAllowed(policy, from, to) {
					want[tb.Name+"."+k.Name] = true
					if cur != tb {
						clones++
					}
				}
			}
			if cur.PartitionOf.IsZero() {
				break
			}
			cur = cat.FindTable(cur.PartitionOf.Schema, cur.PartitionOf.Name)
		}
	}

	if clones == 0 {
		t.Fatal("no cross-database key on a partition: the data no longer tests the clones")
	}

	cfg := gitlabSpecConfig(t, dict, policy)
	got := map[string]bool{}
	var warnings []string
	// The allow entries are the verdict stage's to apply, as in faultline check.
	judged, err := verdict.Apply(Check(cat, errs, cfg, nil), verdict.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range judged.Findings {
		switch {
		case f.Kind == finding.ForeignKey && f.AllowedBy == "":
			got[f.Subject] = true
		case f.Kind == finding.Config:
			warnings = append(warnings, f.Subject)
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing cross-database foreign key %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("GitLab's spec does not find %s", k)
		}
	}
	t.Logf("%d cross-database foreign keys, as GitLab's spec finds: %v; config warnings: %v", len(want), slices.Sorted(maps.Keys(want)), warnings)
}

// gitlabSpecConfig writes a faultline.yaml with one context per gitlab_schema
// (gitlab_shared too: its tables may hold no foreign key to another schema) and
// one allow entry per direction of each allow_cross_foreign_keys pair.
func gitlabSpecConfig(tb testing.TB, dict map[string]string, policy map[string][]string) *config.Config {
	tb.Helper()
	by := map[string][]string{}
	for name, gs := range dict {
		by[gs] = append(by[gs], name)
	}
	var b strings.Builder
	b.WriteString("version: 1\ncontexts:\n")
	for _, gs := range slices.Sorted(maps.Keys(by)) {
		slices.Sort(by[gs])
		fmt.Fprintf(&b, "  %s:\n    tables: [%s]\n", gs, strings.Join(by[gs], ", "))
	}
	b.WriteString("allow:\n")
	for _, gs := range slices.Sorted(maps.Keys(policy)) {
		for _, other := range policy[gs] {
			if by[gs] == nil || by[other] == nil {
				continue
			}
			for _, p := range [][2]string{{gs, other}, {other, gs}} {
				fmt.Fprintf(&b, "  - {from: %s, to: %s, kind: foreign-key, reason: \"allow_cross_foreign_keys of %s\"}\n", p[0], p[1], gs)
			}
		}
	}
	file := filepath.Join(tb.TempDir(), "faultline.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.Load(file)
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}
