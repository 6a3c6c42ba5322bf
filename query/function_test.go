package query

import (
	"errors"
	"strings"
	"testing"
)

type functionCase struct {
	name    string
	sql     string
	want    []string // rendered statements
	texts   []string // where each statement's Offset must point (a prefix of the text there)
	dynamic bool
	cat     bool
}

var functionCases = []functionCase{
	{
		name: "plpgsql trigger",
		sql: `CREATE OR REPLACE FUNCTION log_price_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sale_price IS DISTINCT FROM OLD.sale_price THEN
    INSERT INTO price_history (product_id, price, changed_at)
    VALUES (NEW.id, NEW.sale_price, now());
  END IF;
  RETURN NEW;
END
$$;`,
		want:  []string{`insert price_history:w(changed_at:w,price:w,product_id:w)`},
		texts: []string{"INSERT INTO price_history"},
	},
	{
		name: "plpgsql statements and expressions",
		sql: `CREATE FUNCTION reprice(p_category text, factor numeric) RETURNS SETOF products
LANGUAGE plpgsql AS $body$
DECLARE
  v_max numeric := (SELECT max(sale_price) FROM products);
  r record;
  c CURSOR FOR SELECT sku FROM stock;
BEGIN
  v_max := (SELECT max(price) FROM price_history WHERE product_id = 1);
  SELECT sale_price INTO v_max FROM products WHERE category_name = p_category;
  PERFORM pg_notify('reprice', p_category);
  FOR r IN SELECT id FROM categories WHERE name = p_category LOOP
    UPDATE products SET sale_price = sale_price * factor WHERE id = r.id;
  END LOOP;
  IF EXISTS (SELECT 1 FROM audit_log WHERE what = p_category) THEN
    RAISE NOTICE 'seen %', p_category;
  END IF;
  RETURN QUERY SELECT * FROM products WHERE category_name = p_category;
END
$body$`,
		want: []string{
			`select products:r(sale_price:r)`,
			`select stock:r(sku:r)`,
			`select price_history:r(price:r,product_id:r)`,
			`select products:r(category_name:r,sale_price:r)`,
			`select`,
			`select categories:r(id:r,name:r)`,
			`update products:rw(id:r,sale_price:rw)`,
			`select audit_log:r(what:r)`,
			`select products:r+all(category_name:r)`,
		},
		texts: []string{
			"(SELECT max(sale_price)",
			"SELECT sku FROM stock",
			"v_max := (SELECT max(price)",
			"SELECT sale_price",
			"pg_notify(",
			"SELECT id FROM categories",
			"UPDATE products",
			"EXISTS (SELECT 1 FROM audit_log",
			"SELECT * FROM products",
		},
	},
	{
		name: "plpgsql cursor declaration",
		sql: `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c CURSOR FOR SELECT sku FROM stock;
BEGIN
  OPEN c;
END $$`,
		want:  []string{`select stock:r(sku:r)`},
		texts: []string{"SELECT sku FROM stock"},
	},
	{
		name: "dynamic execute",
		sql: `CREATE FUNCTION purge(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'DELETE FROM ' || quote_ident(tbl);
  DELETE FROM purge_log;
END $$`,
		want:    []string{`delete purge_log:w`},
		texts:   []string{"DELETE FROM purge_log"},
		dynamic: true,
	},
	{
		name: "constant execute",
		sql: `CREATE FUNCTION purge_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'DELETE FROM purge_log WHERE note = ''x''';
  EXECUTE $q$TRUNCATE stock$q$;
END $$`,
		want:  []string{`delete purge_log:rw(note:r)`, `other stock:w`},
		texts: []string{"EXECUTE 'DELETE FROM purge_log", "TRUNCATE stock"},
	},
	{
		name: "return query execute",
		sql: `CREATE FUNCTION q(t text) RETURNS SETOF record LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format('SELECT * FROM %I', t);
END $$`,
		dynamic: true,
	},
	{
		name: "for in execute and open for execute",
		sql: `CREATE FUNCTION g(t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r record;
  c refcursor;
BEGIN
  FOR r IN EXECUTE 'SELECT * FROM ' || t LOOP
    NULL;
  END LOOP;
  OPEN c FOR EXECUTE 'SELECT 1';
END $$`,
		dynamic: true,
	},
	{
		name: "plpgsql variable shadows column name",
		sql: `CREATE FUNCTION f(name text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  SELECT count(*) INTO total FROM products p JOIN categories c ON c.name = p.category_name WHERE sku = name;
  RETURN total;
END $$`,
		want:  []string{`select categories:r(name:r) products:r(category_name:r,sku:r)`},
		texts: []string{"SELECT count(*)"},
		cat:   true,
	},
	{
		name: "sql function with parameters",
		sql: `CREATE FUNCTION active_products(cat text) RETURNS SETOF products LANGUAGE sql STABLE AS $$
  SELECT * FROM products WHERE category_name = cat AND is_active;
  SELECT 1 FROM products WHERE category_name = active_products.cat;
$$`,
		want:  []string{`select products:r+all(category_name:r,is_active:r)`, `select products:r(category_name:r)`},
		texts: []string{"SELECT * FROM products", "SELECT 1 FROM products"},
	},
	{
		name:  "sql function, quoted body",
		sql:   `CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders WHERE status = ''open'' AND total > 0'`,
		want:  []string{`select orders:r(status:r,total:r)`},
		texts: []string{"SELECT count(*) FROM orders"},
	},
	{
		name: "sql function, begin atomic",
		sql: `CREATE FUNCTION close_order(id bigint) RETURNS void LANGUAGE sql
BEGIN ATOMIC
  UPDATE orders SET status = 'closed' WHERE orders.id = close_order.id;
  DELETE FROM carts WHERE order_id = id;
END`,
		want: []string{`update orders:rw(id:r,status:w)`, `delete carts:rw(order_id:r)`},
	},
	{
		name: "sql function, return",
		sql:  `CREATE FUNCTION price_of(p bigint) RETURNS numeric LANGUAGE sql RETURN (SELECT sale_price FROM products WHERE id = p)`,
		want: []string{`select products:r(id:r,sale_price:r)`},
	},
	{
		name: "procedure",
		sql:  `CREATE PROCEDURE archive() LANGUAGE sql AS $$ INSERT INTO archive SELECT * FROM orders $$`,
		want: []string{`insert archive:w+allw orders:r+all`},
	},
	{
		name:    "other language",
		sql:     `CREATE FUNCTION py() RETURNS int LANGUAGE plpython3u AS $$ return plpy.execute("SELECT 1")[0] $$`,
		dynamic: true,
	},
	{
		name: "plpgsql procedure among other statements",
		sql: `SET search_path = public;
CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM carts; COMMIT; END $$;
CREATE FUNCTION other() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM orders; END $$`,
		want:  []string{`delete carts:w`},
		texts: []string{"DELETE FROM carts"},
	},
	{
		name: "c language",
		sql:  `CREATE FUNCTION c_fn() RETURNS int LANGUAGE c AS 'lib', 'c_fn'`,
	},
}

