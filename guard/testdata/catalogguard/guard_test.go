package guardexample

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"example.com/catalog/internal/coreproduct"
	"example.com/catalog/internal/coreproduct/api"
	"example.com/catalog/internal/inventory"
	"example.com/catalog/internal/marketing"
	"github.com/faultline/faultline/guard"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/lib/pq"
)

// env returns a variable guard's TestCatalogExample sets; run alone, the test
// has nothing to work on.
func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: run guard's TestCatalogExample", name)
		}
		t.Skipf("%s is not set: run guard's TestCatalogExample", name)
	}
	return v
}

func open(t *testing.T, configVar string, mode guard.Mode) *guard.Guard {
	t.Helper()
	g, err := guard.Open(env(t, configVar), mode)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// pgxDB opens database/sql through pgx's stdlib connector, guarded.
func pgxDB(t *testing.T, g *guard.Guard) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(env(t, "GUARD_EXAMPLE_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(g.Connector(stdlib.GetConnector(*cfg)))
	t.Cleanup(func() { db.Close() })
	return db
}

func services(db *sql.DB) *marketing.Service {
	products := api.NewClient(coreproduct.NewService(db))
	return marketing.NewService(db, products, inventory.NewService(db, products))
}

func campaign(t *testing.T, s *marketing.Service) int64 {
	t.Helper()
	now := time.Now()
	id, err := s.CreateCampaign(context.Background(), marketing.Campaign{
		Title: "kitchen week", CategoryName: "kitchen", MinStock: 1, StartsAt: now, EndsAt: now.Add(time.Hour),
	})
	if err != nil {
		t.Fatalf("marketing's insert into its own campaigns: %v", err)
	}
	return id
}

// violation asserts err is a *guard.Violation of kind from from to to.
func violation(t *testing.T, err error, kind, from, to string) *guard.Violation {
	t.Helper()
	var v *guard.Violation
	if !errors.As(err, &v) {
		t.Fatalf("want a *guard.Violation, got %v", err)
	}
	for _, f := range v.Findings {
		if string(f.Kind) == kind && f.From == from && f.To == to {
			return v
		}
	}
	t.Fatalf("violation %v has no %s %s->%s finding", v, kind, from, to)
	return nil
}

func TestFailJoin(t *testing.T) {
	g := open(t, "GUARD_EXAMPLE_CONFIG", guard.Fail)
	s := services(pgxDB(t, g))
	id := campaign(t, s)
	_, err := s.Candidates(context.Background(), id)
	v := violation(t, err, "cross-join", "marketing", "inventory")
	violation(t, err, "cross-join", "marketing", "coreproduct")
	if want := []string{"public.products", "public.stock"}; !slices.Equal(v.Tables, want) {
		t.Errorf("tables %v, want %v", v.Tables, want)
	}
	if v.Site.File != "internal/marketing/campaigns.go" || !strings.HasSuffix(v.Site.Function, "marketing.(*Service).Candidates") {
		t.Errorf("call site %v, want marketing's Candidates in internal/marketing/campaigns.go", v.Site)
	}
	if !strings.Contains(v.Statement, "JOIN stock s") {
		t.Errorf("statement %q", v.Statement)
	}
	t.Logf("%v", v)
	if st := g.Stats(); st.Violations != 1 || st.Unparsed != 0 {
		t.Errorf("stats %+v: want one violation (the join), the campaign queries passing", st)
	}
}

func TestFailTransactionStatement(t *testing.T) {
	g := open(t, "GUARD_EXAMPLE_CONFIG", guard.Fail)
	db := pgxDB(t, g)
	id := campaign(t, services(db))
	err := RetireCampaign(context.Background(), db, id, "SKU-1")
	v := violation(t, err, "foreign-table", "marketing", "inventory")
	if !strings.HasSuffix(v.Site.Function, "guardexample.RetireCampaign") {
		t.Errorf("call site %v", v.Site)
	}
	exists(t, db, id)
}

func TestFailTransactionCommit(t *testing.T) {
	// GUARD_EXAMPLE_ALLOW_CONFIG is the catalog's faultline.yaml with an allow
	// entry for marketing's writes of inventory's tables: each statement passes,
	// the transaction over both contexts does not.
	g := open(t, "GUARD_EXAMPLE_ALLOW_CONFIG", guard.Fail)
	db := pgxDB(t, g)
	id := campaign(t, services(db))
	err := RetireCampaign(context.Background(), db, id, "SKU-1")
	v := violation(t, err, "cross-transaction", "marketing", "inventory")
	if want := []string{"public.campaigns", "public.stock"}; !slices.Equal(v.Tables, want) {
		t.Errorf("tables %v, want %v", v.Tables, want)
	}
	if got := v.Findings[0].Subject; got != "guardexample.RetireCampaign: transaction writes public.campaigns + public.stock" {
		t.Errorf("subject %q", got)
	}
	t.Logf("%v", v)
	exists(t, db, id) // rolled back
}

// exists asserts the campaign is still there: the guard stopped its deletion.
func exists(t *testing.T, db *sql.DB, id int64) {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM campaigns WHERE id = $1`, id).Scan(&n); err != nil || n != 1 {
		t.Errorf("campaign %d: count %d, %v; want it kept", id, n, err)
	}
}

func TestLibPQ(t *testing.T) {
	g := open(t, "GUARD_EXAMPLE_CONFIG", guard.Fail)
	conn, err := pq.NewConnector(env(t, "GUARD_EXAMPLE_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(g.Connector(conn))
	defer db.Close()
	s := services(db)
	_, err = s.Candidates(context.Background(), campaign(t, s))
	violation(t, err, "cross-join", "marketing", "coreproduct")
}

func TestTracer(t *testing.T) {
	g := open(t, "GUARD_EXAMPLE_CONFIG", guard.Fail)
	cfg, err := pgx.ParseConfig(env(t, "GUARD_EXAMPLE_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = g.Tracer()
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	s := services(db)
	id := campaign(t, s)
	// The tracer cannot fail the query: it runs, and the violation is kept.
	if _, err := s.Candidates(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	vs := g.Violations()
	if len(vs) != 1 {
		t.Fatalf("violations %v, want the join", vs)
	}
	violation(t, vs[0], "cross-join", "marketing", "inventory")
}

func TestRecord(t *testing.T) {
	g := open(t, "GUARD_EXAMPLE_CONFIG", guard.Record)
	f, err := os.OpenFile(env(t, "GUARD_EXAMPLE_RECORD"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g.RecordTo(f)
	s := services(pgxDB(t, g))
	id := campaign(t, s)
	for range 2 {
		if _, err := s.Candidates(context.Background(), id); err != nil {
			t.Fatalf("Record mode never fails: %v", err)
		}
	}
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
}
