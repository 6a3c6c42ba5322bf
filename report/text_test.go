package report

import (
	"bytes"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

func TestText(t *testing.T) {
	fs := []finding.Finding{
		{Kind: finding.Private, Severity: finding.Error, From: "pricing", To: "coreproduct", File: "internal/pricing/quote.go", Line: 7, Column: 2, Message: "pricing imports a private package", Fix: "call coreproduct through its api"},
		{Kind: finding.ParseError, Severity: finding.Error, File: "db/migrations/000012_bad.up.sql", Line: 1, Column: 27, Message: "syntax error"},
		{Kind: finding.UnownedTable, Severity: finding.Info, File: "db/migrations/000010_create_audit_log.up.sql", Line: 2, Column: 1, Message: "no context owns audit_log"},
		{Kind: finding.ForeignKey, Severity: finding.Error, From: "inventory", To: "coreproduct", Object: "public.stock.stock_sku_fkey", Message: "foreign key", AllowedBy: "TICKET-12"},
	}
	var b bytes.Buffer
	if err := Text(&b, fs, TextOptions{Dir: "/m", Cwd: "/m/internal"}); err != nil {
		t.Fatal(err)
	}
	want := "pricing/quote.go:7:2: pricing imports a private package [private pricing->coreproduct]\n" +
		"../db/migrations/000012_bad.up.sql:1:27: syntax error [parse-error]\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := Text(&b, fs, TextOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "text-verbose.txt", b.Bytes())
}

func TestJSON(t *testing.T) {
	fs := []finding.Finding{
		{Kind: finding.ForeignTable, Severity: finding.Error, From: "pricing", To: "coreproduct", Subject: "write public.products(is_active)", File: "internal/pricing/repository/history.go", Line: 54, Column: 35, Message: "pricing writes coreproduct's column public.products.is_active", Fix: "route the write through coreproduct's API", Access: finding.Write, Tables: []string{"public.products"}, Columns: []string{"products.is_active"}},
	}
	var b bytes.Buffer
	ws := []config.Warning{{File: "faultline.yaml", Line: 9, Column: 14, Message: `table entry "prices_old" of context pricing matches no table or view in the catalog`, Fix: "correct the entry's spelling or remove it from pricing's tables in faultline.yaml"}}
	if err := JSON(&b, fs, ws, Summary{Findings: 1, New: 1, Errors: 1, ByKind: map[string]int{"foreign-table": 1}, Packages: 12}); err != nil {
		t.Fatal(err)
	}
	golden(t, "check.json", b.Bytes())
	b.Reset()
	if err := JSON(&b, nil, nil, Summary{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`"findings": []`)) || !bytes.Contains(b.Bytes(), []byte(`"warnings": []`)) {
		t.Errorf("no findings must still be a list: %s", b.String())
	}
}
