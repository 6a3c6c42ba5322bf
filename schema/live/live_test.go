package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema/drift"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestSessionIsReadOnly(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	applyCatalogMigrations(t, dsn)
	s := open(t, dsn)
	ctx := context.Background()

	// A write sent straight on the session's connection, outside any of its reads.
	for _, sql := range []string{
		"CREATE TABLE intruder (id int)",
		"INSERT INTO products (sku, name, category_name, original_price) VALUES ('x', 'x', 'x', 1)",
	} {
		_, err := s.conn.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "25006" {
			t.Errorf("%s: got %v, want a read-only transaction error (25006)", sql, err)
		}
	}
	// A write slipped into one of the session's own batches.
	err := s.batch(ctx, "writing", []string{"CREATE TABLE intruder (id int)"}, []func(pgx.Rows) error{nil})
	if err == nil || !strings.Contains(err.Error(), "read-only transaction") {
		t.Errorf("a write inside the read transaction: got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "writing on postgres://") {
		t.Errorf("error does not say what was being done where: %v", err)
	}
	// The failed batch left no transaction behind: the session still reads.
	if _, _, err := s.Catalog(ctx); err != nil {
		t.Errorf("reading after a failed batch: %v", err)
	}
	var timeout, lockTimeout, readOnly string
	if err := s.conn.QueryRow(ctx, "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), current_setting('default_transaction_read_only')").
		Scan(&timeout, &lockTimeout, &readOnly); err != nil {
		t.Fatal(err)
	}
	if timeout != "30s" || lockTimeout != "5s" || readOnly != "on" {
		t.Errorf("session settings: statement_timeout %s, lock_timeout %s, default_transaction_read_only %s", timeout, lockTimeout, readOnly)
	}
}

// TestReadOnlyBehindPooler checks the path a pooler that refuses startup parameters
// leaves: the connection has no session settings, and every read still runs read-only
// with the timeouts, leaving nothing behind on the server connection.
func TestReadOnlyBehindPooler(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	applyCatalogMigrations(t, dsn)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &Session{conn: conn, opts: Options{}.withDefaults(), redacted: Redact(dsn), source: "postgres://test/db", trips: &tripCounter{}}
	defer s.Close(ctx)

	var inside []string
	err = s.batch(ctx, "reading settings", []string{
		"SELECT current_setting('transaction_read_only'), current_setting('statement_timeout'), current_setting('lock_timeout'), current_setting('search_path')",
	}, []func(pgx.Rows) error{func(rows pgx.Rows) error {
		inside = make([]string, 4)
		return rows.Scan(&inside[0], &inside[1], &inside[2], &inside[3])
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inside, []string{"on", "30s", "5s", "pg_catalog, pg_temp"}) {
		t.Errorf("inside a read: read-only, statement and lock timeouts, search_path = %q", inside)
	}
	err = s.batch(ctx, "writing", []string{"INSERT INTO public.categories (name) VALUES ('x')"}, []func(pgx.Rows) error{nil})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		t.Errorf("a write inside a read: got %v, want a read-only transaction error (25006)", err)
	}
	if _, _, err := s.Catalog(ctx); err != nil {
		t.Fatal(err)
	}
	after := make([]string, 3)
	if err := conn.QueryRow(ctx, "SELECT current_setting('default_transaction_read_only'), current_setting('statement_timeout'), current_setting('lock_timeout')").
		Scan(&after[0], &after[1], &after[2]); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after, []string{"off", "0", "0"}) {
		t.Errorf("settings left on the server connection: %q", after)
	}
}

func TestUnsupportedStartupParameter(t *testing.T) {
	bouncer := &pgconn.PgError{Severity: "FATAL", Code: "08P01", Message: "unsupported startup parameter: default_transaction_read_only"}
	if !unsupportedStartupParameter(fmt.Errorf("connecting: %w", bouncer)) {
		t.Errorf("PgBouncer's refusal not recognized")
	}
	if unsupportedStartupParameter(&pgconn.PgError{Code: "28P01", Message: "password authentication failed"}) {
		t.Errorf("a wrong password taken for a pooler's refusal")
	}
}

