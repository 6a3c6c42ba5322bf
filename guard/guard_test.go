package guard_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/guard"
	"github.com/faultline/faultline/guard/testdata/shop/billing"
	"github.com/faultline/faultline/guard/testdata/shop/orders"
	"github.com/faultline/faultline/guard/testdata/shop/platform"
	"github.com/jackc/pgx/v5"
)

// The unit tests run statements through the pgx tracer, as pgx does, from the
// shop's packages (testdata/shop): orders.Run(fn) runs fn as orders' code.

const shopConfig = "testdata/shop/faultline.yaml"

func openShop(t testing.TB, mode guard.Mode) (*guard.Guard, pgx.QueryTracer) {
	t.Helper()
	g, err := guard.Open(shopConfig, mode)
	if err != nil {
		t.Fatal(err)
	}
	return g, g.Tracer()
}

// run sends one statement through the tracer.
func run(tr pgx.QueryTracer, sql string) {
	tr.TraceQueryStart(context.Background(), nil, pgx.TraceQueryStartData{SQL: sql})
}

// kinds renders the violations as "kind from->to" strings.
func kinds(vs []*guard.Violation) []string {
	var out []string
	for _, v := range vs {
		for _, f := range v.Findings {
			out = append(out, string(f.Kind)+" "+f.From+"->"+f.To)
		}
	}
	return out
}

func TestAttribution(t *testing.T) {
	cases := []struct {
		name string
		call func(func())
		sql  string
		want []string
	}{
		{"own table", orders.Run, `SELECT id, total FROM orders WHERE customer = $1`, nil},
		{"foreign read", orders.Batch, `SELECT id, order_id FROM invoices`, []string{"foreign-table orders->billing"}},
		{"foreign write", orders.Run, `DELETE FROM invoices WHERE order_id = $1`, []string{"foreign-table orders->billing"}},
		{"join", orders.Batch, `SELECT o.id, i.id FROM orders o JOIN invoices i ON i.order_id = o.id`,
			[]string{"cross-join orders->billing", "foreign-table orders->billing"}},
		{"shared kernel walked past", func(fn func()) { orders.Run(func() { platform.Run(fn) }) },
			`DELETE FROM invoices`, []string{"foreign-table orders->billing"}},
		{"innermost context wins", func(fn func()) { orders.Run(func() { billing.Run(fn) }) },
			`SELECT id, order_id FROM invoices`, nil},
		{"unowned code: only joins", func(fn func()) { fn() }, `SELECT id, order_id FROM invoices`, nil},
		{"unowned join", func(fn func()) { fn() }, `SELECT o.id, i.id FROM orders o JOIN invoices i ON i.order_id = o.id`,
			[]string{"cross-join ->billing", "cross-join ->orders"}},
		{"a file billing claims in orders' package", orders.RunAsBilling, `SELECT id, order_id FROM invoices`, nil},
		{"orders' own file", orders.Batch, `SELECT id, order_id FROM invoices`, []string{"foreign-table orders->billing"}},
		{"allow entry", billing.Run, `SELECT id, total FROM orders`, nil},
		{"allow entry does not cover writes", billing.Run, `UPDATE orders SET total = 0`, []string{"foreign-table billing->orders"}},
		{"own column of another's table, read by key", billing.Run, `SELECT billed_at FROM orders WHERE id = $1`, nil},
		{"baseline", orders.Run, `SELECT total, order_id FROM invoices WHERE id = $1`, nil},
		{"baseline is by key: the function", orders.Batch, `SELECT total FROM invoices`, []string{"foreign-table orders->billing"}},
		{"baseline is by key: the access", orders.Run, `UPDATE invoices SET total = 0`, []string{"foreign-table orders->billing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, tr := openShop(t, guard.Fail)
			c.call(func() { run(tr, c.sql) })
			got := kinds(g.Violations())
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("violations %v, want %v", got, c.want)
			}
		})
	}
}

