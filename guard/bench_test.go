package guard_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/faultline/faultline/guard"
	"github.com/faultline/faultline/guard/testdata/shop/orders"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

const benchSQL = `SELECT o.id, o.total, l.sku, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer = $1 ORDER BY o.id`

// BenchmarkCached is the guard's cost per statement once its text is cached:
// the stack walk (from orders' code through the tracer, as pgx calls it) and
// the cache lookups. docs/performance.md quotes it.
func BenchmarkCached(b *testing.B) {
	for _, mode := range []guard.Mode{guard.Fail, guard.Record} {
		b.Run(mode.String(), func(b *testing.B) {
			_, tr := openShop(b, mode)
			fn := func() { run(tr, benchSQL) }
			orders.Run(fn)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				orders.Run(fn)
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkCachedParallel is BenchmarkCached from every core at once.
func BenchmarkCachedParallel(b *testing.B) {
	_, tr := openShop(b, guard.Fail)
	fn := func() { run(tr, benchSQL) }
	orders.Run(fn)
	b.ReportAllocs()
	cpu := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			orders.Run(fn)
		}
	})
	reportCPU(b, cpu)
}

// reportCPU adds the process's CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkUncached is the cost of a text seen for the first time: parse,
// resolve, judge.
func BenchmarkUncached(b *testing.B) {
	_, tr := openShop(b, guard.Fail)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		sql := fmt.Sprintf("%s LIMIT %d", benchSQL, i)
		i++
		orders.Run(func() { run(tr, sql) })
	}
}

// BenchmarkDatabaseSQL runs a one-row query on a real PostgreSQL through
// database/sql and pgx, with and without the guard: the guard's share of a
// real round trip.
func BenchmarkDatabaseSQL(b *testing.B) {
	dsn := newDatabase(b)
	dir, _ := filepath.Abs("testdata/shop")
	migrate(b, dsn, dir, []string{"migrations"}, `INSERT INTO orders (customer, total) VALUES ('ada', 10)`)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		b.Fatal(err)
	}
	g, _ := openShop(b, guard.Fail)
	for _, c := range []struct {
		name string
		conn func() *sql.DB
	}{
		{"plain", func() *sql.DB { return stdlib.OpenDB(*cfg) }},
		{"guarded", func() *sql.DB { return sql.OpenDB(g.Connector(stdlib.GetConnector(*cfg))) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			db := c.conn()
			defer db.Close()
			ctx := context.Background()
			var total float64
			for b.Loop() {
				orders.Run(func() {
					if err := db.QueryRowContext(ctx, `SELECT total FROM orders WHERE customer = $1`, "ada").Scan(&total); err != nil {
						b.Fatal(err)
					}
				})
			}
		})
	}
}
