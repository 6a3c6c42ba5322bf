package guard_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/faultline/faultline/guard"
	"github.com/faultline/faultline/guard/testdata/shop/billing"
	"github.com/faultline/faultline/guard/testdata/shop/orders"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// shopDB opens the shop's schema in a fresh database through the guarded
// connector.
func shopDB(t *testing.T, g *guard.Guard) *sql.DB {
	t.Helper()
	dsn := newDatabase(t)
	dir, _ := filepath.Abs("testdata/shop")
	migrate(t, dsn, dir, []string{"migrations"}, `
INSERT INTO orders (customer, total) VALUES ('ada', 10), ('bob', 20);
INSERT INTO invoices (order_id, total) VALUES (1, 10);`)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(g.Connector(stdlib.GetConnector(*cfg)))
	t.Cleanup(func() { db.Close() })
	return db
}

func asViolation(err error) *guard.Violation {
	var v *guard.Violation
	if errors.As(err, &v) {
		return v
	}
	return nil
}

func TestConnector(t *testing.T) {
	g, _ := openShop(t, guard.Fail)
	db := shopDB(t, g)
	ctx := context.Background()

	// A failed statement is not sent: the invoices stay.
	var err error
	orders.Run(func() { _, err = db.ExecContext(ctx, `DELETE FROM invoices`) })
	if v := asViolation(err); v == nil || v.From != "orders" || v.To != "billing" {
		t.Fatalf("orders deleting invoices: %v", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM invoices`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("invoices: %d, %v", n, err)
	}

	// A prepared statement is judged where it runs.
	stmt, err := db.PrepareContext(ctx, `SELECT id, total FROM orders WHERE customer = $1`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	orders.Run(func() { err = stmt.QueryRowContext(ctx, "ada").Scan(new(int64), new(float64)) })
	if err != nil {
		t.Errorf("orders reading its own orders: %v", err)
	}
	billing.Run(func() { err = stmt.QueryRowContext(ctx, "ada").Scan(new(int64), new(float64)) })
	if err != nil {
		t.Errorf("billing reading orders (allowed): %v", err)
	}
	upd, err := db.PrepareContext(ctx, `UPDATE orders SET total = total + 1 WHERE id = $1`)
	if err != nil {
		t.Fatal(err)
	}
	defer upd.Close()
	billing.Run(func() { _, err = upd.ExecContext(ctx, 1) })
	if v := asViolation(err); v == nil || v.From != "billing" {
		t.Errorf("billing writing orders through a prepared statement: %v", err)
	}
}

func TestConnectorTransaction(t *testing.T) {
	for _, commit := range []bool{true, false} {
		g, _ := openShop(t, guard.Fail)
		db := shopDB(t, g)
		ctx := context.Background()
		var err error
		orders.Run(func() {
			tx, terr := db.BeginTx(ctx, nil)
			if terr != nil {
				t.Fatal(terr)
			}
			defer tx.Rollback()
			if _, terr := tx.ExecContext(ctx, `INSERT INTO orders (customer, total) VALUES ('cy', 5)`); terr != nil {
				t.Fatal(terr)
			}
			// billing's own write, inside orders' transaction.
			billing.Run(func() { _, terr = tx.ExecContext(ctx, `INSERT INTO invoices (order_id, total) VALUES (3, 5)`) })
			if terr != nil {
				t.Fatalf("billing's insert of its invoice: %v", terr)
			}
			if commit {
				err = tx.Commit()
			}
		})
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n); err != nil || n != 2 {
			t.Errorf("orders: %d, %v: want the transaction rolled back", n, err)
		}
		if !commit {
			if len(g.Violations()) != 0 {
				t.Errorf("a rolled back transaction: %v", g.Violations())
			}
			continue
		}
		v := asViolation(err)
		if v == nil || v.Findings[0].Kind != "cross-transaction" || v.From != "orders" || v.To != "billing" || v.Site.File != "orders/orders.go" {
			t.Fatalf("commit: %v", err)
		}
		if want := "orders.Run: transaction writes public.invoices + public.orders"; v.Findings[0].Subject != want {
			t.Errorf("subject %q, want %q", v.Findings[0].Subject, want)
		}
	}
}

// TestConnectorConcurrent uses one guarded pool from many goroutines, for the
// race detector.
func TestConnectorConcurrent(t *testing.T) {
	g, _ := openShop(t, guard.Fail)
	db := shopDB(t, g)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8*50)
	for range 8 {
		wg.Go(func() {
			for j := range 50 {
				sql := `SELECT count(*) FROM orders`
				if j%5 == 0 {
					sql = `SELECT count(*) FROM invoices WHERE order_id > 0`
				}
				var n int
				orders.Batch(func() { errs <- db.QueryRowContext(ctx, sql).Scan(&n) })
			}
		})
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		switch {
		case err == nil:
		case asViolation(err) != nil:
			failed++
		default:
			t.Fatal(err)
		}
	}
	if failed != 8*10 {
		t.Errorf("%d violations, want 80", failed)
	}
}
