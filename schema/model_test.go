package schema

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema/migrations"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

func TestPositions(t *testing.T) {
	c, errs := build(t, `-- products
CREATE TABLE products (
    sku text PRIMARY KEY,
    name text
);

/* stock */ CREATE TABLE stock (
    sku text REFERENCES products (sku),
    CONSTRAINT stock_name FOREIGN KEY (sku) REFERENCES products
);
ALTER TABLE ONLY stock
    ADD CONSTRAINT stock_fk2 FOREIGN KEY (sku) REFERENCES products(sku);
CREATE VIEW v AS SELECT sku FROM stock;
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER g AFTER INSERT ON stock FOR EACH ROW EXECUTE FUNCTION f();`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	stock := c.FindTable("", "stock")
	for _, tc := range []struct {
		what string
		got  Pos
		want string
	}{
		{"table products", c.FindTable("public", "products").Pos, "x.sql:2:1"},
		{"column products.name", c.FindTable("public", "products").Column("name").Pos, "x.sql:4:5"},
		{"table stock", stock.Pos, "x.sql:7:13"},
		{"inline foreign key", stock.Constraint("stock_sku_fkey").Pos, "x.sql:8:14"},
		{"table constraint", stock.Constraint("stock_name").Pos, "x.sql:9:5"},
		{"ALTER TABLE ADD CONSTRAINT", stock.Constraint("stock_fk2").Pos, "x.sql:12:9"},
		{"view", c.FindView("", "v").Pos, "x.sql:13:1"},
		{"function", c.FindFunction("", "f()").Pos, "x.sql:14:1"},
		{"trigger", stock.Trigger("g").Pos, "x.sql:15:3"},
	} {
		if got := tc.got.String(); got != tc.want {
			t.Errorf("%s at %s, want %s", tc.what, got, tc.want)
		}
	}
	if off := stock.Pos.Offset; off <= 0 || !strings.HasPrefix(`-- products
CREATE TABLE products (
    sku text PRIMARY KEY,
    name text
);

/* stock */ CREATE TABLE stock (`[off:], "CREATE TABLE stock") {
		t.Errorf("stock's offset %d does not point at its CREATE", off)
	}
}

func TestUpdate(t *testing.T) {
	c := New()
	sql := "CREATE TABLE a (x int PRIMARY KEY); CREATE TABLE b (y int REFERENCES a)"
	res, err := pg_query.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	for i, raw := range res.Stmts {
		if err := c.Update(raw, sql, Pos{File: "f.sql", Line: 7, Column: 1 + 36*i}); err != nil {
			t.Fatal(err)
		}
	}
	b := c.FindTable("", "b")
	if b == nil || b.Pos.String() != "f.sql:7:37" || len(b.Constraints) != 1 {
		t.Fatalf("b = %+v", b)
	}
	if got := b.Constraints[0].Pos.String(); got != "f.sql:7:59" {
		t.Errorf("constraint at %s, want f.sql:7:59", got)
	}
	err = c.Update(res.Stmts[0], sql, Pos{File: "f.sql", Line: 9, Column: 1})
	var e *Error
	if !errorsAs(err, &e) || e.Code != CodeDuplicateTable || e.Error() != `f.sql:9:1: relation "a" already exists` {
		t.Errorf("duplicate: %v", err)
	}
}

func TestQueryCatalog(t *testing.T) {
	c, errs := build(t, `CREATE SCHEMA parts;
CREATE TABLE events (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE parts.events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (id);
CREATE TABLE parts.events_2024_1 PARTITION OF parts.events_2024 FOR VALUES IN (1);
CREATE TABLE base (a int);
CREATE TABLE heir (b int) INHERITS (base);
CREATE VIEW v AS SELECT id FROM events;`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var _ query.Catalog = c
	info, ok := c.Table("parts", "events_2024_1")
	if !ok || info.PartitionOf != "public.events" || !slices.Equal(info.Columns, []string{"id", "at"}) {
		t.Errorf("events_2024_1: %+v", info)
	}
	if _, ok := c.Table("", "events_2024_1"); ok {
		t.Error("events_2024_1 resolved without its schema on the search path")
	}
	info, ok = c.Table("", "events")
	if !ok || info.Schema != "public" || info.PartitionOf != "" || !slices.Equal(info.PrimaryKey, []string{"id", "at"}) {
		t.Errorf("events: %+v", info)
	}
	if info, _ := c.Table("", "heir"); info.PartitionOf != "public.base" || !slices.Equal(info.Columns, []string{"a", "b"}) {
		t.Errorf("heir: %+v", info)
	}
	if info, ok := c.Table("", "v"); !ok || !info.View || !slices.Equal(info.Columns, []string{"id"}) {
		t.Errorf("v: %+v", info)
	}
	if _, ok := c.Table("", "nope"); ok {
		t.Error("nope resolved")
	}
	if r := c.Root(c.FindTable("parts", "events_2024_1")); r.Name != "events" {
		t.Errorf("root %s", r.Name)
	}
}

func TestFunctionBodies(t *testing.T) {
	c, errs := build(t, `CREATE FUNCTION early() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO history (sku, price) VALUES (NEW.sku, NEW.price);
  NEW.id := nextval('items_id_seq'::regclass);
  RETURN NEW;
END $$;
CREATE TABLE items (id bigint, sku text, price numeric);
CREATE SEQUENCE items_id_seq OWNED BY items.id;
CREATE TABLE history (sku text, price numeric);
CREATE FUNCTION dyn(t text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE format('DELETE FROM %I', t); DELETE FROM history; END $$;
CREATE FUNCTION s(p text) RETURNS numeric LANGUAGE sql AS $$ SELECT price FROM items WHERE sku = p $$;
CREATE FUNCTION broken() RETURNS void LANGUAGE plpgsql AS $$ BEGIN SELEC 1; END $$;`)
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "x.sql:13:1: body of function broken()") {
		t.Errorf("errors %q, want one for broken()", errs)
	}
	early := c.FindFunction("", "early()")
	if len(early.Statements) == 0 || early.Dynamic {
		t.Fatalf("early: %d statements, dynamic %v", len(early.Statements), early.Dynamic)
	}
	if tb := early.Statements[0].Tables; len(tb) != 1 || tb[0].QualifiedName() != "public.history" || !tb[0].Write {
		t.Errorf("early writes %+v, want public.history (resolved though created after the function)", tb)
	}
	if !slices.Equal(early.Sequences, []Name{{"public", "items_id_seq"}}) {
		t.Errorf("early's sequences %v", early.Sequences)
	}
	dyn := c.FindFunction("", "dyn(text)")
	if !dyn.Dynamic || len(dyn.Statements) == 0 {
		t.Errorf("dyn: dynamic %v, %d statements", dyn.Dynamic, len(dyn.Statements))
	}
	sf := c.FindFunction("", "s(text)")
	if len(sf.Statements) != 1 || sf.Statements[0].Tables[0].Name != "items" || sf.Statements[0].Tables[0].Write {
		t.Errorf("s: %+v", sf.Statements)
	}
	if sf.Language != "sql" || !strings.Contains(sf.Body, "SELECT price") || !strings.HasPrefix(sf.Definition, "CREATE FUNCTION s(") {
		t.Errorf("s: language %q body %q definition %q", sf.Language, sf.Body, sf.Definition)
	}
}

// TestDumpIgnoresSpelling builds one schema written two ways, as a hand-written
// migration and as pg_dump spells it, and expects the same dump.
func TestDumpIgnoresSpelling(t *testing.T) {
	a, errs := build(t, `CREATE TABLE products (
  id bigserial PRIMARY KEY,
  sku varchar(32) NOT NULL UNIQUE,
  price numeric(12,2) DEFAULT 0 CHECK (price >= 0),
  at timestamptz DEFAULT now()
);
CREATE TABLE stock (sku varchar(32) REFERENCES products (sku) ON DELETE CASCADE, qty int4);`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	b, errs := build(t, `SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.products (
    id bigint NOT NULL,
    sku character varying(32) NOT NULL,
    price numeric(12,2) DEFAULT 0.00,
    at timestamp with time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT products_price_check CHECK ((price >= (0)::numeric))
);
CREATE SEQUENCE public.products_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.products_id_seq OWNED BY public.products.id;
CREATE TABLE public.stock (
    sku character varying(32),
    qty integer
);
ALTER TABLE ONLY public.products ALTER COLUMN id SET DEFAULT nextval('public.products_id_seq'::regclass);
ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_sku_key UNIQUE (sku);
ALTER TABLE ONLY public.stock
    ADD CONSTRAINT stock_sku_fkey FOREIGN KEY (sku) REFERENCES public.products(sku) ON DELETE CASCADE;`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if da, db := a.Dump(), b.Dump(); da != db {
		t.Errorf("dumps differ:\n--- migration\n%s--- pg_dump\n%s", da, db)
	}
}

// TestBuildSurvivesBadFiles loads migrations holding a binary file, an empty file and
// a file with a syntax error, and expects everything else to be built.
func TestBuildSurvivesBadFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"001_products.up.sql": "CREATE TABLE products (sku text PRIMARY KEY);\n",
		"002_blob.up.sql":     "\x00\x01\x02\xff\xfe binary\x00",
		"003_empty.up.sql":    "",
		"004_broken.up.sql":   "CREATE TABLE a (x int);\nCREATE TABLE oops (x int,, y int);\nCREATE TABLE b (x int);\n",
		"005_stock.up.sql":    "CREATE TABLE stock (sku text REFERENCES products);\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scripts, problems, err := migrations.Load(dir, []string{"."})
	if err != nil {
		t.Fatal(err)
	}
	c, errs := Build(scripts)
	var names []string
	for _, tb := range c.Tables() {
		names = append(names, tb.Name)
	}
	if want := []string{"a", "b", "products", "stock"}; !slices.Equal(names, want) {
		t.Errorf("tables %v, want %v", names, want)
	}
	if len(c.ForeignKeys()) != 1 {
		t.Errorf("foreign keys %d, want 1", len(c.ForeignKeys()))
	}
	if len(errs) != 1 || errs[0].Error() != `004_broken.up.sql:2:26: syntax error at or near ","` {
		t.Errorf("errors %v", errs)
	}
	if len(problems) == 0 {
		t.Logf("migrations.Load reported no problem for the binary file (its scripts: %d)", len(scripts))
	}
}

func errorsAs(err error, target **Error) bool {
	for err != nil {
		if e, ok := err.(*Error); ok {
			*target = e
			return true
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				if errorsAs(x, target) {
					return true
				}
			}
			return false
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}
