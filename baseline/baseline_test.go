package baseline

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

func fnd(kind finding.Kind, from, to, subject, file string, line int) finding.Finding {
	return finding.Finding{Kind: kind, Severity: finding.Error, From: from, To: to, Subject: subject, File: file, Line: line, Column: 2, Message: "m"}
}

// sample is a slice of the catalog example's findings, with one key twice.
func sample() []finding.Finding {
	return []finding.Finding{
		fnd(finding.ForeignTable, "pricing", "coreproduct", "read of products.name", "internal/pricing/quote.go", 21),
		fnd(finding.ForeignTable, "pricing", "coreproduct", "read of products.name", "db/queries/pricing/prices.sql", 7),
		fnd(finding.Private, "pricing", "coreproduct", `import of "example.com/catalog/internal/coreproduct/repository"`, "internal/pricing/quote.go", 7),
		fnd(finding.Trigger, "coreproduct", "pricing", "trigger products_log_list_price_change on products", "db/migrations/000005_log_list_price_changes.up.sql", 12),
		fnd(finding.UnownedTable, "", "", "audit_log", "db/migrations/000010_create_audit_log.up.sql", 2),
		// Never baselined: allowed, info, faultline's own.
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "fk", File: "a.sql", Line: 1, AllowedBy: "TICKET-12"},
		{Kind: finding.CrossJoin, Severity: finding.Info, From: "pricing", To: "coreproduct", Subject: "join", File: "a.sql", Line: 2},
		{Kind: finding.StaleAllow, Severity: finding.Warning, From: "pricing", Subject: "x", File: "faultline.yaml", Line: 3},
	}
}

func TestFromFindingsWriteRead(t *testing.T) {
	b := FromFindings(sample())
	if got, want := len(b.Entries), 4; got != want {
		t.Fatalf("entries = %d, want %d: %v", got, want, b.Entries)
	}
	if b.Len() != 5 {
		t.Errorf("Len = %d, want 5", b.Len())
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	want := `version: 1
findings:
  "":
    - {kind: unowned-table, subject: "audit_log", count: 1}
  coreproduct:
    - {kind: trigger, to: pricing, subject: "trigger products_log_list_price_change on products", count: 1}
  pricing:
    - {kind: foreign-table, to: coreproduct, subject: "read of products.name", count: 2}
    - {kind: private, to: coreproduct, subject: "import of \"example.com/catalog/internal/coreproduct/repository\"", count: 1}
`
	if !strings.HasPrefix(out, "# faultline.baseline.yaml") || !strings.HasSuffix(out, want) {
		t.Errorf("Write:\n%s\nwant the header, then:\n%s", out, want)
	}

	back, err := Parse("faultline.baseline.yaml", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if e := back.Entries[2]; e.Line != 20 || e.Column != 7 {
		// Line 20 after the 12-line header: the positions stale findings use.
		t.Errorf("entry %v at %d:%d, want 20:7", e, e.Line, e.Column)
	}
	for i := range back.Entries {
		if back.Entries[i].Line == 0 {
			t.Errorf("entry %d has no line", i)
		}
		back.Entries[i].Line, back.Entries[i].Column = 0, 0
	}
	if !reflect.DeepEqual(back.Entries, b.Entries) {
		t.Errorf("round trip:\n got %v\nwant %v", back.Entries, b.Entries)
	}
}

func TestEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := FromFindings(nil).Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "version: 1\nfindings: {}\n") {
		t.Errorf("empty baseline:\n%s", buf.String())
	}
	b, err := Parse("x.yaml", buf.Bytes())
	if err != nil || len(b.Entries) != 0 {
		t.Errorf("Parse = %v, %v", b, err)
	}
}

