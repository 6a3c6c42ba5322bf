package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The integration tests run against the server FAULTLINE_TEST_DATABASE_URL names
// (default: the local one, trust auth). Each test creates its own database with a
// random name and drops it afterwards. With CI=true a missing server fails the test;
// otherwise it is skipped.

const defaultTestURL = "postgres://postgres@127.0.0.1:5432/postgres"

// adminURL returns the DSN of the test server's maintenance database, after checking
// the server answers.
func adminURL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("FAULTLINE_TEST_DATABASE_URL")
	if dsn == "" {
		dsn = defaultTestURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		missing(t, "no PostgreSQL server for the integration tests at %s (set FAULTLINE_TEST_DATABASE_URL): %v", Redact(dsn), err)
	}
	conn.Close(ctx)
	return dsn
}

// missing fails the test under CI, where the server is part of the job, and skips it
// elsewhere.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// withDatabase returns dsn with its database replaced.
func withDatabase(t testing.TB, dsn, db string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + db
		return u.String()
	}
	return dsn + " dbname=" + db
}

// randomName returns a fresh database name.
func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// newDatabase creates an empty database on the server admin names, drops it when the
// test ends, and returns its DSN.
func newDatabase(t testing.TB, admin string) string {
	t.Helper()
	ctx := context.Background()
	name := randomName("faultline_test_")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connecting to %s: %v", Redact(admin), err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
	})
	return withDatabase(t, admin, name)
}

// execSQL runs statements (several per string allowed) on the database dsn names.
func execSQL(t testing.TB, dsn string, sqls ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connecting to %s: %v", Redact(dsn), err)
	}
	defer conn.Close(ctx)
	for _, sql := range sqls {
		if _, err := conn.PgConn().Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%v\nrunning: %.300s", err, sql)
		}
	}
}

// migrationsDir is the catalog example's golang-migrate directory.
var migrationsDir = filepath.Join("..", "..", "testdata", "catalog", "db", "migrations")

// catalogMigrations returns the catalog example's up migrations in order: name and
// text of each.
func catalogMigrations(t testing.TB) (names, texts []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(migrationsDir, "*.up.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations in %s: %v", migrationsDir, err)
	}
	slices.Sort(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f)
		texts = append(texts, string(b))
	}
	return names, texts
}

// applyCatalogMigrations applies the catalog example's migrations to the database.
func applyCatalogMigrations(t testing.TB, dsn string) {
	t.Helper()
	_, texts := catalogMigrations(t)
	execSQL(t, dsn, texts...)
}

// open opens a live session on dsn, closed when the test ends.
func open(t testing.TB, dsn string) *Session {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}
