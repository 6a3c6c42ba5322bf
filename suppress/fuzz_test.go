package suppress

import (
	"bytes"
	"testing"
)

// FuzzParse feeds arbitrary Go and SQL source to the directive parser: no panic,
// and every directive points inside the file.
func FuzzParse(f *testing.F) {
	f.Add("x.go", []byte("package p\n\n//faultline:ignore private until TICKET-31\nimport _ \"x\"\n"))
	f.Add("x.sql", []byte("-- faultline:ignore foreign-key kept until step 6\nALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES c (d);\n"))
	f.Add("x.sql", []byte("-- faultline:ignore all\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n"))
	f.Add("x.go", []byte("x := 1 //faultline:ignore import,private reason\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		if name != "x.go" && name != "x.sql" {
			name = "x.sql"
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range Parse(name, src) {
			if d.Line < 1 || d.Line > lines || d.First < 0 || d.Last > lines || d.First > d.Last {
				t.Fatalf("directive outside the file of %d lines: %+v", lines, d)
			}
		}
	})
}
