package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkNewFromRev measures what --new-from-rev adds to a warm check on a
// generated module of 200 packages in 10 contexts with two commits: the first
// run against HEAD~1 (the revision's worktree is new to go vet) and a second
// one (the same worktree path: go vet replays its cached results). Run with
// -benchtime=1x; see docs/performance.md.
func BenchmarkNewFromRev(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "faultline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("building faultline: %v\n%s", err, out)
	}
	var warm, first, again time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		genModule(b, dir, fmt.Sprintf("example.com/rev%d", time.Now().UnixNano()), 10, 20)
		gitRun(b, dir, "init", "--quiet")
		gitRun(b, dir, "add", ".")
		gitRun(b, dir, "commit", "--quiet", "-m", "base")
		writeFile(b, dir, "internal/ctx00/leak/leak.go", "package leak\n")
		gitRun(b, dir, "add", ".")
		gitRun(b, dir, "commit", "--quiet", "-m", "one more package")
		timeCmd(b, dir, bin, "check") // the module is built and vetted once
		warm += timeCmd(b, dir, bin, "check")
		first += timeCmd(b, dir, bin, "check", "--new-from-rev", "HEAD~1")
		again += timeCmd(b, dir, bin, "check", "--new-from-rev", "HEAD~1")
	}
	n := float64(b.N)
	b.ReportMetric(warm.Seconds()/n, "check-warm-s")
	b.ReportMetric(first.Seconds()/n, "rev-first-s")
	b.ReportMetric(again.Seconds()/n, "rev-again-s")
}
