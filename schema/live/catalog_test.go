package live

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/schema"
)

// fromMigrations builds the catalog example's catalog from its migration files, as the
// schema package does.
func fromMigrations(t *testing.T) *schema.Catalog {
	t.Helper()
	names, texts := catalogMigrations(t)
	cat := schema.New()
	for i := range names {
		if errs := cat.Apply(names[i], texts[i]); len(errs) > 0 {
			t.Fatalf("applying %s: %v", names[i], errs)
		}
	}
	if errs := cat.AnalyzeFunctions(); len(errs) > 0 {
		t.Fatalf("analyzing functions: %v", errs)
	}
	return cat
}

// dump renders what both catalogs must agree on: schema.Catalog.Dump, plus what Dump
// leaves out and this test still checks: the tables each function's body touches and
// the columns each view reads.
func dump(cat *schema.Catalog) string {
	var b strings.Builder
	b.WriteString(cat.Dump())
	for _, f := range cat.Functions() {
		var touched []string
		for _, st := range f.Statements {
			for _, t := range st.Tables {
				mode := ""
				if t.Read {
					mode += "r"
				}
				if t.Write {
					mode += "w"
				}
				touched = append(touched, t.QualifiedName()+":"+mode)
			}
		}
		slices.Sort(touched)
		fmt.Fprintf(&b, "function %s.%s touches %s dynamic=%v\n", f.Schema, f.Signature(), strings.Join(slices.Compact(touched), " "), f.Dynamic)
	}
	for _, v := range cat.Views() {
		for _, t := range v.Query.Tables {
			var cols []string
			for _, c := range t.Columns {
				cols = append(cols, c.Name)
			}
			fmt.Fprintf(&b, "view %s reads %s(%s)\n", v.QualifiedName(), t.QualifiedName(), strings.Join(cols, ", "))
		}
	}
	return b.String()
}

func TestCatalogMatchesMigrations(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	applyCatalogMigrations(t, dsn)
	s := open(t, dsn)
	ctx := context.Background()

	before := s.RoundTrips()
	got, err := s.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 1 {
		t.Errorf("Catalog took %d round trips, want 1", n)
	}
	if errs := got.AnalyzeFunctions(); len(errs) > 0 {
		t.Errorf("analyzing the live functions: %v", errs)
	}
	want := fromMigrations(t)

	if g, w := dump(got), dump(want); g != w {
		t.Errorf("live catalog differs from the migrations' (-migrations +live):\n%s", lineDiff(w, g))
	}
}

// lineDiff lists the lines only in a (-) and only in b (+).
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out.WriteString("- " + l + "\n")
		}
	}
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out.WriteString("+ " + l + "\n")
		}
	}
	return out.String()
}