func TestLockTimeout(t *testing.T) {
	admin := adminURL(t)
	dsn := newDatabase(t, admin)
	applyCatalogMigrations(t, dsn)
	ctx := context.Background()

	// Someone holds an exclusive lock on a table, as a long ALTER TABLE would.
	locker, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(ctx)
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE products IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, dsn, Options{LockTimeout: 200 * time.Millisecond, StatementTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	// pg_get_expr, pg_get_viewdef and friends take an ACCESS SHARE lock on the
	// tables they describe: the read gives up after the lock timeout, with a
	// sentence saying why, instead of waiting for the migration to end.
	start := time.Now()
	_, _, err = s.Catalog(ctx)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "55P03" {
		t.Fatalf("Catalog while a table is locked: got %v, want lock_not_available (55P03)", err)
	}
	if !strings.Contains(err.Error(), "lock_timeout (200ms) expired") {
		t.Errorf("message: %v", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %v", d)
	}
	// Once the lock is gone, the same session reads.
	tx.Rollback(ctx)
	if _, _, err := s.Catalog(ctx); err != nil {
		t.Errorf("Catalog after the lock is released: %v", err)
	}
}

// freePort returns a TCP port of 127.0.0.1 nothing listens on.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// checkConnectError checks that err is a one-sentence *ConnectError that mentions
// want and never the password, whichever way it is printed or unwrapped.
func checkConnectError(t *testing.T, err error, password, want string) {
	t.Helper()
	var ce *ConnectError
	if !errors.As(err, &ce) {
		t.Fatalf("got %T %v, want a *ConnectError", err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "cannot connect to ") || !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
		t.Errorf("message %q: want one line starting with \"cannot connect to\" and saying %q", msg, want)
	}
	texts := []string{msg, fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), ce.DSN, ce.Reason}
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		texts = append(texts, e.Error(), fmt.Sprintf("%+v", e))
	}
	for _, text := range texts {
		if strings.Contains(text, password) {
			t.Errorf("the password shows in %q", text)
		}
	}
	t.Logf("%v", err)
}

func TestConnectErrorsHidePassword(t *testing.T) {
	const password = "s3cr3t-Pa55"
	ctx := context.Background()

	t.Run("no server", func(t *testing.T) {
		port := freePort(t)
		dsn := fmt.Sprintf("postgres://app:%s@127.0.0.1:%d/shop", password, port)
		_, err := Open(ctx, dsn, Options{})
		checkConnectError(t, err, password, fmt.Sprintf("cannot connect to postgres://app@127.0.0.1:%d/shop: connection refused; is the server running and is --db right?", port))
	})
	t.Run("keyword DSN", func(t *testing.T) {
		_, err := Open(ctx, fmt.Sprintf("host=127.0.0.1 port=%d user=app password='%s' dbname=shop", freePort(t), password), Options{})
		checkConnectError(t, err, password, "connection refused")
	})
	t.Run("malformed DSN", func(t *testing.T) {
		_, err := Open(ctx, "postgres://app:"+password+"@127.0.0.1:notaport/shop", Options{})
		checkConnectError(t, err, password, "the DSN is malformed")
	})
	t.Run("unknown host", func(t *testing.T) {
		_, err := Open(ctx, "postgres://app:"+password+"@no-such-host.invalid:5432/shop", Options{ConnectTimeout: 5 * time.Second})
		checkConnectError(t, err, password, "no-such-host.invalid")
	})
	t.Run("missing database", func(t *testing.T) {
		admin := adminURL(t)
		cfg, err := pgx.ParseConfig(admin)
		if err != nil {
			t.Fatal(err)
		}
		dsn := fmt.Sprintf("postgres://%s:%s@%s:%d/faultline_no_such_db", cfg.User, password, cfg.Host, cfg.Port)
		_, err = Open(ctx, dsn, Options{})
		checkConnectError(t, err, password, `database "faultline_no_such_db" does not exist; create it or fix the database name in --db`)
	})
	t.Run("wrong password", func(t *testing.T) {
		c := throwawayCluster(t)
		c.ensureRole(t, "faultline_app", "the-right-one")
		_, err := Open(ctx, c.tcpURL("faultline_app", password, "postgres"), Options{})
		checkConnectError(t, err, password, `password authentication failed for user "faultline_app"; check the user and password in --db`)
		// And the right password gets in, over the same path.
		s, err := Open(ctx, c.tcpURL("faultline_app", "the-right-one", "postgres"), Options{})
		if err != nil {
			t.Fatalf("right password: %v", err)
		}
		s.Close(ctx)
	})
}

