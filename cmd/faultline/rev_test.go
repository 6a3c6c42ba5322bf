package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

// gitRun runs git in dir, failing the test on error.
func gitRun(t testing.TB, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=faultline test", "-c", "user.email=test@faultline.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// A commit adding one coupling: --new-from-rev HEAD~1 names only it,
// --new-from-rev HEAD nothing.
func TestNewFromRev(t *testing.T) {
	t.Setenv("CI", "")
	dir := copyCatalog(t)
	gitRun(t, dir, "init", "--quiet")
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "--quiet", "-m", "the catalog")
	writeFile(t, dir, "internal/inventory/leak.go", "package inventory\n\nimport _ \"example.com/catalog/internal/pricing/repository\"\n")
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "--quiet", "-m", "inventory reaches into pricing")

	code, out, errOut := runCLI(t, "check", "-C", dir, "--new-from-rev", "HEAD~1")
	if code != exitFindings || strings.Count(strings.TrimSpace(out), "\n") != 0 || !strings.Contains(out, "internal/inventory/leak.go:3:8") {
		t.Errorf("--new-from-rev HEAD~1: exit %d, want 1 and one line naming leak.go:\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "check", "-C", dir, "--new-from-rev", "HEAD")
	if code != exitClean || strings.TrimSpace(out) != "" {
		t.Errorf("--new-from-rev HEAD: exit %d, want 0 and no output:\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "check", "-C", dir, "--no-code", "--new-from-rev", "nosuchrev"); code != exitUsage || !strings.Contains(errOut, "not a commit") {
		t.Errorf("--new-from-rev nosuchrev: exit %d\n%s", code, errOut)
	}
	// The temporary worktree is gone.
	list, err := exec.Command("git", "-C", dir, "worktree", "list").Output()
	if err != nil || strings.Count(strings.TrimSpace(string(list)), "\n") != 0 {
		t.Errorf("worktrees left behind (%v):\n%s", err, list)
	}
}

func TestSubtractCountsKeys(t *testing.T) {
	f := func(subject, file string, line int) finding.Finding {
		return finding.Finding{Kind: finding.ForeignTable, Severity: finding.Error, From: "a", To: "b", Subject: subject, File: file, Line: line}
	}
	then := []finding.Finding{f("s", "x.go", 10), f("t", "y.go", 1)}
	now := []finding.Finding{
		f("s", "x.go", 3),  // a second one of key s, new
		f("s", "x.go", 10), // the old one, same place
		f("t", "y.go", 7),  // key t moved: old
		f("u", "z.go", 1),  // new key
		{Kind: finding.UnownedTable, Severity: finding.Info, Subject: "t"}, // never fails: kept
	}
	got := subtract(now, then)
	var pos []string
	for _, g := range got {
		pos = append(pos, g.Subject+"@"+g.Position())
	}
	if strings.Join(pos, " ") != "s@x.go:3 u@z.go:1 t@" {
		t.Errorf("subtract = %v, want [s@x.go:3 u@z.go:1 t@]", pos)
	}
}
