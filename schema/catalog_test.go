package schema

import (
	"slices"
	"strings"
	"testing"
)

// build applies sql as file x.sql to a new catalog and resolves function bodies.
func build(t *testing.T, sql string) (*Catalog, []string) {
	t.Helper()
	c := New()
	var errs []string
	for _, err := range c.Apply("x.sql", sql) {
		errs = append(errs, err.Error())
	}
	for _, err := range c.AnalyzeFunctions() {
		errs = append(errs, err.Error())
	}
	return c, errs
}

// TestDDL applies small scripts and checks the catalog through its dump: every line
// of want must be in it, no line of absent, and the errors must be exactly errs.
func TestDDL(t *testing.T) {
	tests := []struct {
		name   string
		sql    string
		want   []string
		absent []string
		errs   []string
	}{
		{
			name: "create table with columns, types, defaults and keys",
			sql: `CREATE TABLE products (
				sku varchar(32) PRIMARY KEY,
				name text NOT NULL DEFAULT 'x',
				price numeric(12, 2),
				tags text[] DEFAULT '{}',
				at timestamptz NOT NULL DEFAULT now(),
				n int8, m int, f float8, b bool,
				t timestamp(6) without time zone,
				"Mixed" integer
			);`,
			want: []string{
				"table public.products",
				"  column sku character varying(32) not null",
				"  column name text not null default",
				"  column price numeric(12,2)",
				"  column tags text[] default",
				"  column at timestamp with time zone not null default",
				"  column n bigint", "  column m integer", "  column f double precision", "  column b boolean",
				"  column t timestamp(6) without time zone",
				"  column Mixed integer",
				"  constraint products_pkey PRIMARY KEY (sku)",
			},
		},
		{
			name: "if not exists and duplicates",
			sql: `CREATE TABLE t (a int);
CREATE TABLE IF NOT EXISTS t (b int);
CREATE TABLE t (c int);`,
			want:   []string{"  column a integer"},
			absent: []string{"  column b integer", "  column c integer"},
			errs:   []string{`x.sql:3:1: relation "t" already exists`},
		},
		{
			name: "partitioned parent, PARTITION OF, ATTACH and DETACH",
			sql: `CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 (id bigint NOT NULL, at date NOT NULL);
ALTER TABLE ONLY events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_old (id bigint NOT NULL, at date NOT NULL);
ALTER TABLE events ATTACH PARTITION events_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
ALTER TABLE events DETACH PARTITION events_old;`,
			want: []string{
				"table public.events partition by RANGE (at)",
				"table public.events_2024 partition of public.events",
				"table public.events_2025 partition of public.events",
				"table public.events_old\n",
				"  constraint events_pkey PRIMARY KEY (id, at)",
			},
		},
		{
			name: "partition of a table that is not partitioned",
			sql: `CREATE TABLE p (a int);
CREATE TABLE c PARTITION OF p FOR VALUES IN (1);`,
			errs: []string{`x.sql:2:1: table "p" is not partitioned`},
		},
		{
			name: "inheritance",
			sql: `CREATE TABLE base (id bigint, name text);
CREATE TABLE child (extra int) INHERITS (base);`,
			want: []string{"table public.child inherits public.base", "  column extra integer"},
		},
		{
			name: "foreign keys: inline, table constraint, composite, actions, match, not valid",
			sql: `CREATE TABLE a (x int, y int, PRIMARY KEY (x, y), UNIQUE (y));
CREATE TABLE b (
	id int PRIMARY KEY,
	ax int, ay int,
	yref int REFERENCES a (y) ON DELETE SET NULL,
	CONSTRAINT b_a FOREIGN KEY (ay, ax) REFERENCES a (y, x) MATCH FULL ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE TABLE c (bid int REFERENCES b, parent int REFERENCES c (bid) DEFERRABLE INITIALLY DEFERRED, UNIQUE (bid));
ALTER TABLE ONLY c ADD CONSTRAINT c_b_fk FOREIGN KEY (bid) REFERENCES b(id) ON DELETE RESTRICT NOT VALID;
ALTER TABLE c ADD CONSTRAINT c_v FOREIGN KEY (bid) REFERENCES b(id) NOT VALID;
ALTER TABLE c VALIDATE CONSTRAINT c_v;`,
			want: []string{
				"  constraint a_pkey PRIMARY KEY (x, y)",
				"  constraint a_y_key UNIQUE (y)",
				"  constraint b_yref_fkey FOREIGN KEY (yref) REFERENCES public.a(y) ON DELETE SET NULL",
				"  constraint b_a FOREIGN KEY (ay, ax) REFERENCES public.a(y, x) MATCH FULL ON UPDATE CASCADE ON DELETE CASCADE",
				"  constraint c_bid_fkey FOREIGN KEY (bid) REFERENCES public.b(id)",
				"  constraint c_parent_fkey FOREIGN KEY (parent) REFERENCES public.c(bid) DEFERRABLE INITIALLY DEFERRED",
				"  constraint c_b_fk FOREIGN KEY (bid) REFERENCES public.b(id) ON DELETE RESTRICT NOT VALID",
				"  constraint c_v FOREIGN KEY (bid) REFERENCES public.b(id)\n",
			},
		},
		{
			name: "primary key and unique constraints USING INDEX",
			sql: `CREATE TABLE t (a int NOT NULL, b int, c text);
CREATE UNIQUE INDEX CONCURRENTLY t_a_idx ON t (a);
CREATE UNIQUE INDEX t_bc ON t (b, c);
ALTER INDEX t_bc RENAME TO t_bc_idx;
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_a_idx;
ALTER TABLE t ADD UNIQUE USING INDEX t_bc_idx;
CREATE UNIQUE INDEX t_expr ON t (lower(c));
ALTER TABLE t ADD CONSTRAINT t_expr UNIQUE USING INDEX t_expr;`,
			want: []string{
				"  constraint t_bc_idx UNIQUE (b, c)",
				"  constraint t_pkey PRIMARY KEY (a)",
			},
			errs: []string{`x.sql:8:1: index "t_expr" contains expressions`},
		},
		{
			name: "foreign key errors",
			sql: `CREATE TABLE a (x int);
CREATE TABLE b (x int REFERENCES a);
ALTER TABLE b ADD CONSTRAINT f FOREIGN KEY (x) REFERENCES missing (x);
ALTER TABLE b ADD CONSTRAINT g FOREIGN KEY (nope) REFERENCES a (x);`,
			errs: []string{
				`x.sql:2:1: there is no primary key for referenced table "a"`,
				`x.sql:3:1: relation "missing" does not exist`,
				`x.sql:4:1: column "nope" referenced in foreign key constraint does not exist`,
			},
		},
		{
			name: "sequences: serial, identity, OWNED BY, nextval defaults",
			sql: `CREATE TABLE t (id bigserial PRIMARY KEY, n serial, g int GENERATED BY DEFAULT AS IDENTITY, x bigint);
CREATE SEQUENCE s AS integer;
ALTER SEQUENCE s OWNED BY t.x;
ALTER TABLE ONLY t ALTER COLUMN x SET DEFAULT nextval('s'::regclass);
CREATE SEQUENCE u OWNED BY t.id;
CREATE TABLE v (id bigint DEFAULT nextval('public.u'));
ALTER SEQUENCE u OWNED BY NONE;`,
			want: []string{
				"  column id bigint not null default nextval(public.t_id_seq)",
				"  column n integer not null default nextval(public.t_n_seq)",
				"  column g integer not null generated by default as identity",
				"  column x bigint default nextval(public.s)",
				"sequence public.t_id_seq bigint owned by public.t.id",
				"sequence public.t_n_seq integer owned by public.t.n",
				"sequence public.t_g_seq integer owned by public.t.g identity",
				"sequence public.s integer owned by public.t.x",
				"sequence public.u bigint\n",
				"table public.v\n  column id bigint default nextval(public.u)",
			},
		},
		{
			name: "identity columns as pg_dump writes them",
			sql: `CREATE TABLE public.t (id bigint NOT NULL, n integer NOT NULL);
ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.t_ident
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
ALTER TABLE t ALTER COLUMN n ADD GENERATED BY DEFAULT AS IDENTITY;
ALTER TABLE t ALTER COLUMN n DROP IDENTITY;`,
			want: []string{
				"  column id bigint not null generated always as identity",
				"  column n integer not null\n",
				"sequence public.t_ident bigint owned by public.t.id identity",
			},
			absent: []string{"t_n_seq"},
		},
		{
			name: "views and materialized views",
			sql: `CREATE TABLE p (sku text PRIMARY KEY, name text, price numeric);
CREATE TABLE s (sku text, qty int);
CREATE VIEW v AS SELECT p.sku, p.name AS label, s.qty FROM p JOIN s ON s.sku = p.sku;
CREATE VIEW w (a, b) AS SELECT sku, name FROM p;
CREATE OR REPLACE VIEW w (a, b) AS SELECT sku, price FROM p;
CREATE MATERIALIZED VIEW m AS SELECT * FROM s;
CREATE VIEW v AS SELECT 1;`,
			want: []string{
				"view public.v (sku, label, qty) reads public.p, public.s",
				"view public.w (a, b) reads public.p",
				"materialized view public.m (sku, qty) reads public.s",
			},
			errs: []string{`x.sql:7:1: relation "v" already exists`},
		},
		{
			name: "functions: languages, signatures, overloads, replace",
			sql: `CREATE TABLE t (a int);
CREATE FUNCTION f(x integer, y text DEFAULT 'a') RETURNS integer LANGUAGE sql AS $$ SELECT a FROM t $$;
CREATE FUNCTION f(x bigint) RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION g(OUT lo int, OUT hi int) LANGUAGE sql AS $$ SELECT min(a), max(a) FROM t $$;
CREATE FUNCTION h(VARIADIC xs text[]) RETURNS TABLE(k text, v int) LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 'a', a FROM t; END $$;
CREATE OR REPLACE FUNCTION f(x bigint) RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;
CREATE FUNCTION f(x bigint) RETURNS integer LANGUAGE sql AS $$ SELECT 3 $$;
CREATE PROCEDURE p(n int) LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (n); END;
CREATE FUNCTION c() RETURNS int LANGUAGE c AS 'lib', 'sym';`,
			want: []string{
				"function public.f(integer, text) returns integer language sql",
				"function public.f(bigint) returns integer language sql",
				"function public.g() returns record language sql",
				"function public.h(text[]) returns TABLE(k text, v integer) language plpgsql",
				"procedure public.p(integer) language sql",
				"function public.c() returns integer language c",
			},
			errs: []string{`x.sql:7:1: function f(bigint) already exists with same argument types`},
		},
		{
			name: "triggers",
			sql: `CREATE TABLE t (a int, b int);
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t1 BEFORE INSERT OR UPDATE OF a, b ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION tf();
CREATE TRIGGER t0 AFTER DELETE OR TRUNCATE ON t FOR EACH STATEMENT EXECUTE PROCEDURE tf('x', 'y');
CREATE TRIGGER t1 AFTER INSERT ON t EXECUTE FUNCTION tf();
CREATE OR REPLACE TRIGGER t1 AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
CREATE TRIGGER t2 AFTER INSERT ON t EXECUTE FUNCTION nope();
CREATE TRIGGER t3 AFTER INSERT ON nope EXECUTE FUNCTION tf();`,
			want: []string{
				"  trigger t0 AFTER DELETE OR TRUNCATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION public.tf('x', 'y')\n  trigger t1 AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.tf()",
			},
			errs: []string{
				`x.sql:5:1: trigger "t1" for relation "t" already exists`,
				`x.sql:7:1: function nope() does not exist`,
				`x.sql:8:1: relation "nope" does not exist`,
			},
		},
		{
			name: "alter table: columns",
			sql: `CREATE TABLE t (a int, b int, c int);
ALTER TABLE t ADD COLUMN d text NOT NULL DEFAULT '', DROP COLUMN b, ALTER COLUMN c TYPE bigint;
ALTER TABLE t RENAME COLUMN a TO aa;
ALTER TABLE t ALTER COLUMN aa SET NOT NULL, ALTER COLUMN c SET DEFAULT 7;
ALTER TABLE t ALTER COLUMN c DROP DEFAULT;
ALTER TABLE t ADD COLUMN IF NOT EXISTS d text;
ALTER TABLE t ADD COLUMN d text;
ALTER TABLE t DROP COLUMN IF EXISTS zz;
ALTER TABLE t DROP COLUMN zz;`,
			want:   []string{"table public.t\n  column aa integer not null\n  column c bigint\n  column d text not null default\n"},
			absent: []string{"column b "},
			errs: []string{
				`x.sql:7:1: column "d" of relation "t" already exists`,
				`x.sql:9:1: column "zz" of relation "t" does not exist`,
			},
		},
		{
			name: "alter table: constraints",
			sql: `CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int, n int CONSTRAINT n_positive CHECK (n > 0));
ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (pid) REFERENCES p;
ALTER TABLE c RENAME CONSTRAINT c_p TO c_pid_fkey;
ALTER TABLE c DROP CONSTRAINT n_positive;
ALTER TABLE c DROP CONSTRAINT IF EXISTS nope;
ALTER TABLE c DROP CONSTRAINT nope;
ALTER TABLE p DROP CONSTRAINT p_pkey;
ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;`,
			want:   []string{"table public.c\n  column pid integer\n  column n integer\ntable public.p\n"},
			absent: []string{"constraint"},
			errs: []string{
				`x.sql:7:1: constraint "nope" of relation "c" does not exist`,
				`x.sql:8:1: cannot drop constraint p_pkey on table p because other objects depend on it`,
			},
		},
		{
			name: "rename and set schema follow references",
			sql: `CREATE SCHEMA other;
CREATE TABLE p (id bigserial PRIMARY KEY);
CREATE TABLE c (pid bigint REFERENCES p);
CREATE VIEW v AS SELECT id FROM p;
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION tf();
ALTER TABLE p RENAME TO products;
ALTER TABLE products RENAME COLUMN id TO sku_id;
ALTER TABLE products SET SCHEMA other;
ALTER TRIGGER trg ON other.products RENAME TO trg2;
ALTER VIEW v RENAME TO vv;
ALTER FUNCTION tf() RENAME TO tf2;`,
			want: []string{
				"table other.products\n  column sku_id bigint not null default nextval(other.p_id_seq)\n  constraint p_pkey PRIMARY KEY (sku_id)\n  trigger trg2 AFTER INSERT ON other.products FOR EACH ROW EXECUTE FUNCTION public.tf2()",
				"  constraint c_pid_fkey FOREIGN KEY (pid) REFERENCES other.products(sku_id)",
				"sequence other.p_id_seq bigint owned by other.products.sku_id",
				"view public.vv (id) reads other.products",
			},
		},
		{
			name: "drops: restrict, cascade, if exists",
			sql: `CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (pid int REFERENCES p);
CREATE VIEW v AS SELECT id FROM p;
CREATE VIEW vv AS SELECT id FROM v;
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg AFTER INSERT ON c FOR EACH ROW EXECUTE FUNCTION tf();
CREATE SEQUENCE s;
CREATE TABLE u (id int DEFAULT nextval('s'));
DROP TABLE p;
DROP VIEW v;
DROP FUNCTION tf();
DROP SEQUENCE s;
DROP TABLE p CASCADE;
DROP FUNCTION tf CASCADE;
DROP SEQUENCE s CASCADE;
DROP TABLE IF EXISTS nope, alsonope;
DROP VIEW IF EXISTS nope;
DROP TABLE nope;
DROP TRIGGER IF EXISTS nope ON c;
DROP MATERIALIZED VIEW IF EXISTS m;`,
			want:   []string{"table public.c\n  column pid integer\ntable public.u\n  column id integer\n"},
			absent: []string{"view ", "function ", "  trigger ", "sequence ", "table public.p"},
			errs: []string{
				`x.sql:9:1: cannot drop table p because other objects depend on it`,
				`x.sql:10:1: cannot drop view v because other objects depend on it`,
				`x.sql:11:1: cannot drop function tf() because other objects depend on it`,
				`x.sql:12:1: cannot drop sequence s because other objects depend on it`,
				`x.sql:18:1: table "nope" does not exist`,
			},
		},
		{
			name: "drop trigger, drop view, drop materialized view",
			sql: `CREATE TABLE t (a int);
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
CREATE VIEW v AS SELECT a FROM t;
CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
DROP TRIGGER trg ON t;
DROP VIEW v;
DROP MATERIALIZED VIEW m;
DROP VIEW t;
DROP TRIGGER trg ON t;`,
			absent: []string{"  trigger ", "view "},
			errs: []string{
				`x.sql:9:1: "t" is not a view`,
				`x.sql:10:1: trigger "trg" for table "t" does not exist`,
			},
		},
		{
			name: "drop schema cascade",
			sql: `CREATE SCHEMA s;
CREATE TABLE s.t (a int);
DROP SCHEMA s;
DROP SCHEMA s CASCADE;`,
			absent: []string{"schema s", "table s.t"},
			errs:   []string{`x.sql:3:1: cannot drop schema s because other objects depend on it`},
		},
		{
			name: "search_path: SET, set_config, creation and lookup",
			sql: `CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TABLE t (a int);
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.u (b int REFERENCES app.t (a));
CREATE TABLE v (c int);
SET search_path = "$user", public;
CREATE TABLE w (d int);`,
			want: []string{"table app.t", "table public.u", "table public.w"},
			errs: []string{`x.sql:6:1: no schema has been selected to create in`},
		},
		{
			name: "statements outside the model are ignored",
			sql: `CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE t (a int, m mood);
CREATE INDEX t_a ON t (a);
CREATE UNIQUE INDEX CONCURRENTLY t_a2 ON t (a);
COMMENT ON TABLE t IS 'x';
GRANT SELECT ON t TO public;
ALTER TABLE t OWNER TO postgres;
ALTER INDEX t_a RENAME TO t_b;
INSERT INTO t VALUES (1);
ALTER TABLE t ENABLE ALWAYS TRIGGER x;
BEGIN; COMMIT;
DO $$ BEGIN EXECUTE 'CREATE TABLE z (a int)'; END $$;`,
			want: []string{"  column m mood"},
		},
		{
			name: "syntax errors cost their own statement only",
			sql: `CREATE TABLE a (x int);
CREATE TABLE bad (;
CREATE TABLE b (x int);
SELEC 1;
CREATE TABLE c (x int);`,
			want: []string{"table public.a", "table public.b", "table public.c"},
			errs: []string{
				`x.sql:2:19: syntax error at or near ";"`,
				`x.sql:4:1: syntax error at or near "SELEC"`,
			},
		},
		{
			name: "an unterminated string runs to the end of the file",
			sql: `CREATE TABLE a (x int);
CREATE TABLE b (x text DEFAULT 'oops);
CREATE TABLE c (x int);`,
			want:   []string{"table public.a"},
			absent: []string{"table public.b", "table public.c"},
			errs:   []string{`x.sql:2:32: unterminated quoted string at or near "'oops);..."`},
		},
		{
			name:   "alter of a missing table",
			sql:    "\n\n   ALTER TABLE nope ADD COLUMN x int;\nALTER TABLE IF EXISTS nope ADD COLUMN x int;",
			absent: []string{"table "},
			errs:   []string{`x.sql:3:4: relation "nope" does not exist`},
		},
		{
			name: "like and create table as",
			sql: `CREATE TABLE a (x int NOT NULL, y text);
CREATE TABLE b (LIKE a INCLUDING ALL, z int);
CREATE TABLE c AS SELECT x, y AS why FROM a;`,
			want: []string{"table public.b\n  column x integer not null\n  column y text\n  column z integer", "table public.c\n  column x \n  column why \n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, errs := build(t, tt.sql)
			dump := c.Dump()
			for _, w := range tt.want {
				if !strings.Contains(dump, w) {
					t.Errorf("dump lacks %q", w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(dump, a) {
					t.Errorf("dump has %q", a)
				}
			}
			if !slices.Equal(errs, tt.errs) {
				t.Errorf("errors:\n got %q\nwant %q", errs, tt.errs)
			}
			if t.Failed() {
				t.Logf("dump:\n%s", dump)
			}
		})
	}
}