func TestRedact(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://app:secret@db.example.com:6432/shop?sslmode=require": "postgres://app@db.example.com:6432/shop",
		"host=10.0.0.1 user=app password=secret dbname=shop":             "postgres://app@10.0.0.1:5432/shop",
		"postgres://app:secret@[::1]:5432/shop":                          "postgres://app@[::1]:5432/shop",
		"host=/var/run/postgresql port=5433 user=app dbname=shop":        "postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/shop",
		"postgres://app:secret@db:notaport/shop":                         "postgres://app@db:notaport/shop",
		"password=secret host='unterminated":                             "the database (malformed DSN)",
	} {
		if got := Redact(dsn); got != want {
			t.Errorf("Redact(%q) = %q, want %q", dsn, got, want)
		}
	}
	for dsn, want := range map[string]string{
		"postgres://a:p%40ss@h/db":              "p@ss",
		"host=h password='it\\'s' user=u":       "it's",
		"postgres://a:p@ss@h:bad/db":            "p@ss",
		"user=u password=plain host=h":          "plain",
		"postgres://h/db?password=q&user=a":     "q",
		"postgres://a@h/db":                     "",
		"host=h password=a\\ b dbname=d user=x": "a b",
	} {
		if got := dsnPassword(dsn); got != want {
			t.Errorf("dsnPassword(%q) = %q, want %q", dsn, got, want)
		}
	}
}

func TestDriftAfterHandChanges(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	applyCatalogMigrations(t, dsn)
	execSQL(t, dsn, `
ALTER TABLE products ADD COLUMN legacy_code text;
ALTER TABLE stock DROP CONSTRAINT stock_sku_fkey;
CREATE FUNCTION touch_campaign() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER campaigns_touch BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION touch_campaign();
CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
`)
	s := open(t, dsn)
	db, _, err := s.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	fs := drift.Compare(fromMigrations(t), db)

	want := map[string]string{
		"public.products.legacy_code":      "the database has column public.products.legacy_code (text) that no migration creates",
		"public.stock.stock_sku_fkey":      "the migrations create foreign key public.stock.stock_sku_fkey FOREIGN KEY (sku) REFERENCES public.products (sku) but the database does not have it",
		"public.campaigns.campaigns_touch": "the database has trigger campaigns_touch on public.campaigns (BEFORE UPDATE, executes public.touch_campaign) that no migration creates",
	}
	for _, f := range fs {
		t.Logf("%s: %s [%s]\n\tfix: %s", f.Position(), f.Message, f.Kind, f.Fix)
		if f.Kind != finding.Drift || f.Severity != finding.Info {
			t.Errorf("kind %s severity %s", f.Kind, f.Severity)
		}
		if w, ok := want[f.Object]; !ok {
			t.Errorf("unexpected drift: %s", f.Message)
		} else if f.Message != w {
			t.Errorf("%s:\n got %s\nwant %s", f.Object, f.Message, w)
		}
		delete(want, f.Object)
	}
	for obj := range want {
		t.Errorf("no drift finding for %s", obj)
	}
}

func TestStatementsWithoutExtension(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	s := open(t, dsn)
	stmts, note, err := s.Statements(context.Background())
	if err != nil || len(stmts) > 0 || !strings.Contains(note, "pg_stat_statements is not installed in database") {
		t.Errorf("got %d statements, note %q, error %v", len(stmts), note, err)
	}
}

func TestStatementsNotLoaded(t *testing.T) {
	admin := adminURL(t)
	dsn := newDatabase(t, admin)
	s := open(t, dsn)
	var preload string
	if err := s.conn.QueryRow(context.Background(), "SHOW shared_preload_libraries").Scan(&preload); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(preload, "pg_stat_statements") {
		t.Skip("the test server preloads pg_stat_statements")
	}
	execSQL(t, dsn, "CREATE EXTENSION pg_stat_statements")
	stmts, note, err := s.Statements(context.Background())
	if err != nil || len(stmts) > 0 || !strings.Contains(note, "not loaded") {
		t.Errorf("got %d statements, note %q, error %v", len(stmts), note, err)
	}
}