func TestViolationSite(t *testing.T) {
	g, tr := openShop(t, guard.Fail)
	orders.Run(func() { run(tr, `DELETE FROM invoices`) })
	vs := g.Violations()
	if len(vs) != 1 {
		t.Fatalf("violations %v", vs)
	}
	v := vs[0]
	var target *guard.Violation
	if !errors.As(error(v), &target) {
		t.Fatal("errors.As does not match *guard.Violation")
	}
	if v.Site.File != "orders/orders.go" || v.Site.Line != 7 || v.Site.Package != "github.com/faultline/faultline/guard/testdata/shop/orders" {
		t.Errorf("site %+v, want orders.Run in orders/orders.go:7", v.Site)
	}
	f := v.Findings[0]
	if f.File != "orders/orders.go" || f.Line != 7 || f.Object != "orders.Run" || f.Subject != "orders.Run: write public.invoices" || f.Severity != finding.Error {
		t.Errorf("finding %+v", f)
	}
	if want := "faultline guard: orders/orders.go:7: orders writes billing's table public.invoices [foreign-table orders->billing]"; v.Error() != want {
		t.Errorf("error %q, want %q", v.Error(), want)
	}
	if v.Statement != `DELETE FROM invoices` || !slices.Equal(v.Tables, []string{"public.invoices"}) {
		t.Errorf("statement %q tables %v", v.Statement, v.Tables)
	}
}

func TestUnparsable(t *testing.T) {
	g, tr := openShop(t, guard.Fail)
	for range 3 {
		orders.Run(func() { run(tr, `SELEC id FROM invoices`) })
	}
	orders.Run(func() { run(tr, `SELECT 1; SELEC id FROM invoices`) })
	if st := g.Stats(); st.Statements != 4 || st.Unparsed != 4 || st.Violations != 0 {
		t.Errorf("stats %+v: want 4 statements, all unparsed, passed", st)
	}
}

