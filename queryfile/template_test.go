package queryfile

import (
	"strings"
	"testing"
)

func TestAnalyzeTemplate(t *testing.T) {
	for _, tc := range []struct {
		sql    string
		holes  int
		tables string // table:rw, sorted; "" when it stays unknown
	}{
		{"SELECT id FROM subscribers WHERE status = 'enabled' %query% ORDER BY %order%", 2, "subscribers:r"},
		{"SELECT COUNT(*) FROM subscriber_lists WHERE list_id = ANY($1) %query%", 1, "subscriber_lists:r"},
		{"SELECT * FROM %s WHERE id = $1", 1, ""},
		{"UPDATE campaigns SET status = %s WHERE id = $1", 1, "campaigns:rw"},
		{"SELECT name FROM lists WHERE name LIKE '%abc%' AND type = {{.Type}}", 1, "lists:r"},
		{"DELETE FROM lists WHERE %[1]s", 1, "lists:w"},
		{"SELECT 1 % 2 FROM lists", 0, "lists:r"},
		{"%query% %query% %query% %query% %query% %query% %query% %query%", 8, ""},
	} {
		stmts, holes, err := AnalyzeTemplate(tc.sql, nil)
		if err != nil {
			t.Errorf("%q: %v, want no parse error for a template", tc.sql, err)
		}
		var got []string
		for _, st := range stmts {
			for _, tb := range st.Tables {
				mode := "r"
				if tb.Write && tb.Read {
					mode = "rw"
				} else if tb.Write {
					mode = "w"
				}
				got = append(got, tb.Name+":"+mode)
			}
		}
		if holes != tc.holes || strings.Join(got, ",") != tc.tables {
			t.Errorf("%q: holes %d tables %q, want %d %q", tc.sql, holes, got, tc.holes, tc.tables)
		}
	}
	// A real syntax error without placeholders stays a parse error.
	if _, _, err := AnalyzeTemplate("SELECT FROM WHERE", nil); err == nil {
		t.Error("SELECT FROM WHERE: no parse error")
	}
}

func FuzzAnalyzeTemplate(f *testing.F) {
	f.Add("SELECT id FROM subscribers WHERE true %query% ORDER BY %order%")
	f.Add("SELECT * FROM %s WHERE {{if .X}}a{{end}} = '%s'")
	f.Add("/* %s */ SELECT '%s' -- %s\n")
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, holes, _ := AnalyzeTemplate(sql, nil)
		if holes < 0 || holes > len(sql) {
			t.Fatalf("holes = %d", holes)
		}
		for _, st := range stmts {
			if st.Offset < 0 || st.Offset > len(sql) {
				t.Fatalf("offset %d outside the text", st.Offset)
			}
		}
	})
}
