//go:build unix

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile-input corpus: each case copies testdata/hostile/base (a small valid
// project with findings in Go code, a migration and a query file), breaks one
// input the way a hostile or unlucky user would, runs the faultline binary on it
// under a timeout, and checks the documented exit status, a message that names
// the file:line or the problem, and that the findings of every valid input
// beside the broken one are still reported. Devices, named pipes and links to
// /dev/zero are made here, never committed. docs/reliability.md lists the
// guarantees this checks.

var hostileBase = filepath.Join("..", "..", "testdata", "hostile", "base")

// The base project's findings, as text output lines start and end.
var (
	codeImport   = findingLine("billing/billing.go:7:2: ", "[import billing->orders]")
	codeSQL      = findingLine("billing/billing.go:15:21: ", "[foreign-table billing->orders]")
	migrationFK  = findingLine("db/migrations/001_init.up.sql:2:66: ", "[foreign-key billing->orders]")
	queryFileSQL = findingLine("db/queries/orders/orders.sql:2:1: orders reads", "[foreign-table orders->billing]")
)

// schemaFindings are the findings a run with --no-code reports: the
// migrations' (query files, like Go code, are read only with the code).
var schemaFindings = []*regexp.Regexp{migrationFK}

// allFindings adds the Go code's.
var allFindings = []*regexp.Regexp{codeImport, codeSQL, migrationFK, queryFileSQL}

func findingLine(prefix, suffix string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(prefix) + `.*` + regexp.QuoteMeta(suffix) + `$`)
}

type hostileCase struct {
	name  string
	setup func(t *testing.T, dir string) // breaks the copy of the base project
	args  []string                       // after "check"; default --no-code
	code  int                            // the documented exit status
	// stderr must match; stdout must hold every finding of keep.
	stderr *regexp.Regexp
	keep   []*regexp.Regexp
	// absent must appear in neither output (a password).
	absent string
}

