package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/finding"
)

// revRun is the same analysis on another git revision, for --new-from-rev.
type revRun struct {
	c        *common
	patterns []string
	rev      string
}

// newSinceRev runs the analysis of res on revision rev, checked out in a
// temporary git worktree, and returns the findings of now that are new: those
// failing findings whose key occurs fewer times at rev (count-aware; where a
// key occurs more often now, the ones at a position rev had too are the old
// ones). Findings that never fail pass through. On failure it has printed why
// and returns the exit status.
func (rr *revRun) newSinceRev(res *check.Result, now []finding.Finding) ([]finding.Finding, int) {
	then, code := rr.findingsAt(res)
	if code != exitClean {
		return nil, code
	}
	return subtract(now, then), exitClean
}

// findingsAt returns the findings of the analysis at rr.rev, judged by its
// allow entries and comments, or nil when faultline.yaml did not exist there.
func (rr *revRun) findingsAt(res *check.Result) ([]finding.Finding, int) {
	ctx := ctxInterrupt()
	top, err := git(ctx, res.Config.Dir, "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(stderr, "faultline: --new-from-rev needs a git checkout: %v\n", err)
		return nil, exitUsage
	}
	sha, err := git(ctx, top, "rev-parse", "--verify", "--quiet", rr.rev+"^{commit}")
	if err != nil {
		fmt.Fprintf(stderr, "faultline: --new-from-rev %s: not a commit of this repository\n", rr.rev)
		return nil, exitUsage
	}
	tree, cleanup, err := worktreeAt(ctx, top, sha)
	if err != nil {
		fmt.Fprintln(stderr, "faultline: --new-from-rev:", err)
		return nil, exitCannot
	}
	defer cleanup()

	wd, _ := rr.c.workDir()
	cfgFile := moved(top, tree, res.Config.File)
	if _, err := os.Stat(cfgFile); errors.Is(err, iofs.ErrNotExist) {
		fmt.Fprintf(stderr, "faultline: %s has no %s: every finding is new\n", rr.rev, relPath(top, res.Config.File))
		return nil, exitClean
	}
	if p := progressWriter(); p != nil {
		fmt.Fprintf(p, "faultline: analyzing %s (%.12s) in a temporary worktree for --new-from-rev\n", rr.rev, sha)
	}
	old, err := check.Run(ctx, check.Options{
		Dir: moved(top, tree, wd), ConfigFile: cfgFile, Patterns: rr.patterns,
		DB: rr.c.db, NoCode: rr.c.noCode, Tests: rr.c.tests, StatementTimeout: rr.c.stmtTO, LockTimeout: rr.c.lockTO,
		Progress: progressWriter(), VetTool: vetTool,
	})
	if err != nil {
		fmt.Fprintf(stderr, "faultline: --new-from-rev %s: the analysis of that revision failed: %v\n", rr.rev, err)
		return nil, exitCannot
	}
	if len(old.LoadErrors) > 0 {
		fmt.Fprintf(stderr, "faultline: --new-from-rev %s: %d packages of that revision could not be loaded; their findings count as new\n", rr.rev, len(old.LoadErrors))
	}
	// check.Run has judged the revision's findings (allow entries and
	// faultline:ignore comments there); no baseline, as for now.
	return old.Findings, exitClean
}

// subtract returns now without the failing findings whose key then has as
// often: first those at the same file and line, then in file order.
func subtract(now, then []finding.Finding) []finding.Finding {
	left := map[string]int{}
	at := map[string]int{}
	for _, f := range then {
		if fails(f) {
			left[f.Key()]++
			at[f.Key()+"\x00"+f.Position()]++
		}
	}
	order := make([]int, 0, len(now))
	for i, f := range now {
		if fails(f) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return finding.Compare(now[i], now[j]) })
	old := make([]bool, len(now))
	for _, i := range order {
		k, p := now[i].Key(), now[i].Key()+"\x00"+now[i].Position()
		if at[p] > 0 && left[k] > 0 {
			at[p]--
			left[k]--
			old[i] = true
		}
	}
	for _, i := range order {
		if k := now[i].Key(); !old[i] && left[k] > 0 {
			left[k]--
			old[i] = true
		}
	}
	var out []finding.Finding
	for i, f := range now {
		if !old[i] {
			out = append(out, f)
		}
	}
	return out
}

// worktreeAt checks commit sha out, detached, in a worktree whose path
// depends only on the repository and the commit, so a second run against the
// same commit gives go vet the same file paths and replays its cached results.
// cleanup removes the worktree.
func worktreeAt(ctx context.Context, top, sha string) (string, func(), error) {
	sum := sha256.Sum256([]byte(top))
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("faultline-rev-%s-%.12s", hex.EncodeToString(sum[:6]), sha))
	remove := func() {
		// Best effort: a worktree left behind is pruned by the next run.
		git(context.WithoutCancel(ctx), top, "worktree", "remove", "--force", dir)
		os.RemoveAll(dir)
		git(context.WithoutCancel(ctx), top, "worktree", "prune")
	}
	if _, err := os.Stat(dir); err == nil {
		remove() // left by an interrupted run
	}
	if _, err := git(ctx, top, "worktree", "add", "--detach", "--quiet", dir, sha); err != nil {
		return "", nil, fmt.Errorf("checking out %.12s in a temporary worktree: %w", sha, err)
	}
	return dir, remove, nil
}

// moved maps a path below the repository top to the same path in tree.
func moved(top, tree, path string) string {
	rel, err := filepath.Rel(top, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return filepath.Join(tree, rel)
}

// git runs a git command in dir and returns its trimmed standard output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, cmp.Or(strings.TrimSpace(errOut.String()), "no output"))
	}
	return strings.TrimSpace(out.String()), nil
}
