package live

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestCanceledStatementExplained: a statement the server cancels (SQLSTATE 57014)
// is explained as the timeout it usually is, whether PostgreSQL words it "due to
// statement timeout" or, when a pooler or an administrator cancels it, "due to
// user request".
func TestCanceledStatementExplained(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	ctx := context.Background()
	sleep := []func(pgx.Rows) error{func(pgx.Rows) error { return nil }}

	s, err := Open(ctx, dsn, Options{StatementTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	err = s.batch(ctx, "reading the catalog", []string{"SELECT pg_catalog.pg_sleep(5)"}, sleep)
	if err == nil || !strings.Contains(err.Error(), "statement_timeout (200ms) expired") || !strings.Contains(err.Error(), "57014") {
		t.Errorf("statement timeout: %v", err)
	}

	s2, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close(ctx)
	pid := s2.conn.PgConn().PID()
	go func() {
		admin, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return
		}
		defer admin.Close(ctx)
		for range 100 {
			var ok bool
			if admin.QueryRow(ctx, "SELECT pg_cancel_backend($1) FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'", pid).Scan(&ok); ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	err = s2.batch(ctx, "reading the catalog", []string{"SELECT pg_catalog.pg_sleep(10)"}, sleep)
	if err == nil || !strings.Contains(err.Error(), "user request") || !strings.Contains(err.Error(), "statement_timeout (30s) expired") {
		t.Errorf("canceled statement: %v", err)
	}
}
