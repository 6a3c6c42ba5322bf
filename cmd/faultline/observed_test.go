package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// observedCatalog is a recording as the guard writes it for the catalog (guard's
// TestCatalogExample makes the same from a real run): marketing's join of
// products and stock twice, its own campaigns query once.
const observedCatalog = `{"context":"marketing","package":"example.com/catalog/internal/marketing","function":"example.com/catalog/internal/marketing.(*Service).Candidates","file":"internal/marketing/campaigns.go","line":52,"statement":"SELECT category_name, min_stock FROM campaigns WHERE id = $1","calls":1}
{"context":"marketing","package":"example.com/catalog/internal/marketing","function":"example.com/catalog/internal/marketing.(*Service).Candidates","file":"internal/marketing/campaigns.go","line":57,"statement":"\nSELECT p.sku, p.name, s.quantity\nFROM products p\nJOIN stock s ON s.sku = p.sku\nWHERE p.category_name = $1 AND p.is_active AND s.quantity >= $2\nORDER BY s.quantity DESC, p.sku","calls":2}
`

func writeRecording(t *testing.T, text string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "observed.jsonl")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

type jsonFinding struct {
	Kind, From, To, Subject, File, Message string
	Line                                   int
	Calls                                  int64
}

func checkJSON(t *testing.T, args ...string) []jsonFinding {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{"check", "-C", catalogDir, "--format", "json"}, args...)...)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	var doc struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Findings
}

// TestCheckObserved: the recorded join is runtime evidence from marketing at
// its call site; the static finding of the same statement gains its calls
// instead of being repeated.
func TestCheckObserved(t *testing.T) {
	rec := writeRecording(t, observedCatalog)
	at57 := func(fs []jsonFinding) map[string]jsonFinding {
		m := map[string]jsonFinding{}
		for _, f := range fs {
			if f.File == "internal/marketing/campaigns.go" {
				if _, dup := m[f.Kind+" "+f.To]; dup {
					t.Errorf("two %s %s findings at :%d", f.Kind, f.To, f.Line)
				}
				m[f.Kind+" "+f.To] = f
				if f.Line != 57 {
					t.Errorf("finding at campaigns.go:%d: %+v", f.Line, f)
				}
			}
		}
		return m
	}
	for _, noCode := range []bool{true, false} {
		args := []string{"--observed", rec}
		if noCode {
			args = append(args, "--no-code")
		}
		got := at57(checkJSON(t, args...))
		for _, to := range []string{"coreproduct", "inventory"} {
			rt := got["runtime-cross-join "+to]
			if rt.From != "marketing" || rt.Calls != 2 || !strings.Contains(rt.Message, "observed at run time: 2 calls") {
				t.Errorf("no-code %v: runtime-cross-join marketing->%s: %+v", noCode, to, rt)
			}
			ft := got["foreign-table "+to]
			if ft.From != "marketing" || ft.Calls != 2 {
				t.Errorf("no-code %v: foreign-table marketing->%s: %+v", noCode, to, ft)
			}
			if _, ok := got["cross-join "+to]; ok == noCode {
				t.Errorf("no-code %v: the static cross-join is there: %v", noCode, ok)
			}
		}
	}
}

func TestRankObserved(t *testing.T) {
	rec := writeRecording(t, observedCatalog)
	code, out, errOut := runCLI(t, "rank", "-C", catalogDir, "--no-code", "--observed", rec, "--format", "json")
	if code != exitClean {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Candidates []struct {
			Context string
			Cut     []struct {
				Items []struct {
					Kind, File string
					Line       int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range doc.Candidates {
		if c.Context != "marketing" {
			continue
		}
		for _, step := range c.Cut {
			for _, it := range step.Items {
				if it.Kind == "runtime-cross-join" && it.File == "internal/marketing/campaigns.go" && it.Line == 57 {
					return
				}
			}
		}
	}
	t.Errorf("marketing's cut set has no runtime-cross-join at campaigns.go:57:\n%s", out)
}

func TestObservedErrors(t *testing.T) {
	code, _, errOut := runCLI(t, "check", "-C", catalogDir, "--no-code", "--observed", "no-such-file.jsonl")
	if code != exitUsage || !strings.Contains(errOut, "--observed: open ") {
		t.Errorf("missing file: exit %d, %s", code, errOut)
	}
	rec := writeRecording(t, observedCatalog+`{"statement":"SELECT 1","calls":1,"args":["secret"]}`+"\n")
	code, _, errOut = runCLI(t, "check", "-C", catalogDir, "--no-code", "--observed", rec)
	if code != exitUsage || !strings.Contains(errOut, "observed.jsonl:3: not an observation: json: unknown field \"args\"") {
		t.Errorf("bad line: exit %d, %s", code, errOut)
	}
}
