package golangci_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// golangciBinEnv names a golangci-lint built with this plugin, as
// `golangci-lint custom` builds one; .ci/run builds it from
// testdata/custom-gcl and sets the variable.
const golangciBinEnv = "FAULTLINE_GOLANGCI_LINT"

// TestGolangciLintBinary runs a real golangci-lint v2 holding the plugin, with
// the .golangci.yml the README documents, on the catalog example, and checks
// that it reports what go vet -vettool=faultline reports there: the same
// analyzers under two drivers.
func TestGolangciLintBinary(t *testing.T) {
	bin := os.Getenv(golangciBinEnv)
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: .ci/run builds golangci-lint with the faultline plugin and sets it", golangciBinEnv)
		}
		t.Skipf("set %s to a golangci-lint built with the plugin (.ci/run builds one)", golangciBinEnv)
	}
	dir := copyDir(t, filepath.Join("..", "testdata", "catalog"))
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), readmeGolangciYML(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--output.json.path", "stdout",
		"--max-issues-per-linter", "0", "--max-same-issues", "0", "--uniq-by-line=false", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		t.Fatalf("golangci-lint run: %v\n%s", err, stderrOf(err))
	}
	var doc struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	// The JSON report comes first; golangci-lint may print a summary after it.
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&doc); err != nil {
		t.Fatalf("golangci-lint's JSON: %v\n%s", err, out)
	}
	var got []string
	for _, is := range doc.Issues {
		if is.FromLinter == "faultline" {
			// golangci-lint puts the analyzer's name before the message.
			text := strings.TrimPrefix(strings.TrimPrefix(is.Text, "boundary: "), "sqlaccess: ")
			got = append(got, position(is.Pos.Filename, is.Pos.Line, is.Pos.Column)+": "+text)
		}
	}
	slices.Sort(got)
	want := goVet(t, dir)
	if !slices.Equal(got, want) {
		t.Errorf("golangci-lint reports\n\t%s\ngo vet -vettool=faultline\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, anchor := range []string{
		"internal/pricing/quote.go:7:2: pricing imports example.com/catalog/internal/coreproduct/repository",
		"internal/marketing/campaigns.go:57:",
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, anchor) }) {
			t.Errorf("golangci-lint does not report %s", anchor)
		}
	}
}

// readmeGolangciYML returns the .golangci.yml the README documents.
func readmeGolangciYML(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "then enable the linter in `.golangci.yml`:\n\n")
	if !ok {
		t.Fatal("the README no longer shows a .golangci.yml")
	}
	var b strings.Builder
	for line := range strings.Lines(after) {
		if !strings.HasPrefix(line, "    ") {
			break
		}
		b.WriteString(strings.TrimPrefix(line, "    "))
	}
	return []byte(b.String())
}

// goVet runs the faultline analyzers under go vet in dir and returns their
// diagnostics, sorted, as file:line:col: message.
func goVet(t *testing.T, dir string) []string {
	t.Helper()
	tool := filepath.Join(t.TempDir(), "faultline")
	if out, err := exec.Command("go", "build", "-o", tool, "../cmd/faultline").CombinedOutput(); err != nil {
		t.Fatalf("building faultline: %v\n%s", err, out)
	}
	cmd := exec.Command("go", "vet", "-vettool="+tool, "./...")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	var lines []string
	for line := range strings.Lines(string(out)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lines = append(lines, strings.TrimPrefix(line, "./"))
	}
	slices.Sort(lines)
	return lines
}

func position(file string, line, col int) string {
	return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(file), line, col)
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// copyDir copies a directory tree to a temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
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
	return dst
}
