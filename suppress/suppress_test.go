package suppress

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

const quoteGo = `package pricing

import (
	"context"

	// The facade is split in step 5.
	//faultline:ignore private TICKET-12 until step 5
	coreproducts "example.com/catalog/internal/coreproduct/repository"
)

func Quote(ctx context.Context, db DB) {
	db.Query(ctx, "SELECT name FROM products") //faultline:ignore foreign-table TICKET-31 reads the name until step 4
	db.Query(ctx, "SELECT 1") // an ordinary comment
	db.Query(ctx, "SELECT category_name FROM products")

	//faultline:ignore cross-join TICKET-40 the join goes in step 3

	db.Query(ctx, "SELECT * FROM products JOIN stock USING (sku)")
	//faultline:ignore foreign-table
	db.Query(ctx, "SELECT is_active FROM products")
	//faultline:ignore foreing-table TICKET-1 typo
	db.Query(ctx, "SELECT is_active FROM products")
	// faultline:ignore foreign-table,cross-join TICKET-2 only one of them here
	db.Query(ctx, "SELECT sku FROM products")
	s := "//faultline:ignore all not a comment"
	//faultline:ignored all not a directive
	db.Query(ctx, s)
	//faultline:ignore all TICKET-3 everything on the next line
	db.Query(ctx, "SELECT name FROM products JOIN stock USING (sku)")
}
`

const historySQL = `-- faultline:ignore foreign-key TICKET-12 the key goes in step 6
CREATE TABLE price_history (
    id bigserial PRIMARY KEY,
    sku text NOT NULL,
    price numeric NOT NULL,
    -- a comment inside the statement
    changed_at timestamptz NOT NULL DEFAULT now(),
    note text DEFAULT 'it''s; -- not a comment',
    CONSTRAINT price_history_sku_fkey
        FOREIGN KEY (sku) REFERENCES products (sku)
);

-- faultline:ignore function TICKET-9 the function is split in step 2
CREATE FUNCTION category_price_range(text) RETURNS numeric AS $$
    SELECT max(original_price) FROM products WHERE category_name = $1; -- faultline:ignore view inside a body, no directive
$$ LANGUAGE sql;

CREATE TABLE stock (
    sku text REFERENCES products (sku) -- faultline:ignore foreign-key TICKET-13 trailing the reported line
);
-- faultline:ignore trigger TICKET-14 but there is no trigger below
CREATE TABLE x (id int);
-- faultline:ignore view
CREATE VIEW v AS SELECT 1;
`

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func at(kind finding.Kind, file string, line int) finding.Finding {
	return finding.Finding{Kind: kind, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: string(kind) + " subject", File: file, Line: line, Column: 2, Message: "m"}
}

func TestFilter(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "internal/pricing/quote.go", quoteGo)
	write(t, dir, "db/migrations/000003_create_price_history.up.sql", historySQL)
	write(t, dir, "internal/pricing/clean.go", "package pricing\n\n//faultline:ignore import TICKET-5 nothing here any more\nimport _ \"fmt\"\n")
	const goFile, sqlFile = "internal/pricing/quote.go", "db/migrations/000003_create_price_history.up.sql"

	findings := []finding.Finding{
		at(finding.Private, goFile, 8),       // 0: line above, in a comment block: suppressed
		at(finding.ForeignTable, goFile, 12), // 1: same line: suppressed
		at(finding.ForeignTable, goFile, 13), // 2: the line below a trailing directive: kept
		at(finding.ForeignTable, goFile, 14), // 3: the line below a trailing comment: kept
		at(finding.CrossJoin, goFile, 18),    // 4: a blank line between: kept
		at(finding.ForeignTable, goFile, 20), // 5: no reason: kept
		at(finding.ForeignTable, goFile, 22), // 6: unknown kind: kept
		at(finding.ForeignTable, goFile, 24), // 7: two kinds, one used: suppressed
		at(finding.ForeignTable, goFile, 27), // 8: "directives" in a string and a misspelling: kept
		at(finding.ForeignTable, goFile, 29), // 9: all: suppressed
		at(finding.CrossJoin, goFile, 29),    // 10: all: suppressed
		at(finding.ForeignKey, sqlFile, 10),  // 11: inside the statement below the directive: suppressed
		at(finding.Function, sqlFile, 14),    // 12: above the statement: suppressed
		at(finding.ForeignKey, sqlFile, 19),  // 13: trailing the reported line: suppressed
		at(finding.View, sqlFile, 15),        // 14: a -- inside a dollar-quoted body is no directive: kept
		// 15: an allow entry covers it already and keeps its reason.
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "fk2", File: sqlFile, Line: 9, AllowedBy: "allowed in faultline.yaml",
			Excuse: &finding.Excuse{By: finding.ByAllow, Reason: "allowed in faultline.yaml"}},
		// 16: faultline's own kinds cannot be suppressed.
		{Kind: finding.UnusedIgnore, Severity: finding.Warning, Subject: "x", File: goFile, Line: 12},
		// 17: no file (a live catalog object).
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "a", To: "b", Subject: "live", Object: "public.t"},
	}
	out, problems, err := Filter(dir, findings, []string{"internal/pricing/clean.go", filepath.Join(dir, "internal/pricing/missing.go")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(findings) {
		t.Fatalf("out has %d findings, want %d", len(out), len(findings))
	}
	var suppressed []int
	for i, f := range out {
		if IsSuppressed(f) {
			suppressed = append(suppressed, i)
		}
	}
	if want := []int{0, 1, 7, 9, 10, 11, 12, 13}; !reflect.DeepEqual(suppressed, want) {
		t.Errorf("suppressed %v, want %v", suppressed, want)
	}
	if got, want := out[1].AllowedBy, "faultline:ignore at internal/pricing/quote.go:12: TICKET-31 reads the name until step 4"; got != want {
		t.Errorf("AllowedBy = %q, want %q", got, want)
	}
	if out[15].AllowedBy != "allowed in faultline.yaml" {
		t.Errorf("allowed finding's reason = %q", out[15].AllowedBy)
	}
	if findings[1].AllowedBy != "" {
		t.Errorf("Filter changed its input")
	}

	var got []string
	for _, p := range problems {
		if p.Kind != finding.UnusedIgnore || p.From != "" || p.Subject == "" {
			t.Errorf("problem %+v", p)
		}
		got = append(got, p.Position()+" "+string(p.Severity)+": "+p.Message)
	}
	want := []string{
		"db/migrations/000003_create_price_history.up.sql:21:1 warning: faultline:ignore trigger suppresses nothing: no trigger finding on line 22",
		"db/migrations/000003_create_price_history.up.sql:23:1 error: faultline:ignore needs a reason after the kind",
		"internal/pricing/clean.go:3:1 warning: faultline:ignore import suppresses nothing: no import finding on line 4",
		"internal/pricing/quote.go:16:2 warning: faultline:ignore cross-join covers no line: a blank line or the end of the file follows it",
		"internal/pricing/quote.go:19:2 error: faultline:ignore needs a reason after the kind",
		"internal/pricing/quote.go:21:2 error: faultline:ignore names \"foreing-table\", which is not a kind of finding",
		"internal/pricing/quote.go:23:2 warning: faultline:ignore cross-join suppresses nothing: no cross-join finding on line 24",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d:\n got %s\nwant %s...", i, got[i], want[i])
		}
	}
	// The missing reason is no excuse: the message says what to write.
	if !strings.Contains(problems[4].Message, "write //faultline:ignore <kind> <reason>") && !strings.Contains(problems[4].Fix, "//faultline:ignore <kind> <reason>") {
		t.Errorf("no syntax hint: %+v", problems[4])
	}
}