func TestRuntimeFindings(t *testing.T) {
	c := throwawayCluster(t)
	ctx := context.Background()
	dsn := newDatabase(t, c.socketURL("postgres", "postgres"))
	db := strings.TrimPrefix(dsn[strings.LastIndex(dsn, "dbname="):], "dbname=")
	applyCatalogMigrations(t, dsn)
	c.ensureRole(t, "pricing_svc", "")
	c.ensureRole(t, "faultline_reader", "")
	c.exec(t, db, `
CREATE EXTENSION pg_stat_statements;
GRANT USAGE ON SCHEMA public TO pricing_svc;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pricing_svc;
INSERT INTO categories (name) VALUES ('tools');
INSERT INTO products (sku, name, category_name, original_price) VALUES ('A-1', 'Anvil', 'tools', 10), ('B-2', 'Bolt', 'tools', 1);
INSERT INTO stock (sku, quantity) VALUES ('A-1', 3), ('B-2', 40);
SELECT pg_stat_statements_reset();
`)

	// The pricing service at work: a join of products and stock three times, and a
	// read of core product's products.name twice.
	svc, err := pgx.Connect(ctx, c.socketURL("pricing_svc", db))
	if err != nil {
		t.Fatal(err)
	}
	for _, sku := range []string{"A-1", "B-2", "A-1"} {
		var name string
		var qty int
		if err := svc.QueryRow(ctx, "SELECT p.name, s.quantity FROM products p JOIN stock s ON s.sku = p.sku WHERE p.sku = $1", sku).Scan(&name, &qty); err != nil {
			t.Fatal(err)
		}
	}
	for _, sku := range []string{"A-1", "B-2"} {
		var name string
		if err := svc.QueryRow(ctx, "SELECT name FROM products WHERE sku = $1", sku).Scan(&name); err != nil {
			t.Fatal(err)
		}
	}
	svc.Close(ctx)

	s := open(t, dsn)
	cat, _, err := s.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := s.RoundTrips()
	stmts, note, err := s.Statements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.RoundTrips() - before; n != 2 {
		t.Errorf("Statements took %d round trips, want 2", n)
	}
	if note != "" {
		t.Errorf("note from a superuser: %s", note)
	}
	cfg, err := config.Load(filepath.Join("..", "..", "testdata", "catalog", "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fs := RuntimeFindings(stmts, &access.Resolver{Config: cfg, Catalog: cat})
	for _, f := range fs {
		t.Logf("%s: %s [%s %s->%s] calls=%d", f.Position(), f.Message, f.Kind, f.From, f.To, f.Calls)
	}
	has := func(kind finding.Kind, from, to string, calls int64, column string) bool {
		return slices.ContainsFunc(fs, func(f finding.Finding) bool {
			return f.Kind == kind && f.From == from && f.To == to && f.Calls == calls && f.TotalMillis > 0 &&
				strings.HasPrefix(f.Object, "pg_stat_statements queryid ") &&
				(column == "" || slices.Contains(f.Columns, column))
		})
	}
	for _, w := range []struct {
		kind     finding.Kind
		from, to string
		calls    int64
		column   string
	}{
		{finding.RuntimeCrossJoin, "pricing", "coreproduct", 3, ""},
		{finding.RuntimeCrossJoin, "pricing", "inventory", 3, ""},
		{finding.ForeignTable, "pricing", "coreproduct", 3, "products.name"},
		{finding.ForeignTable, "pricing", "inventory", 3, "stock.quantity"},
		{finding.ForeignTable, "pricing", "coreproduct", 2, "products.name"},
	} {
		if !has(w.kind, w.from, w.to, w.calls, w.column) {
			t.Errorf("no %s finding %s->%s with %d calls (column %q)", w.kind, w.from, w.to, w.calls, w.column)
		}
	}

	// A role without pg_read_all_stats sees its own statements only, and is told so.
	r, err := Open(ctx, c.socketURL("faultline_reader", db), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	seen, note, err := r.Statements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "hides") || !strings.Contains(note, "pg_read_all_stats") {
		t.Errorf("note for an unprivileged role: %q", note)
	}
	for _, st := range seen {
		if st.Role != "faultline_reader" {
			t.Errorf("an unprivileged role sees %s's statement %q", st.Role, st.Query)
		}
	}
}
