package query

import (
	"errors"
	"testing"
)

// checkResult asserts what must hold for any input: offsets inside it, Text where Offset
// says, tables and columns sorted and unique.
func checkResult(t *testing.T, sql string, stmts []Statement, err error) {
	t.Helper()
	for _, s := range stmts {
		if s.Offset < 0 || s.Offset > len(sql) {
			t.Fatalf("statement Offset %d outside the input (%d bytes)", s.Offset, len(sql))
		}
		if s.Text != "" && (s.Offset+len(s.Text) > len(sql) || sql[s.Offset:s.Offset+len(s.Text)] != s.Text) {
			t.Fatalf("statement Text %q is not at Offset %d", s.Text, s.Offset)
		}
		for i, tb := range s.Tables {
			if i > 0 {
				p := s.Tables[i-1]
				if p.Schema > tb.Schema || p.Schema == tb.Schema && p.Name >= tb.Name {
					t.Fatalf("tables out of order or repeated: %s, %s", p.QualifiedName(), tb.QualifiedName())
				}
			}
			if !tb.Read && !tb.Write {
				t.Fatalf("table %s neither read nor written", tb.QualifiedName())
			}
			for j := 1; j < len(tb.Columns); j++ {
				if tb.Columns[j-1].Name >= tb.Columns[j].Name {
					t.Fatalf("columns of %s out of order or repeated", tb.QualifiedName())
				}
			}
		}
		for j := 1; j < len(s.Unresolved); j++ {
			if s.Unresolved[j-1] >= s.Unresolved[j] {
				t.Fatalf("unresolved out of order or repeated: %q", s.Unresolved)
			}
		}
	}
	if err == nil {
		return
	}
	errs := []error{err}
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		errs = u.Unwrap()
	}
	for _, e := range errs {
		var pe *ParseError
		if !errors.As(e, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", e, e)
		}
		if pe.Offset < 0 || pe.Offset > len(sql) {
			t.Fatalf("error Offset %d outside the input (%d bytes): %v", pe.Offset, len(sql), pe)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, c := range resolveCases {
		f.Add(c.sql)
	}
	for _, s := range []string{
		"SELECT name FROM products WHERE id = ? AND sku = :sku AND x = @x AND data ? 'k' AND y::int = $1",
		"SELECT 1; SELECT 'abc",
		"SELECT 1;\n\n-- c\nSELECT * FROM t WHERE a = :name AND AND b",
		"SELECT E'\\'' , $q$ ? $q$, \"a?\" FROM t /* ? /* nested */ */ WHERE x = ?",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3",
		"SELECT CASE WHEN a THEN (SELECT 1 UNION SELECT 2) END FROM t JOIN u USING (id)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, err := Analyze(sql, nil)
		checkResult(t, sql, stmts, err)
		stmts, err = Analyze(sql, catalog)
		checkResult(t, sql, stmts, err)
	})
}

func FuzzAnalyzeFunction(f *testing.F) {
	for _, c := range functionCases {
		f.Add(c.sql)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmts, _, err := AnalyzeFunction(sql, catalog)
		for _, s := range stmts {
			if s.Offset < 0 || s.Offset > len(sql) {
				t.Fatalf("statement Offset %d outside the input (%d bytes)", s.Offset, len(sql))
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.Offset < 0 || pe.Offset > len(sql) {
				t.Fatalf("error Offset %d outside the input (%d bytes)", pe.Offset, len(sql))
			}
		}
	})
}