func TestParseSQLStatementRange(t *testing.T) {
	ds := ParseSQL("h.sql", []byte(historySQL))
	if len(ds) != 5 {
		t.Fatalf("directives: %+v", ds)
	}
	first := ds[0]
	if first.First != 2 || first.Last != 11 || first.Line != 1 || first.Column != 1 ||
		!slices.Equal(first.Kinds, []finding.Kind{finding.ForeignKey}) || first.Reason != "TICKET-12 the key goes in step 6" {
		t.Errorf("directive above CREATE TABLE = %+v, want lines 2-11", first)
	}
	if fn := ds[1]; fn.First != 14 || fn.Last != 16 {
		t.Errorf("directive above CREATE FUNCTION covers %d-%d, want 14-16 (the dollar-quoted body is one statement)", fn.First, fn.Last)
	}
	if tr := ds[2]; tr.First != 19 || tr.Last != 19 {
		t.Errorf("trailing directive covers %d-%d, want 19", tr.First, tr.Last)
	}
}

func TestParseGoQuirks(t *testing.T) {
	src := "package p\n\n/* block\n//faultline:ignore import not a line comment */\nvar x = `\n//faultline:ignore import inside a raw string\n`\n\n// doc\n//\tfaultline:ignore\timport\ttabs work too\nvar y = 1\n//faultline:ignore\nvar z = 2\n//faultline:ignore import at the end of the file\n"
	ds := ParseGo("p.go", []byte(src))
	if len(ds) != 3 {
		t.Fatalf("directives: %+v", ds)
	}
	if d := ds[0]; d.First != 11 || d.Reason != "tabs work too" || d.Problem != "" {
		t.Errorf("tabbed directive = %+v", d)
	}
	if d := ds[1]; !strings.HasPrefix(d.Problem, "needs a kind and a reason") || d.First != 13 {
		t.Errorf("bare directive = %+v", d)
	}
	if d := ds[2]; d.First != 0 {
		t.Errorf("directive at the end covers %d, want nothing", d.First)
	}
}

func TestProjectFiles(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "testdata", "catalog", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := ProjectFiles(cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"db/migrations/000001_create_products.up.sql",
		"db/queries/pricing/prices.sql",
		"internal/pricing/quote.go",
		"cmd/catalog/main.go",
	} {
		if !slices.Contains(files, want) {
			t.Errorf("ProjectFiles lacks %s: %v", want, files)
		}
	}
	if slices.Contains(files, "db/migrations/000001_create_products.down.sql") {
		t.Errorf("ProjectFiles lists a down migration")
	}
	sqlOnly, _ := ProjectFiles(cfg, false)
	for _, f := range sqlOnly {
		if strings.HasSuffix(f, ".go") {
			t.Errorf("ProjectFiles(code=false) lists %s", f)
		}
	}
}
