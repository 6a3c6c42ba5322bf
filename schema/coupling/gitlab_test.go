package coupling

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
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

	// rootName maps a table (a partition to its parent) to its dictionary name.
	rootName := func(schemaName, name string) string {
		info, ok := cat.Table(schemaName, name)
		if ok && info.PartitionOf != "" {
			_, n, _ := strings.Cut(info.PartitionOf, ".")
			return n
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
					want[fmt.Sprintf("trigger %s->%s %s.%s", from, to, rootName(g.Table.Schema, g.Table.Name), g.Name)] = true
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

	// Partitions belong to their parent's context, as every statement sees them.
	res := &access.Resolver{Config: cfg, Catalog: cat}
	partitions := 0
	for _, tb := range cat.Tables() {
		if tb.PartitionOf.IsZero() {
			continue
		}
		partitions++
		parent := cat.Root(tb)
		touches := res.Touches(query.Statement{Tables: []query.Table{{Schema: tb.Schema, Name: tb.Name, Read: true}}})
		wantOwner := cfg.TableOwner(parent.Schema, parent.Name)
		if len(touches) != 1 || touches[0].Owner != wantOwner || touches[0].Table != parent.Name || !wantOwner.Owned() {
			t.Errorf("partition %s: touches %+v, want owner %v of %s", tb.QualifiedName(), touches, wantOwner, parent.Name)
		}
	}
	if partitions < 400 {
		t.Errorf("only %d partitions", partitions)
	}
	if counts[finding.Config] > 0 {
		t.Errorf("%d config warnings: every dictionary entry names a table or view of structure.sql", counts[finding.Config])
	}
}

func splitQualified(q string) (string, string) {
	s, n, _ := strings.Cut(q, ".")
	return s, n
}
