//go:build unix

package migrations

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestUnclosedCopy: a COPY ... FROM stdin without its \. line swallows the rest
// of the file, as psql does; the statements before it still apply and the COPY
// is reported at its line.
func TestUnclosedCopy(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"001.sql": "CREATE TABLE a (id int);\nCOPY a FROM stdin;\n1\nCREATE TABLE b (id int);\n"})
	scripts, problems, err := Load(root, []string{"."})
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) != 1 || !strings.Contains(scripts[0].Text, "CREATE TABLE a") || strings.Contains(scripts[0].Text, "CREATE TABLE b") {
		t.Fatalf("scripts = %+v", scripts)
	}
	if len(problems) != 1 || problems[0].Line != 2 || problems[0].Column != 1 || !strings.Contains(problems[0].Message, `no closing \.`) {
		t.Fatalf("problems = %+v", problems)
	}
}

// TestNotRegular: a named pipe or a link to /dev/zero named as a migration, or
// matched by a glob, is reported or dropped, never read (which would hang).
func TestNotRegular(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"001.sql": "CREATE TABLE a (id int);\n"})
	if err := syscall.Mkfifo(root+"/002.sql", 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var scripts []Script
	var problems []Problem
	go func() {
		defer close(done)
		var err error
		if scripts, problems, err = Load(root, []string{"002.sql", "*.sql", "."}); err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load hangs on a named pipe")
	}
	if len(scripts) != 1 || len(problems) != 1 || problems[0].File != "002.sql" || !strings.Contains(problems[0].Message, "a named pipe") {
		t.Fatalf("scripts %+v, problems %+v", scripts, problems)
	}
}