func TestTransactions(t *testing.T) {
	cases := []struct {
		name  string
		stmts []string
		want  []string
	}{
		{"one context", []string{"begin", "INSERT INTO orders (customer, total) VALUES ($1, $2)", "INSERT INTO order_lines (order_id, sku, quantity) VALUES ($1, $2, $3)", "commit"}, nil},
		{"two contexts", []string{"BEGIN ISOLATION LEVEL SERIALIZABLE", "INSERT INTO orders (customer, total) VALUES ($1, $2)", "UPDATE invoices SET total = 0", "commit"},
			[]string{"cross-transaction orders->billing", "foreign-table orders->billing"}},
		{"rolled back", []string{"begin", "INSERT INTO orders (customer, total) VALUES ($1, $2)", "UPDATE invoices SET total = 0", "rollback"},
			[]string{"foreign-table orders->billing"}},
		{"reads do not count", []string{"begin", "INSERT INTO orders (customer, total) VALUES ($1, $2)", "SELECT total FROM invoices", "commit"}, nil},
		{"savepoint rollback keeps the transaction", []string{"begin", "INSERT INTO orders (customer, total) VALUES ($1, $2)", "savepoint sp_1",
			"UPDATE invoices SET total = 0", "rollback to savepoint sp_1", "commit"},
			[]string{"cross-transaction orders->billing", "foreign-table orders->billing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, tr := openShop(t, guard.Fail)
			orders.Run(func() {
				for _, s := range c.stmts {
					run(tr, s)
				}
			})
			got := kinds(g.Violations())
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("violations %v, want %v", got, c.want)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	g, tr := openShop(t, guard.Record)
	var buf bytes.Buffer
	g.RecordTo(&buf)
	join := `SELECT o.id, i.id FROM orders o JOIN invoices i ON i.order_id = o.id WHERE o.customer = $1`
	for range 3 {
		orders.Run(func() { run(tr, join) })
	}
	billing.Run(func() { run(tr, `SELECT id FROM invoices`) })
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	orders.Run(func() { run(tr, join) })
	if err := g.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := g.Flush(); err != nil { // nothing new: nothing written
		t.Fatal(err)
	}
	if len(g.Violations()) != 0 {
		t.Error("Record mode keeps no violations")
	}
	want := `{"context":"billing","package":"github.com/faultline/faultline/guard/testdata/shop/billing","function":"github.com/faultline/faultline/guard/testdata/shop/billing.Run","file":"billing/billing.go","line":7,"statement":"SELECT id FROM invoices","calls":1}
{"context":"orders","package":"github.com/faultline/faultline/guard/testdata/shop/orders","function":"github.com/faultline/faultline/guard/testdata/shop/orders.Run","file":"orders/orders.go","line":7,"statement":"` + join + `","calls":3}
{"context":"orders","package":"github.com/faultline/faultline/guard/testdata/shop/orders","function":"github.com/faultline/faultline/guard/testdata/shop/orders.Run","file":"orders/orders.go","line":7,"statement":"` + join + `","calls":1}
`
	if buf.String() != want {
		t.Errorf("recording:\n%s\nwant:\n%s", buf.String(), want)
	}
	obs, err := guard.ReadObservations("rec", strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 2 || obs[1].Calls != 4 || obs[0].Calls != 1 {
		t.Errorf("read back %+v: want the join's two lines added up", obs)
	}
	if got := g.Observations(); !slices.Equal(got, obs) {
		t.Errorf("Observations %+v, want %+v", got, obs)
	}
}

func TestReadObservationsErrors(t *testing.T) {
	cases := map[string]string{
		`{"statement":"SELECT 1","calls":1,"secret":"x"}`: `rec:1: not an observation: json: unknown field "secret"`,
		`{"statement":"SELECT 1","calls":0}`:              "rec:1: observation with 0 calls",
		`{"calls":2}`:                                     "rec:1: observation without statement",
		"\n\n{\"statement\":\"SELECT 1\",\"calls\":1} {}": "rec:3: more than one JSON value on the line",
		`{"statement":"SELECT 1","calls":1,"line":-1}`:    "rec:1: observation at line -1",
		`[1]`: "rec:1: not an observation: json: cannot unmarshal array into Go value of type guard.Observation",
		`{"statement":"SELECT 1","calls":9223372036854775807}` + "\n" + `{"statement":"SELECT 1","calls":1}`: "rec:2: calls overflow",
		strings.Repeat(" ", 5<<20): "rec: a line is longer than 4194304 bytes",
	}
	for in, want := range cases {
		_, err := guard.ReadObservations("rec", strings.NewReader(in))
		if err == nil || err.Error() != want {
			t.Errorf("%.60q: error %v, want %s", in, err, want)
		}
	}
}

// TestConcurrent runs statements from many goroutines, for the race detector:
// go test -race ./guard/...
func TestConcurrent(t *testing.T) {
	for _, mode := range []guard.Mode{guard.Fail, guard.Record} {
		g, tr := openShop(t, mode)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				for j := range 200 {
					sql := `SELECT id FROM orders WHERE id = $1`
					if j%10 == 0 {
						sql = `SELECT id FROM invoices WHERE order_id = $1`
					}
					if i%2 == 0 {
						orders.Batch(func() { run(tr, sql) })
					} else {
						billing.Run(func() { run(tr, sql) })
					}
				}
				_ = g.Flush()
			})
		}
		wg.Wait()
		st := g.Stats()
		if st.Statements != 1600 {
			t.Errorf("%v: %d statements", mode, st.Statements)
		}
		if mode == guard.Fail && st.Violations != 4*20 {
			t.Errorf("%v: %d violations, want orders' 80 reads of invoices", mode, st.Violations)
		}
		var calls int64
		for _, o := range g.Observations() {
			calls += o.Calls
		}
		if mode == guard.Record && calls != 1600 {
			t.Errorf("%v: %d calls recorded", mode, calls)
		}
	}
}

// TestNoAllocation checks the cost promise: a cached statement allocates nothing
// beyond the stack walk, in either mode.
func TestNoAllocation(t *testing.T) {
	for _, mode := range []guard.Mode{guard.Fail, guard.Record} {
		_, tr := openShop(t, mode)
		fn := func() { run(tr, `SELECT id, total FROM orders WHERE customer = $1`) }
		orders.Run(fn) // the miss: parse, judge, resolve the frames
		if n := testing.AllocsPerRun(200, func() { orders.Run(fn) }); n != 0 {
			t.Errorf("%v: %.1f allocations per cached statement, want 0", mode, n)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := guard.Open("testdata/nothing/faultline.yaml", guard.Fail); err == nil {
		t.Error("a missing configuration opened")
	}
	if _, err := guard.Open(shopConfig, guard.Mode(7)); err == nil || err.Error() != "guard: unknown mode 7" {
		t.Errorf("mode 7: %v", err)
	}
}
