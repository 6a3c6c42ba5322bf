package check

import (
	"testing"

	"github.com/faultline/faultline/finding"
)

func TestMergeObserved(t *testing.T) {
	join := finding.Finding{Kind: finding.RuntimeCrossJoin, To: "inventory", Subject: "public.products(name) (coreproduct) + public.stock(quantity) (inventory)"}
	// pg_stat_statements saw the join under a role of no context.
	pg := join
	pg.Object, pg.Calls, pg.TotalMillis, pg.Message = "pg_stat_statements queryid 42", 900, 12.5, "the join"
	static := finding.Finding{Kind: finding.ForeignTable, From: "marketing", To: "inventory", Subject: "read public.stock(quantity)", File: "/m/campaigns.go", Line: 57, Column: 24, Message: "reads"}
	other := finding.Finding{Kind: finding.ForeignTable, From: "pricing", To: "inventory", Subject: "read public.stock(quantity)", Object: "pg_stat_statements queryid 7"}

	obsJoin := join
	obsJoin.From, obsJoin.File, obsJoin.Line, obsJoin.Calls, obsJoin.Message = "marketing", "/m/campaigns.go", 57, 3, "marketing's join"
	obsRead := static
	obsRead.Column, obsRead.Calls = 0, 3
	newRead := finding.Finding{Kind: finding.ForeignTable, From: "marketing", To: "coreproduct", Subject: "read public.products(name)", File: "/m/campaigns.go", Line: 57, Calls: 3}

	got := MergeObserved([]finding.Finding{pg, static, other}, []finding.Finding{obsJoin, obsRead, newRead})
	if len(got) != 4 {
		t.Fatalf("%d findings, want 4: %+v", len(got), got)
	}
	if j := got[0]; j.From != "marketing" || j.File != "/m/campaigns.go" || j.Calls != 900 || j.TotalMillis != 12.5 ||
		j.Message != "marketing's join; in pg_stat_statements as pg_stat_statements queryid 42" {
		t.Errorf("the join merged with pg_stat_statements: %+v", j)
	}
	if s := got[1]; s.Column != 24 || s.Calls != 3 || s.Message != "reads (observed at run time: 3 calls)" {
		t.Errorf("the static read with its observed calls: %+v", s)
	}
	if got[2].From != "pricing" || got[3].To != "coreproduct" {
		t.Errorf("the others: %+v %+v", got[2], got[3])
	}
}
