package schema

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// structureSQL is GitLab's db/structure.sql, a pg_dump of a large real catalog.
var structureSQL = filepath.Join("..", "..", "shared", "data", "gitlab", "structure.sql")

// readStructure returns structure.sql, skipping the test when the data is absent.
func readStructure(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile(structureSQL)
	if err != nil {
		tb.Skipf("GitLab's structure.sql is not available: %v", err)
	}
	return string(data)
}

// qualify adds public. to a name pg_dump left unqualified.
func qualifyPublic(n string) string {
	if strings.Contains(n, ".") {
		return n
	}
	return "public." + n
}

// scan returns the submatches of re over text.
func scan(text, re string) [][]string {
	return regexp.MustCompile(re).FindAllStringSubmatch(text, -1)
}

// TestGitLabStructure builds the catalog from GitLab's structure.sql and checks every
// table, partition, partitioned parent, view, function, trigger, sequence and foreign
// key against counts and lists taken from the file's text independently, by plain
// pattern matching over pg_dump's fixed layout.
func TestGitLabStructure(t *testing.T) {
	text := readStructure(t)
	c := New()
	errs := c.Apply("structure.sql", text)
	errs = append(errs, c.AnalyzeFunctions()...)
	for i, err := range errs {
		if i < 20 {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("%d errors applying structure.sql, want 0", len(errs))
	}

	// Tables.
	var tables []string
	for _, m := range scan(text, `(?m)^CREATE TABLE (\S+) \(`) {
		tables = append(tables, qualifyPublic(m[1]))
	}
	var got []string
	for _, tb := range c.Tables() {
		got = append(got, tb.QualifiedName().String())
	}
	slices.Sort(tables)
	if !slices.Equal(got, tables) {
		t.Errorf("tables: catalog has %d, file has %d CREATE TABLE", len(got), len(tables))
	}
	if len(tables) != 1401 {
		t.Errorf("file scan found %d CREATE TABLE, README says 1,401", len(tables))
	}
	public := 0
	for _, n := range tables {
		if strings.HasPrefix(n, "public.") {
			public++
		}
	}
	if public != 1001 {
		t.Errorf("file scan found %d tables in public, README says 1,001", public)
	}

	// Partitioned parents and their partition keys.
	parents := scan(text, `(?m)^CREATE TABLE (\S+) \(\n(?:[^)\n][^\n]*\n)*\)\nPARTITION BY (\w+) \((.*)\);$`)
	if len(parents) != 94 {
		t.Errorf("file scan found %d partitioned parents, README says 94", len(parents))
	}
	for _, m := range parents {
		n := qualifyPublic(m[1])
		tb := c.FindTable(splitName(n))
		if tb == nil {
			t.Errorf("partitioned table %s missing", n)
			continue
		}
		if want := m[2] + " (" + m[3] + ")"; tb.PartitionKey != want {
			t.Errorf("%s: partition key %q, want %q", n, tb.PartitionKey, want)
		}
	}
	partitioned := 0
	for _, tb := range c.Tables() {
		if tb.PartitionKey != "" {
			partitioned++
		}
	}
	if partitioned != len(parents) {
		t.Errorf("catalog has %d partitioned tables, file %d", partitioned, len(parents))
	}

	// Partitions, attached with ALTER TABLE ... ATTACH PARTITION.
	attached := scan(text, `(?m)^ALTER TABLE ONLY (\S+) ATTACH PARTITION (\S+) FOR VALUES`)
	inPartitionSchemas := 0
	for _, m := range attached {
		if strings.HasPrefix(m[2], "gitlab_partitions_") {
			inPartitionSchemas++
		}
	}
	if inPartitionSchemas != 400 {
		t.Errorf("file scan found %d partitions attached from gitlab_partitions_*, README says 400", inPartitionSchemas)
	}
	for _, m := range attached {
		part := c.FindTable(splitName(qualifyPublic(m[2])))
		if part == nil {
			t.Errorf("partition %s missing", m[2])
			continue
		}
		if got, want := part.PartitionOf.String(), qualifyPublic(m[1]); got != want {
			t.Errorf("partition %s is of %q, want %q", m[2], got, want)
		}
		info, ok := c.Table(part.Schema, part.Name)
		if !ok || info.PartitionOf == "" || c.FindTable(splitName(info.PartitionOf)).Parent() != (Name{}) {
			t.Errorf("partition %s: TableInfo.PartitionOf %q is not a root table", m[2], info.PartitionOf)
		}
	}
	partitions := 0
	for _, tb := range c.Tables() {
		if !tb.PartitionOf.IsZero() {
			partitions++
		}
	}
	if partitions != len(attached) {
		t.Errorf("catalog has %d partitions, file attaches %d", partitions, len(attached))
	}

	// Views.
	views := scan(text, `(?m)^CREATE (MATERIALIZED )?VIEW (\S+) AS`)
	if len(views) != 14 {
		t.Errorf("file scan found %d views, README says 14", len(views))
	}
	for _, m := range views {
		v := c.FindView(splitName(qualifyPublic(m[2])))
		if v == nil {
			t.Errorf("view %s missing", m[2])
			continue
		}
		// One view reads only a set-returning function (pg_stat_activity's rows).
		if len(v.Query.Tables) == 0 && v.Name != "postgres_autovacuum_activity" || len(v.Columns) == 0 {
			t.Errorf("view %s: reads %d tables, has %d columns", m[2], len(v.Query.Tables), len(v.Columns))
		}
	}
	if len(c.Views()) != len(views) {
		t.Errorf("catalog has %d views, file %d", len(c.Views()), len(views))
	}

	// Functions, by name (overloads counted).
	var fnames, gotF []string
	for _, m := range scan(text, `(?m)^CREATE FUNCTION (\S+?)\(`) {
		fnames = append(fnames, qualifyPublic(m[1]))
	}
	if len(fnames) != 297 {
		t.Errorf("file scan found %d functions, README says 297", len(fnames))
	}
	analyzed := 0
	for _, f := range c.Functions() {
		gotF = append(gotF, f.QualifiedName().String())
		if len(f.Statements) > 0 || f.Dynamic {
			analyzed++
		}
	}
	slices.Sort(fnames)
	slices.Sort(gotF)
	if !slices.Equal(fnames, gotF) {
		t.Errorf("functions: catalog has %d, file %d", len(gotF), len(fnames))
	}
	if analyzed < len(gotF)/2 {
		t.Errorf("only %d of %d function bodies resolved to statements", analyzed, len(gotF))
	}

	// Triggers, by table and name.
	var trigs, gotT []string
	for _, m := range scan(text, `(?m)^CREATE TRIGGER (\S+) .*? ON (\S+) .*EXECUTE FUNCTION (\S+?)\(`) {
		trigs = append(trigs, qualifyPublic(m[2])+" "+m[1]+" "+qualifyPublic(m[3]))
	}
	if len(trigs) != 345 {
		t.Errorf("file scan found %d triggers, README says 345", len(trigs))
	}
	for _, g := range c.Triggers() {
		gotT = append(gotT, g.Table.String()+" "+g.Name+" "+g.Function.String())
	}
	slices.Sort(trigs)
	if !slices.Equal(trigs, gotT) {
		t.Errorf("triggers: catalog has %d, file %d", len(gotT), len(trigs))
		for _, x := range trigs {
			if !slices.Contains(gotT, x) {
				t.Errorf("  missing trigger %s", x)
				break
			}
		}
	}

	// Sequences.
	var seqs, gotS []string
	for _, m := range scan(text, `(?m)^CREATE SEQUENCE (\S+)$`) {
		seqs = append(seqs, qualifyPublic(m[1]))
	}
	for _, q := range c.Sequences() {
		gotS = append(gotS, q.QualifiedName().String())
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, gotS) {
		t.Errorf("sequences: catalog has %d, file %d", len(gotS), len(seqs))
	}

	// Foreign keys, with their columns, referenced table and columns, and actions.
	var fks, gotK []string
	for _, m := range scan(text, `(?m)^ALTER TABLE (?:ONLY )?(\S+)\n    ADD CONSTRAINT (\S+) FOREIGN KEY \(([^)]*)\) REFERENCES (\S+?)\(([^)]*)\)(.*);$`) {
		del := "NO ACTION"
		if i := strings.Index(m[6], "ON DELETE "); i >= 0 {
			del = strings.TrimSpace(strings.SplitN(m[6][i+len("ON DELETE "):], " NOT VALID", 2)[0])
			del = strings.TrimSuffix(del, " DEFERRABLE")
		}
		fks = append(fks, strings.Join([]string{qualifyPublic(m[1]), m[2], m[3], qualifyPublic(m[4]), m[5], del,
			map[bool]string{true: "not valid", false: "valid"}[strings.Contains(m[6], "NOT VALID")]}, " | "))
	}
	if len(fks) != 1679 {
		t.Errorf("file scan found %d foreign keys, README says 1,679", len(fks))
	}
	for _, k := range c.ForeignKeys() {
		gotK = append(gotK, strings.Join([]string{k.Table.String(), k.Name, strings.Join(k.Columns, ", "),
			k.RefTable.String(), strings.Join(k.RefColumns, ", "), k.OnDelete,
			map[bool]string{true: "not valid", false: "valid"}[k.NotValid]}, " | "))
	}
	slices.Sort(fks)
	slices.Sort(gotK)
	if !slices.Equal(fks, gotK) {
		t.Errorf("foreign keys: catalog has %d, file %d", len(gotK), len(fks))
		for _, x := range fks {
			if !slices.Contains(gotK, x) {
				t.Errorf("  first missing: %s", x)
				break
			}
		}
	}
}

// splitName splits "schema.name".
func splitName(q string) (string, string) {
	s, n, _ := strings.Cut(q, ".")
	return s, n
}

// TestSplitMatchesParser checks the statement splitter against libpg_query's own
// scanner-based one over all of structure.sql.
func TestSplitMatchesParser(t *testing.T) {
	text := readStructure(t)
	want, err := pg_query.SplitWithScanner(text, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sp := range split(text) {
		got = append(got, strings.TrimSpace(text[sp.start:sp.end]))
	}
	if len(got) != len(want) {
		t.Fatalf("split into %d statements, the parser's splitter into %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("statement %d:\n got %.200q\nwant %.200q", i, got[i], want[i])
		}
	}
}