func hostileCases() []hostileCase {
	noCode := []string{"--no-code"}
	return []hostileCase{
		// 1. Reads: regular files only, capped.
		{name: "config is a named pipe", setup: fifo("faultline.yaml"), args: noCode, code: exitUsage,
			stderr: re(`faultline\.yaml: not a regular file \(a named pipe\)`)},
		{name: "config links to /dev/zero", setup: link("/dev/zero", "faultline.yaml"), args: noCode, code: exitUsage,
			stderr: re(`faultline\.yaml: not a regular file \(a character device\)`)},
		{name: "config is a symlink loop", setup: loop("faultline.yaml"), args: noCode, code: exitUsage,
			stderr: re(`faultline\.yaml is a symbolic link that cannot be followed: too many levels of symbolic links`)},
		{name: "baseline is a named pipe", setup: fifo("faultline.baseline.yaml"), args: noCode, code: exitUsage,
			stderr: re(`faultline\.baseline\.yaml: not a regular file \(a named pipe\)`)},
		{name: "migration in the directory is a named pipe", setup: fifo("db/migrations/002_pipe.up.sql"), args: noCode, code: exitFindings,
			keep: schemaFindings},
		{name: "migration named explicitly links to /dev/zero", setup: seq(link("/dev/zero", "db/zero.sql"), appendMigration("db/zero.sql")),
			args: noCode, code: exitFindings, keep: schemaFindings},
		{name: "query file matched by the glob is a named pipe", setup: fifo("db/queries/orders/pipe.sql"), code: exitFindings,
			keep: allFindings},
		{name: "query file matched by the glob links to /dev/zero", setup: link("/dev/zero", "db/queries/orders/zero.sql"), code: exitFindings,
			keep: allFindings},
		{name: "go file is a named pipe", setup: fifo("orders/pipe.go"), code: exitCannot,
			stderr: re(`orders/pipe\.go`), keep: []*regexp.Regexp{migrationFK, queryFileSQL, codeImport, codeSQL}},

		// 3 and 4. The live database.
		{name: "database unreachable", setup: nop, args: []string{"--db", "postgres://app:hunter2@127.0.0.1:" + closedPort() + "/shop"}, code: exitCannot,
			stderr: re(`cannot connect to postgres://app@127\.0\.0\.1:\d+/shop: connection refused(?s:.*)the live database was not read`),
			keep:   allFindings, absent: "hunter2"},
		{name: "database missing", setup: nop, args: []string{"--no-code", "--db", "postgres://postgres:hunter2@127.0.0.1:5432/faultline_missing_" + randomSuffix()}, code: exitCannot,
			stderr: re(`faultline_missing_\w+`), keep: schemaFindings, absent: "hunter2"},
		{name: "malformed URL DSN", setup: nop, args: []string{"--no-code", "--db", "postgres://app:hunter2@127.0.0.1:notaport/shop"}, code: exitUsage,
			stderr: re(`--db: .*the DSN is malformed: invalid port`), absent: "hunter2"},
		{name: "malformed keyword DSN", setup: nop, args: []string{"--no-code", "--db", "host=127.0.0.1 password=hunter2 port='5432"}, code: exitUsage,
			stderr: re(`--db: .*the DSN is malformed: .*unterminated quoted string`), absent: "hunter2"},
		{name: "unset variable in sql.database", setup: appendConfig("  database: postgres://app@127.0.0.1/${FAULTLINE_HOSTILE_UNSET}\n"), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:14:13: sql\.database uses \$\{FAULTLINE_HOSTILE_UNSET\}, which is not set`)},
		{name: "malformed DSN in sql.database", setup: appendConfig("  database: postgres://app:hunter2@127.0.0.1:99999999/shop\n"), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:14:13: sql\.database: .*the DSN is malformed`), absent: "hunter2"},

		// 5. Go packages that do not load.
		{name: "go file without a package clause", setup: write("orders/broken/broken.go", "func X() {}\n"), code: exitCannot,
			stderr: re(`(?m)^orders/broken/broken\.go:1:1: expected 'package', found 'func'$`), keep: allFindings},
		{name: "import cycle", setup: seq(write("orders/c1/c1.go", "package c1\n\nimport _ \"example.com/shop/orders/c2\"\n"),
			write("orders/c2/c2.go", "package c2\n\nimport _ \"example.com/shop/orders/c1\"\n")), code: exitCannot,
			stderr: re(`(?m)^orders/c\d/c\d\.go:3:\d+: import cycle not allowed`), keep: allFindings},
		{name: "broken test file", setup: write("billing/billing_test.go", "package billing\n\nfunc TestX( {\n"), code: exitCannot,
			stderr: re(`(?m)^billing/billing_test\.go:3:13: .*the tests of example\.com/shop/billing were left out`), keep: allFindings},
		{name: "no go.mod", setup: remove("go.mod"), args: []string{}, code: exitCannot,
			stderr: re(`no go\.mod in .* or any parent directory`), keep: schemaFindings},

		// 6. Unreadable or partial migrations are reported and skipped.
		{name: "binary migration", setup: write("db/migrations/002_bin.up.sql", "CREATE TABLE x (id int);\x00\x01"), args: noCode, code: exitFindings,
			keep: append([]*regexp.Regexp{findingLine("db/migrations/002_bin.up.sql:1:25: ", "")}, schemaFindings...)},
		{name: "COPY FROM stdin left open", setup: write("db/migrations/002_copy.up.sql", "CREATE TABLE y (id int);\nCOPY y FROM stdin;\n1\nALTER TABLE invoices ADD COLUMN note text;\n"),
			args: noCode, code: exitFindings,
			keep: append([]*regexp.Regexp{regexp.MustCompile(`(?m)^db/migrations/002_copy\.up\.sql:2:1: .*no closing \\\.`)}, schemaFindings...)},

		// 7. Baseline errors name the file once.
		{name: "baseline is not YAML", setup: write("faultline.baseline.yaml", "findings: [\n"), args: noCode, code: exitUsage,
			stderr: re(`(?m)^faultline\.baseline\.yaml:\d+:1: invalid YAML`)},

		// 8. The list.
		{name: "CR-only line endings", setup: write("db/migrations/002_cr.up.sql", "-- one\r-- two\rALTER TABLE invoices\r  ADD FOREIGN KEY (id) REFERENCES orders (id);\r"),
			args: noCode, code: exitFindings,
			keep: append([]*regexp.Regexp{findingLine("db/migrations/002_cr.up.sql:4:7: ", "[foreign-key billing->orders]")}, schemaFindings...)},
		{name: "duplicate and empty named queries", setup: write("db/queries/orders/more.sql", "-- name: twice\nSELECT 1;\n-- name: twice\nSELECT 2;\n-- name: empty\n-- nothing here\n"),
			code: exitFindings,
			keep: append([]*regexp.Regexp{findingLine("db/queries/orders/more.sql:3:1: query twice is named twice", ""),
				findingLine("db/queries/orders/more.sql:5:1: query empty has no SQL", "")}, allFindings...)},
		{name: "functions running EXECUTE", setup: write("db/migrations/002_fn.up.sql", "CREATE FUNCTION purge(t text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE 'DELETE FROM ' || t;\nEND $$;\n"+
			"CREATE FUNCTION purge_orders() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE 'DELETE FROM orders USING invoices WHERE invoices.order_id = orders.id';\nEND $$;\n"),
			args: []string{"--no-code", "--verbose"}, code: exitFindings,
			keep: append([]*regexp.Regexp{findingLine("db/migrations/002_fn.up.sql:5:1: function purge_orders() reads billing's invoices(order_id) and writes orders's orders(id)", "[function billing->orders]"),
				findingLine("note: db/migrations/002_fn.up.sql:1:1: function public.purge runs SQL built at run time (EXECUTE)", "")}, schemaFindings...)},
		{name: "invalid table glob", setup: replace("tables: [orders]", "tables: [orders, \"ord[ers\"]"), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:7:22: context orders tables entry "ord\[ers" is not a valid glob`)},
		{name: "empty contexts map", setup: write("faultline.yaml", "version: 1\ncontexts: {}\n"), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:2:11: contexts is empty`)},
		{name: "queries in a folder beside the module", setup: seq(sibling("shared/invoices.sql", "-- name: orders-of-invoices\nSELECT i.id FROM invoices i;\n"),
			replace("queries: [db/queries/orders/*.sql]", "queries: [db/queries/orders/*.sql, ../shared/*.sql]")), code: exitFindings,
			keep: append([]*regexp.Regexp{regexp.MustCompile(`(?m)shared/invoices\.sql:2:1: orders reads billing's`)}, allFindings...)},
		{name: "deeply nested YAML", setup: write("faultline.yaml", "version: 1\ncontexts: "+strings.Repeat("[", 100000)+"\n"), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:\d+:\d+: `)},
		{name: "YAML alias bomb", setup: write("faultline.yaml", yamlBomb), args: noCode, code: exitUsage,
			stderr: re(`^faultline\.yaml:\d+:\d+: `)},
		{name: "unknown format", setup: nop, args: []string{"--no-code", "--format", "xml"}, code: exitUsage,
			stderr: re(`unknown --format "xml"`)},
	}
}

const yamlBomb = `version: 1
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
contexts: *h
`

func TestHostileCorpus(t *testing.T) {
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "shop")
			copyTree(t, hostileBase, dir)
			c.setup(t, dir)
			args := c.args
			if args == nil {
				args = []string{}
			}
			code, stdout, stderr := runHostile(t, dir, append([]string{"check"}, args...))
			if code != c.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			if c.stderr != nil && !c.stderr.MatchString(stderr) {
				t.Errorf("stderr does not match %s:\n%s", c.stderr, stderr)
			}
			for _, k := range c.keep {
				if !k.MatchString(stdout) {
					t.Errorf("a finding beside the bad input is lost: no line matches %s in\n%s\nstderr:\n%s", k, stdout, stderr)
				}
			}
			if c.absent != "" && strings.Contains(stdout+stderr, c.absent) {
				t.Errorf("the output shows %q:\n%s%s", c.absent, stdout, stderr)
			}
		})
	}
}

// runHostile runs the built binary under a timeout: a case that does not end
// in time has hung, which is the first thing the corpus rules out.
func runHostile(t *testing.T, dir string, args []string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, vetTool, args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("hangs: no exit within 3 minutes\nstderr:\n%s", errOut.String())
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errOut.String()
	case errors.As(err, &exitErr):
		return exitErr.ExitCode(), out.String(), errOut.String()
	}
	t.Fatalf("running faultline: %v", err)
	return 0, "", ""
}

// cleanEnv is the test's environment without anything that points faultline at
// another project or database.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "FAULTLINE_") || strings.HasPrefix(kv, "GITHUB_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func re(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func nop(*testing.T, string) {}

func seq(steps ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		for _, s := range steps {
			s(t, dir)
		}
	}
}

func write(rel, content string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sibling writes a file beside the project directory, outside the module.
func sibling(rel, content string) func(*testing.T, string) {
	return func(t *testing.T, dir string) { write(filepath.Join("..", rel), content)(t, dir) }
}

func remove(rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			t.Fatal(err)
		}
	}
}

// fifo replaces rel with a named pipe nobody writes to: reading it blocks forever.
func fifo(rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		os.Remove(path)
		if err := syscall.Mkfifo(path, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// link replaces rel with a symbolic link to target.
func link(target, rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		os.Remove(path)
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
}

// loop replaces rel with a link to itself.
func loop(rel string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		os.Remove(path)
		if err := os.Symlink(path, path); err != nil {
			t.Fatal(err)
		}
	}
}

func replace(old, new string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, "faultline.yaml")
		data, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("faultline.yaml has no %q (%v)", old, err)
		}
		if err := os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// appendConfig adds lines to the sql: map, the last of faultline.yaml.
func appendConfig(lines string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		f, err := os.OpenFile(filepath.Join(dir, "faultline.yaml"), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(lines); err != nil {
			t.Fatal(err)
		}
	}
}

func appendMigration(rel string) func(*testing.T, string) {
	return replace("migrations: [db/migrations]", "migrations: [db/migrations, "+rel+"]")
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// closedPort is a local port nothing listens on.
func closedPort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "1"
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
