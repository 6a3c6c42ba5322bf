package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/faultline/faultline/finding"
)

func TestGitHubGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := GitHub(&buf, catalogFindings(), GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "catalog.github", buf.Bytes())
}

func TestGitHubCommands(t *testing.T) {
	fs := []finding.Finding{
		{Kind: finding.ForeignTable, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "s",
			File: "db/q,1:2%.sql", Line: 7, Column: 3,
			Message: "100% wrong,\r\nreally: yes", Fix: "a, b: c"},
		{Kind: finding.View, Severity: finding.Warning, From: "inventory", To: "coreproduct", Subject: "v", File: "m.sql", Line: 2, Message: "w"},
		{Kind: finding.UnownedTable, Severity: finding.Info, Subject: "t", File: "m.sql", Message: "i"},
		{Kind: finding.Drift, Severity: finding.Error, From: "a", Subject: "d", Object: "public.t", Message: "drift"},
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "a", To: "b", Subject: "fk", File: "x.sql", Line: 1, Message: "allowed", AllowedBy: "r"},
	}
	var buf bytes.Buffer
	GitHub(&buf, fs, GitHubOptions{PathPrefix: "svc"})
	want := "::error file=svc/db/q%2C1%3A2%25.sql,line=7,col=3,title=faultline foreign-table::100%25 wrong,%0D%0Areally: yes%0A[pricing->coreproduct]%0Afix: a, b: c\n" +
		"::warning file=svc/m.sql,line=2,title=faultline view::w%0A[inventory->coreproduct]\n" +
		"::error title=faultline drift::public.t: drift%0A[a]\n"
	if buf.String() != want {
		t.Errorf("GitHub:\n%s\nwant:\n%s", buf.String(), want)
	}

	buf.Reset()
	GitHub(&buf, fs, GitHubOptions{Verbose: true})
	if !strings.Contains(buf.String(), "::notice file=m.sql,title=faultline unowned-table::i%0A[no context]\n") {
		t.Errorf("verbose GitHub lacks the notice:\n%s", buf.String())
	}
}
