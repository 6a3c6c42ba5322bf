package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

func TestMarkdownGolden(t *testing.T) {
	findings := catalogFindings()
	var buf bytes.Buffer
	err := Markdown(&buf, findings, summaryOf(findings, catalogKnown()), MarkdownOptions{
		LinkBase: "https://github.com/acme/catalog/blob/0123abc/",
	})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "catalog.md", buf.Bytes())
}

func TestMarkdownClean(t *testing.T) {
	var buf bytes.Buffer
	Markdown(&buf, nil, Summary{Known: 5, Allowed: 1}, MarkdownOptions{})
	want := "### faultline: no new couplings\n\n5 known findings let through by the baseline · 1 finding allowed\n\n"
	if buf.String() != want {
		t.Errorf("Markdown:\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestMarkdownCap(t *testing.T) {
	var fs []finding.Finding
	for i := range 7 {
		fs = append(fs, finding.Finding{Kind: finding.Import, Severity: finding.Error, From: "a", To: "b",
			Subject: fmt.Sprint(i), File: "x.go", Line: i + 1, Message: "m"})
	}
	var buf bytes.Buffer
	Markdown(&buf, fs, Summary{}, MarkdownOptions{Max: 5})
	out := buf.String()
	if n := strings.Count(out, "\n- "); n != 6 {
		t.Errorf("%d list items, want 5 and the rest line:\n%s", n, out)
	}
	if !strings.Contains(out, "- … and 2 more") {
		t.Errorf("no \"and 2 more\":\n%s", out)
	}
	if !strings.Contains(out, "[x.go:1](x.go#L1)") {
		t.Errorf("relative link missing:\n%s", out)
	}
	if !strings.Contains(out, "| [import](https://github.com/faultline/faultline#kind-import) | 7 | a → b (7) |") {
		t.Errorf("table row missing:\n%s", out)
	}
}

func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		"reads *all* of a_b [x] <script>": `reads \*all\* of a\_b \[x\] &lt;script&gt;`,
		"keep `a_b|c` code":               "keep `a_b\\|c` code",
		"one ` backtick_":                 "one \\` backtick\\_",
		"pipe | here":                     `pipe \| here`,
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGitHubLinkBase(t *testing.T) {
	env := map[string]string{"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/catalog", "GITHUB_SHA": "0123abc"}
	if got := GitHubLinkBase(func(k string) string { return env[k] }); got != "https://github.com/acme/catalog/blob/0123abc/" {
		t.Errorf("GitHubLinkBase = %q", got)
	}
	if got := GitHubLinkBase(func(string) string { return "" }); got != "" {
		t.Errorf("GitHubLinkBase outside Actions = %q", got)
	}
}
