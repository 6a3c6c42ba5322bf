package plan_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph/plan"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
	"github.com/jackc/pgx/v5"
)

// The round trips run against the server FAULTLINE_TEST_DATABASE_URL names
// (default: the local one, trust auth), each in databases of its own with
// random names, dropped afterwards. With CI=true a missing server fails.

const defaultTestURL = "postgres://postgres@127.0.0.1:5432/postgres"

func adminURL(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("FAULTLINE_TEST_DATABASE_URL")
	if dsn == "" {
		dsn = defaultTestURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL server at %s: %v", dsn, err)
		}
		t.Skipf("no PostgreSQL server at %s: %v", dsn, err)
	}
	conn.Close(ctx)
	return dsn
}

// newDatabase creates an empty database, dropped when the test ends, and
// returns a connection to it.
func newDatabase(t *testing.T, admin string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "faultline_plan_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(ctx) })
	return db
}

func exec(t *testing.T, db *pgx.Conn, what, sql string) {
	t.Helper()
	if _, err := db.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func one(t *testing.T, db *pgx.Conn, sql string) string {
	t.Helper()
	var s *string
	if err := db.QueryRow(context.Background(), sql).Scan(&s); err != nil {
		t.Fatalf("%.80s...: %v", strings.TrimSpace(sql), err)
	}
	if s == nil {
		return "<null>"
	}
	return *s
}

// fixture is a project with a context to plan, seed data, and what to do
// with the data while the split's sync runs.
type fixture struct {
	dir, context string
	seed         string
	// exercise runs inside a transaction that is rolled back, right after
	// the split migration, to show the sync at work.
	exercise func(t *testing.T, db *pgx.Conn)
	// cut are the pairs of contexts that no schema coupling may tie after
	// the plan's migrations.
	cut [][2]string
}

// planned is a fixture's plan emitted to a directory.
type planned struct {
	cfg     *config.Config
	cat     *schema.Catalog
	scripts []migrations.Script
	p       *plan.Plan
	out     string
}

func emit(t *testing.T, fx fixture) planned {
	t.Helper()
	cfg, err := config.Load(filepath.Join(fx.dir, "faultline.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(context.Background(), check.Options{Dir: cfg.Dir, Config: cfg, NoCode: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Build(plan.Input{Config: cfg, Catalog: res.Catalog, Findings: res.Findings, References: res.References}, fx.context)
	if err != nil {
		t.Fatal(err)
	}
	scripts, _, err := migrations.Load(cfg.Dir, []string{"db/migrations"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := plan.NewLayout(scripts)
	if err != nil {
		t.Fatal(err)
	}
	p.SetLayout(l)
	data, err := os.ReadFile(cfg.File)
	if err != nil {
		t.Fatal(err)
	}
	y, err := p.UpdateConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := p.Emit(out, y, false); err != nil {
		t.Fatal(err)
	}
	return planned{cfg: cfg, cat: res.Catalog, scripts: scripts, p: p, out: out}
}

// ups are the emitted migrations as the project's own loader reads them.
func (pl planned) ups(t *testing.T) []migrations.Script {
	t.Helper()
	scripts, problems, err := migrations.Load(pl.out, []string{pl.p.Layout.Dir})
	if err != nil || len(problems) > 0 {
		t.Fatalf("loading the emitted migrations: %v %v", err, problems)
	}
	if len(scripts) != len(pl.p.Migrations) {
		t.Fatalf("%d emitted migrations load, want %d", len(scripts), len(pl.p.Migrations))
	}
	for _, s := range scripts {
		if s.Format != pl.p.Layout.Format {
			t.Errorf("%s reads as %s, want %s", s.File, s.Format, pl.p.Layout.Format)
		}
	}
	return scripts
}

// down returns the down migration of m from its files.
func (pl planned) down(t *testing.T, m *plan.Migration) string {
	t.Helper()
	read := func(i int) string {
		b, err := os.ReadFile(filepath.Join(pl.out, m.Files[i]))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	switch pl.p.Layout.Format {
	case migrations.Goose:
		_, d, ok := strings.Cut(read(0), "-- +goose Down")
		if !ok {
			t.Fatalf("%s has no down section", m.Files[0])
		}
		return d
	default:
		return read(1)
	}
}

// schemaQuery describes the schema so that two databases compare equal when
// their objects are: columns (without their order, which no ALTER TABLE can
// restore), constraints, indexes, triggers, views, functions, sequences.
const schemaQuery = `
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%')
SELECT string_agg(x, E'\n' ORDER BY x) FROM (
  SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS x
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE c.relnamespace IN (SELECT oid FROM ns) AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
  UNION ALL SELECT 'relation ' || relname || ' ' || relkind::text || coalesce(' ' || pg_get_expr(relpartbound, oid), '') FROM pg_class WHERE relnamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'view ' || relname || ' ' || pg_get_viewdef(oid) FROM pg_class WHERE relkind IN ('v', 'm') AND relnamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT 'function ' || pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT 'sequence ' || seqrelid::regclass::text || ' ' || format_type(seqtypid, NULL) || ' ' || seqincrement::text || ' ' || seqstart::text FROM pg_sequence
  UNION ALL SELECT 'owned ' || s.relname || ' by ' || t.relname || '.' || a.attname
  FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid WHERE d.deptype IN ('a', 'i')
) s`

// digests describes every original column's values: per column of each
// table, the row count, the sum when the column is a number, and an md5 of
// (key, value) pairs in key order. A column moved by the split is looked up
// in the new table, where it lives once the old one is dropped.
func digests(t *testing.T, db *pgx.Conn, pl planned) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range pl.cat.Tables() {
		if !tb.Parent().IsZero() {
			continue
		}
		pk := tb.PrimaryKey()
		if pk == nil {
			t.Fatalf("fixture table %s has no primary key", tb.Name)
		}
		owner := pl.cfg.TableOwner(tb.Schema, tb.Name).Context
		for _, c := range tb.Columns {
			where := []schema.Name{tb.QualifiedName()}
			if o := pl.cfg.ColumnOwner(tb.Schema, tb.Name, c.Name).Context; o != owner && o != "" {
				where = append(where, schema.Name{Schema: tb.Schema, Name: o + "_" + tb.Name})
			}
			for _, n := range where {
				if one(t, db, fmt.Sprintf("SELECT count(*)::text FROM information_schema.columns WHERE table_schema = '%s' AND table_name = '%s' AND column_name = '%s'", n.Schema, n.Name, c.Name)) == "0" {
					continue
				}
				sum := "''"
				if strings.Contains(c.Type, "int") || strings.HasPrefix(c.Type, "numeric") {
					sum = fmt.Sprintf("coalesce(sum(%s), 0)::text", schema.QuoteIdent(c.Name))
				}
				var keys []string
				for _, k := range pk.Columns {
					keys = append(keys, schema.QuoteIdent(k))
				}
				got := one(t, db, fmt.Sprintf(`SELECT count(*)::text || ' ' || %s || ' ' || coalesce(md5(string_agg(k || '=' || coalesce(v, 'NULL'), ',' ORDER BY k)), '')
FROM (SELECT ROW(%s)::text AS k, %s::text AS v, %s FROM %s) s`, sum, strings.Join(keys, ", "), schema.QuoteIdent(c.Name), schema.QuoteIdent(c.Name), n.SQL()))
				key := tb.Name + "." + c.Name
				if prev, ok := out[key]; ok && prev != got {
					t.Errorf("%s: %s holds %s, %s holds %s", key, tb.Name, prev, n.Name, got)
				}
				out[key] = got
			}
		}
	}
	return out
}

func sameDigests(t *testing.T, when string, want, got map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s was %q, now %q", when, k, v, got[k])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d columns hold data, want %d", when, len(got), len(want))
	}
}

func applyOriginal(t *testing.T, db *pgx.Conn, pl planned) {
	t.Helper()
	for _, s := range pl.scripts {
		exec(t, db, s.File, s.Text)
	}
}

func roundTrip(t *testing.T, fx fixture) {
	admin := adminURL(t)
	pl := emit(t, fx)
	ups := pl.ups(t)
	if len(ups) == 0 {
		t.Fatal("the plan has no migrations")
	}

	t.Run("empty", func(t *testing.T) {
		db := newDatabase(t, admin)
		applyOriginal(t, db, pl)
		before := one(t, db, schemaQuery)
		for _, s := range ups {
			exec(t, db, s.File, s.Text)
		}
		for i := len(pl.p.Migrations) - 1; i >= 0; i-- {
			m := pl.p.Migrations[i]
			exec(t, db, "down of "+m.ID, pl.down(t, m))
		}
		if after := one(t, db, schemaQuery); after != before {
			t.Errorf("the down migrations do not restore the schema:\n%s", lineDiff(before, after))
		}
	})

	t.Run("data", func(t *testing.T) {
		db := newDatabase(t, admin)
		applyOriginal(t, db, pl)
		exec(t, db, "seed", fx.seed)
		schemaBefore := one(t, db, schemaQuery)
		data := digests(t, db, pl)
		for i, s := range ups {
			exec(t, db, s.File, s.Text)
			sameDigests(t, "after "+s.File, data, digests(t, db, pl))
			if pl.p.Migrations[i].Step == 3 && fx.exercise != nil {
				exec(t, db, "begin", "BEGIN")
				fx.exercise(t, db)
				exec(t, db, "rollback", "ROLLBACK")
			}
		}
		for i := len(pl.p.Migrations) - 1; i >= 0; i-- {
			m := pl.p.Migrations[i]
			exec(t, db, "down of "+m.ID, pl.down(t, m))
			sameDigests(t, "after the down of "+m.ID, data, digests(t, db, pl))
		}
		if after := one(t, db, schemaQuery); after != schemaBefore {
			t.Errorf("the down migrations do not restore the schema:\n%s", lineDiff(schemaBefore, after))
		}
	})

	t.Run("check", func(t *testing.T) {
		dir := t.TempDir()
		copyTree(t, fx.dir, dir)
		copyTree(t, pl.out, dir)
		cfg, err := config.Load(filepath.Join(dir, "faultline.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		res, err := check.Run(context.Background(), check.Options{Dir: dir, Config: cfg, NoCode: true})
		if err != nil {
			t.Fatal(err)
		}
		schemaKinds := []finding.Kind{finding.ForeignKey, finding.Trigger, finding.View, finding.Function, finding.Sequence, finding.SharedTable}
		for _, f := range res.Findings {
			bad := f.Kind == finding.UnownedTable && isNew(f, pl)
			for _, pair := range fx.cut {
				between := f.From == pair[0] && f.To == pair[1] || f.From == pair[1] && f.To == pair[0]
				bad = bad || between && slices.Contains(schemaKinds, f.Kind)
			}
			if bad {
				t.Errorf("after the plan: %s: %s [%s %s->%s]", f.Position(), f.Message, f.Kind, f.From, f.To)
			}
		}
		if len(res.Findings) == 0 {
			t.Log("no findings at all")
		}
	})
}

// isNew reports whether an unowned-table finding is about a table the plan's
// migrations created.
func isNew(f finding.Finding, pl planned) bool {
	for _, m := range pl.p.Migrations {
		for _, u := range m.Up {
			if strings.Contains(u, "CREATE TABLE "+f.Subject+" ") {
				return true
			}
		}
	}
	return false
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// lineDiff lists the lines only one of a and b has.
func lineDiff(a, b string) string {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range as {
		if !slices.Contains(bs, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range bs {
		if !slices.Contains(as, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

const catalogSeed = `
INSERT INTO categories (name) VALUES ('tools'), ('garden');
INSERT INTO products (sku, name, category_name, is_active, original_price, sale_price, is_on_sale) VALUES
    ('A-1', 'Hammer', 'tools', true, 12.50, NULL, false),
    ('A-2', 'Saw', 'tools', true, 30.00, 25.00, true),
    ('G-1', 'Hose', 'garden', false, 19.99, NULL, false);
INSERT INTO price_history (sku, kind, old_price, new_price, reason) VALUES ('A-2', 'sale', 30.00, 25.00, 'spring');
INSERT INTO stock (sku, quantity) VALUES ('A-1', 5), ('A-2', 0);
INSERT INTO campaigns (title, category_name, starts_at, ends_at) VALUES ('Spring', 'tools', '2026-03-01', '2026-04-01');
INSERT INTO audit_log (actor, action, entity, entity_id) VALUES ('root', 'create', 'product', 'A-1');
`

func TestRoundTripCatalog(t *testing.T) {
	roundTrip(t, fixture{
		dir: "../../testdata/catalog", context: "pricing", seed: catalogSeed,
		cut: [][2]string{{"pricing", "coreproduct"}},
		exercise: func(t *testing.T, db *pgx.Conn) {
			// Legacy code raises a list price in products: pricing's table
			// follows, and the moved trigger logs the change once.
			exec(t, db, "list price", "UPDATE products SET original_price = 14.00 WHERE sku = 'A-1'")
			if got := one(t, db, "SELECT original_price::text FROM pricing_products WHERE sku = 'A-1'"); got != "14.00" {
				t.Errorf("pricing_products.original_price of A-1 = %s after products changed, want 14.00", got)
			}
			if got := one(t, db, "SELECT count(*)::text FROM price_history WHERE sku = 'A-1' AND kind = 'list'"); got != "1" {
				t.Errorf("%s list price changes logged for A-1, want 1", got)
			}
			// Pricing's moved code writes its own table: products follows.
			exec(t, db, "sale", "UPDATE pricing_products SET sale_price = 9.00, is_on_sale = true WHERE sku = 'A-1'")
			if got := one(t, db, "SELECT sale_price::text || ' ' || is_on_sale FROM products WHERE sku = 'A-1'"); got != "9.00 true" {
				t.Errorf("products A-1 = %s after pricing_products changed, want 9.00 true", got)
			}
			// Core product adds and deletes a product: the new table and the
			// deletion log follow, and price_history keeps its rows until the
			// cleanup runs.
			exec(t, db, "new product", "INSERT INTO products (sku, name, category_name, original_price) VALUES ('G-2', 'Rake', 'garden', 7.00)")
			if got := one(t, db, "SELECT original_price::text FROM pricing_products WHERE sku = 'G-2'"); got != "7.00" {
				t.Errorf("new product's price in pricing_products = %s, want 7.00", got)
			}
			exec(t, db, "delete", "DELETE FROM stock WHERE sku = 'A-2'; DELETE FROM products WHERE sku = 'A-2'")
			if got := one(t, db, "SELECT count(*)::text FROM pricing_products WHERE sku = 'A-2'") + one(t, db, "SELECT count(*)::text FROM products_deleted_records WHERE sku = 'A-2'"); got != "01" {
				t.Errorf("after deleting A-2: pricing_products rows, deletion log rows = %s, want 0 and 1", got)
			}
			if got := one(t, db, "SELECT count(*)::text FROM price_history WHERE sku = 'A-2'"); got != "1" {
				t.Errorf("price_history rows of A-2 = %s, want 1 (the cleanup deletes them later)", got)
			}
		},
	})
}

const shopSeed = `
INSERT INTO customers (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob');
INSERT INTO orders (placed_on, customer_id, status, total_cents, paid_at) VALUES
    ('2025-05-01', 1, 'paid', 1500, '2025-05-02 10:00:00+00'),
    ('2026-01-10', 2, 'open', 700, NULL),
    ('2026-02-01', 1, 'open', 0, NULL);
INSERT INTO invoices (order_id, placed_on, customer_id, amount)
SELECT id, placed_on, customer_id, total_cents FROM orders WHERE total_cents > 0;
INSERT INTO reviews (rating, body) VALUES (5, 'great');
`

func TestRoundTripShop(t *testing.T) {
	roundTrip(t, fixture{
		dir: "../../testdata/shop", context: "billing", seed: shopSeed,
		cut: [][2]string{{"billing", "ordering"}, {"billing", "accounts"}},
		exercise: func(t *testing.T, db *pgx.Conn) {
			exec(t, db, "pay", "UPDATE orders SET paid_at = '2026-01-11 09:00:00+00' WHERE placed_on = '2026-01-10'")
			if got := one(t, db, "SELECT count(*)::text FROM billing_orders WHERE paid_at IS NOT NULL"); got != "2" {
				t.Errorf("%s paid orders in billing_orders, want 2", got)
			}
			exec(t, db, "total", "UPDATE billing_orders SET total_cents = 999 WHERE placed_on = '2026-02-01'")
			if got := one(t, db, "SELECT total_cents::text FROM orders WHERE placed_on = '2026-02-01'"); got != "999" {
				t.Errorf("orders.total_cents = %s after billing_orders changed, want 999", got)
			}
			exec(t, db, "new order", "INSERT INTO orders (placed_on, customer_id, total_cents) VALUES ('2025-12-24', 2, 4200)")
			if got := one(t, db, "SELECT total_cents::text FROM billing_orders WHERE placed_on = '2025-12-24'"); got != "4200" {
				t.Errorf("new order's total in billing_orders = %s, want 4200", got)
			}
			// A new invoice draws from its own sequence, past every invoice,
			// and no longer from ordering's.
			orderSeq := one(t, db, "SELECT last_value::text FROM order_number_seq")
			exec(t, db, "invoice", "INSERT INTO invoices (order_id, placed_on, customer_id, amount) SELECT id, placed_on, customer_id, 4200 FROM orders WHERE placed_on = '2025-12-24'")
			if got := one(t, db, "SELECT (max(id) > ALL (SELECT id FROM invoices WHERE amount <> 4200))::text FROM invoices"); got != "true" {
				t.Errorf("the new invoice's id is not past every earlier invoice's")
			}
			if got := one(t, db, "SELECT last_value::text FROM order_number_seq"); got != orderSeq {
				t.Errorf("a new invoice moved order_number_seq from %s to %s", orderSeq, got)
			}
			exec(t, db, "delete", "DELETE FROM orders WHERE placed_on = '2025-05-01'")
			if got := one(t, db, "SELECT count(*)::text FROM orders_deleted_records") + one(t, db, "SELECT count(*)::text FROM invoices WHERE placed_on = '2025-05-01'"); got != "11" {
				t.Errorf("after deleting an order: deletion log rows, invoices left = %s, want 1 and 1 (the cleanup deletes it later)", got)
			}
		},
	})
}

// TestRoundTripCatalogOthers plans the catalog's other contexts: inventory
// (a foreign key and a view), marketing (a shared sequence) and core
// product, the hub, whose plan cuts what the three others hold on it.
func TestRoundTripCatalogOthers(t *testing.T) {
	for _, c := range []struct {
		context string
		cut     [][2]string
	}{
		{"inventory", [][2]string{{"inventory", "coreproduct"}}},
		{"marketing", [][2]string{{"marketing", "coreproduct"}}},
		{"coreproduct", [][2]string{{"coreproduct", "pricing"}, {"coreproduct", "inventory"}, {"coreproduct", "marketing"}}},
	} {
		t.Run(c.context, func(t *testing.T) {
			roundTrip(t, fixture{dir: "../../testdata/catalog", context: c.context, seed: catalogSeed, cut: c.cut})
		})
	}
}
