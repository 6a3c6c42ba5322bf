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

// pathWithoutGraphviz sets PATH to a directory holding only the go command,
// so that no Graphviz can be found.
func pathWithoutGraphviz(t *testing.T) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(goBin, filepath.Join(dir, "go")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if p, err := exec.LookPath("dot"); err == nil {
		t.Fatalf("dot found at %s", p)
	}
}

// TestGraphHTML writes the HTML report of the catalog to a file, with no
// Graphviz on PATH: one page with the drawing of every level inline, naming
// every context, and pricing's evidence linking quote.go line 21 relative to
// the page.
func TestGraphHTML(t *testing.T) {
	dir := copyCatalog(t)
	pathWithoutGraphviz(t)
	file := filepath.Join(dir, "out", "report.html")
	if err := os.Mkdir(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "graph", "-C", dir, "--no-git", "--format", "html", "-o", "out/report.html")
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		`<figure class="view" data-level="context">`, `<figure class="view" data-level="package" hidden>`, `<figure class="view" data-level="table" hidden>`,
		`href="#context-pricing"`, "Extract <strong>pricing</strong> first.",
		`<a href="../internal/pricing/quote.go#L21">internal/pricing/quote.go:21:`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	drawing := page[strings.Index(page, `<figure class="view" data-level="context">`):]
	drawing = drawing[:strings.Index(drawing, "</svg>")]
	for _, name := range []string{"coreproduct", "inventory", "marketing", "pricing"} {
		if !strings.Contains(drawing, ">"+name+"</text>") {
			t.Errorf("the drawing does not name %s", name)
		}
	}
}

// TestGraphSVG draws the catalog with no Graphviz on PATH, at the context and
// package levels.
func TestGraphSVG(t *testing.T) {
	dir := copyCatalog(t)
	pathWithoutGraphviz(t)
	code, out, errOut := runCLI(t, "graph", "-C", dir, "--no-git", "--format", "svg")
	if code != exitClean || !strings.Contains(out, "<svg") {
		t.Fatalf("svg: exit %d\n%s", code, errOut)
	}
	for _, name := range []string{"coreproduct", "inventory", "marketing", "pricing"} {
		if !strings.Contains(out, ">"+name+"</text>") {
			t.Errorf("the drawing does not name %s", name)
		}
	}
	code, out, errOut = runCLI(t, "graph", "-C", dir, "--no-git", "--format", "svg", "--level", "package")
	if code != exitClean || !strings.Contains(out, `xlink:title="pricing (rank 1)"`) {
		t.Errorf("svg: exit %d\n%s", code, errOut)
	}
}
