package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestGraphCatalog(t *testing.T) {
	dir := copyCatalog(t)

	code, out, errOut := runCLI(t, "graph", "-C", dir, "--no-git")
	if code != exitClean || !strings.HasPrefix(out, "digraph faultline {") || !strings.Contains(out, `label="pricing\n`) {
		t.Fatalf("dot: exit %d\n%s\n%s", code, out, errOut)
	}

	code, out, errOut = runCLI(t, "graph", "-C", dir, "--no-git", "--format", "json", "--level", "table", "--focus", "inventory")
	if code != exitClean {
		t.Fatalf("json: exit %d\n%s", code, errOut)
	}
	var doc struct {
		Level string
		Nodes []struct{ ID, Context string }
		Edges []struct{ FromContext, ToContext string } `json:"edges"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Level != "table" || len(doc.Edges) == 0 {
		t.Errorf("level %s, %d edges", doc.Level, len(doc.Edges))
	}
	for _, n := range doc.Nodes {
		if n.ID == "table:public.stock" && n.Context != "inventory" {
			t.Errorf("stock in %s", n.Context)
		}
	}

	for _, bad := range [][]string{
		{"--focus", "nope"},
		{"--level", "schema"},
		{"--format", "png"},
	} {
		code, _, errOut := runCLI(t, append([]string{"graph", "-C", dir, "--no-git"}, bad...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", bad, code, exitUsage, errOut)
		}
	}
}

// TestGraphHTML writes the HTML report of the catalog to a file: one page with
// the drawing inline.
func TestGraphHTML(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz is not installed; CI must install it (apt-get install graphviz)")
		}
		t.Skip("Graphviz is not installed")
	}
	dir := copyCatalog(t)
	file := filepath.Join(t.TempDir(), "report.html")
	code, _, errOut := runCLI(t, "graph", "-C", dir, "--no-git", "--format", "html", "-o", file)
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	page, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", `href="#context-pricing"`, "Extract <strong>pricing</strong> first."} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s", want)
		}
	}
	code, out, errOut := runCLI(t, "graph", "-C", dir, "--no-git", "--format", "svg", "--level", "package")
	if code != exitClean || !strings.Contains(out, "<svg") {
		t.Errorf("svg: exit %d\n%s", code, errOut)
	}
}