func TestQuoting(t *testing.T) {
	b := &Baseline{Entries: []Entry{
		{Kind: "foreign-table", From: "yes", To: "a b", Subject: "odd: {x}, [y] # z \"q\" \\ \u00e9\t\u2028", Count: 3},
		{Kind: "view", From: "123", Subject: "", Count: 1},
	}}
	var buf bytes.Buffer
	b.Write(&buf)
	back, err := Parse("x", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	for i := range back.Entries {
		back.Entries[i].Line, back.Entries[i].Column = 0, 0
	}
	want := slicesSorted(b.Entries)
	if !reflect.DeepEqual(back.Entries, want) {
		t.Errorf("round trip:\n got %q\nwant %q\n%s", back.Entries, want, buf.String())
	}
}

func slicesSorted(es []Entry) []Entry {
	out := slices.Clone(es)
	slices.SortFunc(out, compareEntries)
	return out
}

func TestApply(t *testing.T) {
	b := &Baseline{File: FileName, Entries: []Entry{
		// 2 known, now 3: the last by position is new.
		{Kind: finding.ForeignTable, From: "pricing", To: "coreproduct", Subject: "read of products.name", Count: 2, Line: 15, Column: 7},
		// 3 known, now 1: partly stale.
		{Kind: finding.CrossJoin, From: "marketing", To: "inventory", Subject: "join", Count: 3, Line: 16, Column: 7},
		// gone entirely.
		{Kind: finding.ForeignKey, From: "inventory", To: "coreproduct", Subject: "stock_sku_fkey", Count: 1, Line: 17, Column: 7},
	}}
	findings := []finding.Finding{
		fnd(finding.ForeignTable, "pricing", "coreproduct", "read of products.name", "internal/pricing/z.go", 1),
		fnd(finding.ForeignTable, "pricing", "coreproduct", "read of products.name", "internal/pricing/a.go", 9),
		fnd(finding.ForeignTable, "pricing", "coreproduct", "read of products.name", "internal/pricing/a.go", 3),
		fnd(finding.CrossJoin, "marketing", "inventory", "join", "m.go", 4),
		fnd(finding.Import, "marketing", "inventory", "import of inventory", "m.go", 1),
		{Kind: finding.Import, Severity: finding.Error, From: "marketing", To: "inventory", Subject: "x", AllowedBy: "r"},
	}
	fresh, known, stale := b.Apply(findings)

	// fresh keeps input order: z.go (the last in file order of its key), the new
	// import, and the allowed one passed through.
	if len(fresh) != 3 || fresh[0].File != "internal/pricing/z.go" || fresh[1].Kind != finding.Import || fresh[2].AllowedBy != "r" {
		t.Errorf("fresh = %v", fresh)
	}
	if len(known) != 3 {
		t.Errorf("known = %v, want a.go:9, a.go:3 and the cross-join", known)
	}
	if len(stale) != 2 {
		t.Fatalf("stale = %v, want 2", stale)
	}
	s := stale[0]
	if s.Kind != finding.StaleBaseline || s.Severity != finding.Error || s.File != FileName || s.Line != 16 || s.Column != 7 ||
		s.From != "marketing" || s.To != "inventory" || s.Subject != "cross-join join" {
		t.Errorf("partly stale = %+v", s)
	}
	if !strings.Contains(s.Message, "counts 3 but 1 occur now") || !strings.Contains(s.Fix, "faultline baseline") {
		t.Errorf("partly stale message = %q, fix %q", s.Message, s.Fix)
	}
	if s := stale[1]; s.Line != 17 || !strings.Contains(s.Message, "no longer occurs") {
		t.Errorf("stale = %+v", s)
	}

	// A nil baseline passes everything through.
	var none *Baseline
	if f, k, st := none.Apply(findings); len(f) != len(findings) || k != nil || st != nil {
		t.Errorf("nil Apply = %v %v %v", f, k, st)
	}
}

func TestApplyRoundTripKnowsEverything(t *testing.T) {
	b := FromFindings(sample())
	fresh, known, stale := b.Apply(sample())
	if len(known) != 5 || len(stale) != 0 || len(fresh) != 3 {
		t.Errorf("fresh %d known %d stale %d, want 3 5 0", len(fresh), len(known), len(stale))
	}
	for _, f := range fresh {
		if Eligible(f) {
			t.Errorf("eligible finding left fresh: %v", f)
		}
	}
}

func TestDiff(t *testing.T) {
	old := &Baseline{Entries: []Entry{
		{Kind: "view", From: "a", Subject: "v", Count: 2, Line: 20},
		{Kind: "trigger", From: "a", Subject: "t", Count: 1},
	}}
	next := &Baseline{Entries: []Entry{
		{Kind: "view", From: "a", Subject: "v", Count: 1},
		{Kind: "import", From: "b", To: "a", Subject: "i", Count: 2},
	}}
	d := Diff(old, next)
	want := Delta{
		Added:   []Entry{{Kind: "import", From: "b", To: "a", Subject: "i", Count: 2}},
		Removed: []Entry{{Kind: "trigger", From: "a", Subject: "t", Count: 1}, {Kind: "view", From: "a", Subject: "v", Count: 1}},
	}
	if !reflect.DeepEqual(d, want) || !d.Grows() || d.Empty() {
		t.Errorf("Diff = %+v, want %+v", d, want)
	}
	if d := Diff(next, next); !d.Empty() {
		t.Errorf("Diff of equal = %+v", d)
	}
	if d := Diff(nil, next); len(d.Added) != 2 {
		t.Errorf("Diff from nothing = %+v", d)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"syntax", "version: 1\nfindings:\n  a: [\n", "b.yaml:3:1: invalid YAML"},
		{"empty", "", "b.yaml:1:1: the file is empty"},
		{"version", "version: 2\nfindings: {}\n", "b.yaml:1:10: unsupported version \"2\""},
		{"no version", "findings: {}\n", "b.yaml:1:1: missing `version: 1`"},
		{"unknown top", "version: 1\nentries: {}\n", "b.yaml:2:1: unknown key \"entries\""},
		{"not a list", "version: 1\nfindings:\n  a: 3\n", "b.yaml:3:6: the entries of context \"a\" must be a list"},
		{"unknown key", "version: 1\nfindings:\n  a:\n    - {kind: view, line: 3}\n", "b.yaml:4:20: unknown key \"line\""},
		{"no kind", "version: 1\nfindings:\n  a:\n    - {subject: x}\n", "b.yaml:4:7: a baseline entry needs a kind"},
		{"count", "version: 1\nfindings:\n  a:\n    - {kind: view, count: 0}\n", "b.yaml:4:27: count must be a whole number of at least 1"},
		{"dup", "version: 1\nfindings:\n  a:\n    - {kind: view, subject: x}\n    - {kind: view, subject: x, count: 2}\n", "b.yaml:5:7: this entry repeats the one at line 4"},
		{"nested", "version: 1\nfindings:\n  a:\n    - {kind: [view]}\n", "b.yaml:4:14: kind must be a single value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("b.yaml", []byte(tc.src))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse error = %v (%T), want Errors", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("Parse error = %q, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestReadLoadWriteFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of nothing = %v, want fs.ErrNotExist", err)
	}
	if err := FromFindings(sample()).WriteFile(Path(dir)); err != nil {
		t.Fatal(err)
	}
	b, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.File != FileName || len(b.Entries) != 4 {
		t.Errorf("Load = %+v", b)
	}
	if b, err := Read(Path(dir)); err != nil || b.File != Path(dir) {
		t.Errorf("Read = %+v, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("WriteFile left %v", entries)
	}
	if st, _ := os.Stat(filepath.Join(dir, FileName)); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}