func TestAnalyzeFunction(t *testing.T) {
	for _, tc := range functionCases {
		t.Run(tc.name, func(t *testing.T) {
			var cat Catalog
			if tc.cat {
				cat = catalog
			}
			stmts, dynamic, err := AnalyzeFunction(tc.sql, cat)
			if err != nil {
				t.Fatalf("AnalyzeFunction: %v", err)
			}
			if dynamic != tc.dynamic {
				t.Errorf("dynamic = %v, want %v", dynamic, tc.dynamic)
			}
			var got []string
			for _, s := range stmts {
				r := render(s)
				if tc.cat {
					r = strings.ReplaceAll(r, "public.", "")
				}
				got = append(got, r)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("statements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, want := range tc.texts {
				if i >= len(stmts) {
					break
				}
				if at := tc.sql[stmts[i].Offset:]; !strings.HasPrefix(at, want) {
					t.Errorf("statement %d: Offset %d points at %.30q, want %q", i, stmts[i].Offset, at, want)
				}
			}
		})
	}
}

func TestAnalyzeFunctionErrors(t *testing.T) {
	for _, tc := range []struct{ name, sql string }{
		{"not a function", `SELECT 1`},
		{"syntax error", `CREATE FUNCTION f( RETURNS int`},
		{"plpgsql error", `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT 1; END $$`},
		{"plpgsql without body", `CREATE FUNCTION f()LANGUAGE plpgsql`},
		{"plpgsql with sql-standard body", `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql RETURN 1`},
		{"bad sql body", `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$`},
		{"deep plpgsql blocks", `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ ` + strings.Repeat("BEGIN ", 20000) + strings.Repeat("END; ", 20000) + ` $$`},
		{"deep plpgsql expression", `CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1` + strings.Repeat("+1", 100000) + `; END $$`},
		{"deep sql body", `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1` + strings.Repeat("+1", 100000) + ` $$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := AnalyzeFunction(tc.sql, nil)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v, want *ParseError", err)
			}
			if pe.Offset < 0 || pe.Offset > len(tc.sql) {
				t.Errorf("Offset %d outside the input", pe.Offset)
			}
		})
	}
}

func TestBadSQLBodyOffset(t *testing.T) {
	sql := `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; SELEC 1 $$`
	_, _, err := AnalyzeFunction(sql, nil)
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v", err)
	}
	if !strings.HasPrefix(sql[pe.Offset:], "SELEC 1") {
		t.Errorf("Offset %d points at %q", pe.Offset, sql[pe.Offset:])
	}
}
