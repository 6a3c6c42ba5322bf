package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

// failing runs check --no-baseline --format json on dir and returns the findings
// that fail it.
func failing(t *testing.T, dir string) (int, []finding.Finding, []finding.Finding) {
	t.Helper()
	code, out, errOut := runCLI(t, "check", "-C", dir, "--no-baseline", "--format", "json")
	var res struct{ Findings []finding.Finding }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("check: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	var fail []finding.Finding
	for _, f := range res.Findings {
		if f.AllowedBy == "" && (f.Severity == finding.Error || f.Severity == finding.Warning) {
			fail = append(fail, f)
		}
	}
	return code, fail, res.Findings
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func lineCount(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(data), "\n")
}

// TestAllowEveryPair is issue 10's first proof: an allow entry for every
// cross-context (kind, from, to) the catalog reports lets check pass with no stale
// report; one more entry that covers nothing is exactly one stale report at its
// position.
func TestAllowEveryPair(t *testing.T) {
	dir := copyCatalog(t)
	code, fail, _ := failing(t, dir)
	if code != exitFindings || len(fail) == 0 {
		t.Fatalf("the catalog should fail: exit %d, %d findings", code, len(fail))
	}
	pairs := map[string]bool{}
	for _, f := range fail {
		if f.From == "" {
			t.Fatalf("a failing finding without a context cannot be allowed: %+v", f)
		}
		pairs[fmt.Sprintf("{from: %s, to: %s, kind: %s", f.From, f.To, f.Kind)] = true
	}
	var entries []string
	for e := range pairs {
		entries = append(entries, "  - "+e+", reason: \"TICKET-1 until the split\"}\n")
	}
	sort.Strings(entries)
	yaml := filepath.Join(dir, "faultline.yaml")
	appendFile(t, yaml, "allow:\n"+strings.Join(entries, ""))

	code, fail, all := failing(t, dir)
	if code != exitClean || len(fail) != 0 {
		t.Fatalf("every pair allowed: exit %d, failing %+v", code, fail)
	}
	for _, f := range all {
		if f.Kind == finding.StaleAllow {
			t.Errorf("stale report though every entry covers a finding: %+v", f)
		}
	}
	// Go-code kinds are among the allowed ones: their verdict is the parent's too.
	if !slices.ContainsFunc(all, func(f finding.Finding) bool {
		return f.Kind == finding.Private && strings.HasPrefix(f.AllowedBy, "TICKET-")
	}) {
		t.Error("no private finding carries its allow entry's reason")
	}

	line := lineCount(t, yaml) + 1
	appendFile(t, yaml, "  - {from: marketing, to: pricing, kind: view, reason: \"TICKET-99 covers nothing\"}\n")
	code, fail, _ = failing(t, dir)
	if code != exitFindings || len(fail) != 1 || fail[0].Kind != finding.StaleAllow ||
		fail[0].File != "faultline.yaml" || fail[0].Line != line || fail[0].Column != 5 {
		t.Fatalf("one entry covering nothing: exit %d, failing %+v; want one stale-allow at faultline.yaml:%d:5", code, fail, line)
	}
}

// TestIgnoreEveryFinding is the same proof for faultline:ignore comments in Go
// and SQL.
func TestIgnoreEveryFinding(t *testing.T) {
	dir := copyCatalog(t)
	_, fail, _ := failing(t, dir)
	// One directive per reported line, inserted bottom-up so lines stay put.
	byFile := map[string]map[int][]string{}
	for _, f := range fail {
		if f.File == "" || f.Line == 0 {
			t.Fatalf("a failing finding without a position cannot be suppressed by a comment: %+v", f)
		}
		if byFile[f.File] == nil {
			byFile[f.File] = map[int][]string{}
		}
		if !slices.Contains(byFile[f.File][f.Line], string(f.Kind)) {
			byFile[f.File][f.Line] = append(byFile[f.File][f.Line], string(f.Kind))
		}
	}
	for file, lines := range byFile {
		path := filepath.Join(dir, filepath.FromSlash(file))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		src := strings.Split(string(data), "\n")
		var nums []int
		for n := range lines {
			nums = append(nums, n)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(nums)))
		prefix := "//faultline:ignore "
		if strings.HasSuffix(file, ".sql") {
			prefix = "-- faultline:ignore "
		}
		for _, n := range nums {
			kinds := lines[n]
			sort.Strings(kinds)
			directive := prefix + strings.Join(kinds, ",") + " TICKET-5 until the split"
			src = slices.Insert(src, n-1, directive)
		}
		if err := os.WriteFile(path, []byte(strings.Join(src, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, fail, all := failing(t, dir)
	if code != exitClean || len(fail) != 0 {
		t.Fatalf("every finding suppressed: exit %d, failing %+v", code, fail)
	}
	for _, f := range all {
		if f.Kind == finding.UnusedIgnore {
			t.Errorf("unused report though every comment suppresses a finding: %+v", f)
		}
	}

	// One comment that suppresses nothing: exactly one report, at the comment.
	path := filepath.Join(dir, "internal", "inventory", "stock.go")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "\nfunc ", "\n//faultline:ignore cross-join TICKET-98 suppresses nothing\nfunc ", 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, fail, _ = failing(t, dir)
	if code != exitFindings || len(fail) != 1 || fail[0].Kind != finding.UnusedIgnore || fail[0].File != "internal/inventory/stock.go" {
		t.Fatalf("one comment suppressing nothing: exit %d, failing %+v", code, fail)
	}
}

// vetLine is one diagnostic of go vet: file:line:col: message [kind from->to].
var vetLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): .* \[([a-z-]+) ([a-z]*->[a-z]*|[a-z]+)\]$`)

// TestGoVetAgreesWithCheck: go vet -vettool and faultline check report the same
// code findings on the catalog, every go vet line ending in [kind from->to].
func TestGoVetAgreesWithCheck(t *testing.T) {
	cmd := exec.Command("go", "vet", "-vettool="+vetTool, "./...")
	cmd.Dir = catalogDir
	out, _ := cmd.CombinedOutput()
	vet := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := vetLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("go vet line not in the form file:line:col: message [kind from->to]: %q", line)
			continue
		}
		vet[fmt.Sprintf("%s:%s %s %s", filepath.ToSlash(filepath.Clean(m[1])), m[2], m[4], m[5])] = true
	}
	_, fail, _ := failing(t, catalogDir)
	want := map[string]bool{}
	for _, f := range fail {
		if !strings.HasSuffix(f.File, ".go") {
			continue
		}
		want[fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.Kind, f.Arrow())] = true
	}
	if len(want) == 0 {
		t.Fatal("check reports no code finding on the catalog")
	}
	for k := range want {
		if !vet[k] {
			t.Errorf("check reports %s, go vet does not", k)
		}
	}
	for k := range vet {
		if !want[k] {
			t.Errorf("go vet reports %s, check does not", k)
		}
	}
}

// TestGoVetConfigElsewhere: the analyzers' flags name a faultline.yaml outside the
// module, which holds none.
func TestGoVetConfigElsewhere(t *testing.T) {
	root := t.TempDir()
	mod := copyCatalog(t)
	data, err := os.ReadFile(filepath.Join(mod, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(mod, "faultline.yaml")); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(root, mod)
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.ReplaceAll(string(data), "db/", filepath.ToSlash(rel)+"/db/")
	elsewhere := filepath.Join(root, "faultline.yaml")
	if err := os.WriteFile(elsewhere, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-vettool="+vetTool, "-boundary.config="+elsewhere, "-sqlaccess.config="+elsewhere, "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet exited 0:\n%s", out)
	}
	for _, want := range []string{
		"internal/pricing/quote.go:7:2: pricing imports example.com/catalog/internal/coreproduct/repository",
		"[private pricing->coreproduct]",
		"[foreign-table pricing->coreproduct]",
		"[cross-join marketing->coreproduct]",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
}

// TestAnalyzersReadNoEnvironment: the analyzers are configured by their flags
// alone, so that any driver runs them unchanged.
func TestAnalyzersReadNoEnvironment(t *testing.T) {
	forbidden := regexp.MustCompile(`os\.(Getenv|LookupEnv|Environ|Setenv)\b`)
	err := filepath.WalkDir(filepath.Join("..", "..", "analyzers"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.Contains(path, "testdata") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := forbidden.FindIndex(data); loc != nil {
			t.Errorf("%s reads the environment: %s", path, data[loc[0]:loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
