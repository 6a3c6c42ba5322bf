package query

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// testCatalog is a Catalog over a fixed set of tables, keyed "schema.name"; an unqualified
// name resolves through the search path public, then audit.
type testCatalog map[string]TableInfo

func (c testCatalog) Table(schema, name string) (TableInfo, bool) {
	if schema != "" {
		t, ok := c[schema+"."+name]
		return t, ok
	}
	for _, s := range []string{"public", "audit"} {
		if t, ok := c[s+"."+name]; ok {
			return t, true
		}
	}
	return TableInfo{}, false
}

func tbl(schema, name string, cols ...string) TableInfo {
	return TableInfo{Schema: schema, Name: name, Columns: cols}
}

var catalog = testCatalog{
	"public.products":      tbl("public", "products", "id", "sku", "name", "category_name", "is_active", "original_price", "sale_price", "is_on_sale"),
	"public.categories":    tbl("public", "categories", "id", "name", "parent_id"),
	"public.price_history": tbl("public", "price_history", "id", "product_id", "price", "changed_at"),
	"public.customers":     tbl("public", "customers", "id", "name", "country"),
	"public.orders":        tbl("public", "orders", "id", "customer_id", "total", "status", "created_at"),
	"audit.events":         tbl("audit", "events", "id", "kind", "payload"),
}

// render writes a statement compactly: the command, then each table as
// schema.name:mode[+all][+allw](column:mode,...), then ?unresolved,... .
func render(st Statement) string {
	var b strings.Builder
	b.WriteString(st.Command)
	for _, t := range st.Tables {
		b.WriteString(" ")
		b.WriteString(t.QualifiedName())
		b.WriteString(":")
		b.WriteString(mode(t.Read, t.Write))
		if t.AllColumns {
			b.WriteString("+all")
		}
		if t.AllColumnsWritten {
			b.WriteString("+allw")
		}
		if len(t.Columns) > 0 {
			b.WriteString("(")
			for i, c := range t.Columns {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(c.Name + ":" + mode(c.Read, c.Write))
			}
			b.WriteString(")")
		}
	}
	if len(st.Unresolved) > 0 {
		b.WriteString(" ?" + strings.Join(st.Unresolved, ","))
	}
	return b.String()
}

func mode(r, w bool) string {
	switch {
	case r && w:
		return "rw"
	case w:
		return "w"
	case r:
		return "r"
	}
	return "-"
}

type resolveCase struct {
	name string
	sql  string
	want string
	cat  bool // resolve against catalog
}

var resolveCases = []resolveCase{
	// Names, aliases, schemas, quoting.
	{name: "simple", sql: `SELECT name FROM products WHERE id = 1`,
		want: `select products:r(id:r,name:r)`},
	{name: "alias", sql: `SELECT p.name FROM products p WHERE p.is_active`,
		want: `select products:r(is_active:r,name:r)`},
	{name: "schema qualified", sql: `SELECT p.name FROM shop.products AS p`,
		want: `select shop.products:r(name:r)`},
	{name: "quoted identifiers keep case", sql: `SELECT "P"."Name", p2.id FROM "Public"."Products" AS "P", "Public".products p2`,
		want: `select Public.Products:r(Name:r) Public.products:r(id:r)`},
	{name: "unquoted folds to lower case", sql: `SELECT Name FROM PRODUCTS`,
		want: `select products:r(name:r)`},
	{name: "table.column without alias", sql: `SELECT products.name FROM public.products`,
		want: `select public.products:r(name:r)`},
	{name: "schema.table.column", sql: `SELECT public.products.name FROM public.products`,
		want: `select public.products:r(name:r)`},
	{name: "catalog fills schema", sql: `SELECT name FROM products`, cat: true,
		want: `select public.products:r(name:r)`},
	{name: "catalog search path", sql: `SELECT kind FROM events`, cat: true,
		want: `select audit.events:r(kind:r)`},
	{name: "count star reads no column", sql: `SELECT count(*) FROM products`,
		want: `select products:r`},
	{name: "self join", sql: `SELECT c.name, p.name FROM categories c LEFT JOIN categories p ON p.id = c.parent_id`,
		want: `select categories:r(id:r,name:r,parent_id:r)`},

	// Stars and whole rows.
	{name: "star without catalog", sql: `SELECT * FROM products`,
		want: `select products:r+all`},
	{name: "star with catalog", sql: `SELECT * FROM products`, cat: true,
		want: `select public.products:r+all(category_name:r,id:r,is_active:r,is_on_sale:r,name:r,original_price:r,sale_price:r,sku:r)`},
	{name: "table star", sql: `SELECT o.*, c.name FROM orders o JOIN customers c ON c.id = o.customer_id`,
		want: `select customers:r(id:r,name:r) orders:r+all(customer_id:r)`},
	{name: "star over join", sql: `SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id`,
		want: `select customers:r+all(id:r) orders:r+all(customer_id:r)`},
	{name: "whole-row reference", sql: `SELECT row_to_json(p) FROM products p`,
		want: `select products:r+all`},
	{name: "star in subquery is read lazily", sql: `SELECT s.sku FROM (SELECT * FROM products) s`,
		want: `select products:r(sku:r)`},
	{name: "star in subquery read whole", sql: `SELECT * FROM (SELECT * FROM products WHERE is_active) s`,
		want: `select products:r+all(is_active:r)`},
	{name: "exists ignores select list", sql: `SELECT id FROM orders o WHERE EXISTS (SELECT * FROM payments p WHERE p.order_id = o.id)`,
		want: `select orders:r(id:r) payments:r(order_id:r)`},

	// Unqualified columns.
	{name: "two tables without catalog", sql: `SELECT name, total FROM customers c JOIN orders o ON o.customer_id = c.id`,
		want: `select customers:r(id:r) orders:r(customer_id:r) ?name,total`},
	{name: "two tables with catalog", sql: `SELECT name, total FROM customers c JOIN orders o ON o.customer_id = c.id`, cat: true,
		want: `select public.customers:r(id:r,name:r) public.orders:r(customer_id:r,total:r)`},
	{name: "ambiguous with catalog", sql: `SELECT id FROM customers, orders`, cat: true,
		want: `select public.customers:r public.orders:r ?id`},
	{name: "catalog table beside unknown table", sql: `SELECT total, weight FROM orders, parcels`, cat: true,
		want: `select parcels:r(weight:r) public.orders:r(total:r)`},
	{name: "order by output alias", sql: `SELECT sale_price * 2 AS doubled FROM products ORDER BY doubled DESC, name`,
		want: `select products:r(name:r,sale_price:r)`},
	{name: "group by output alias", sql: `SELECT lower(name) AS n, count(*) FROM products GROUP BY n HAVING count(*) > 1`,
		want: `select products:r(name:r)`},
	{name: "group by input column beats alias", sql: `SELECT upper(name) AS name FROM products GROUP BY name`, cat: true,
		want: `select public.products:r(name:r)`},
	{name: "group by rollup", sql: `SELECT category_name, is_active, count(*) FROM products GROUP BY ROLLUP (category_name, is_active)`,
		want: `select products:r(category_name:r,is_active:r)`},
	{name: "window", sql: `SELECT sku, rank() OVER (PARTITION BY category_name ORDER BY sale_price DESC) FROM products`,
		want: `select products:r(category_name:r,sale_price:r,sku:r)`},
	{name: "named window", sql: `SELECT sum(total) OVER w FROM orders WINDOW w AS (PARTITION BY customer_id ORDER BY created_at)`,
		want: `select orders:r(created_at:r,customer_id:r,total:r)`},
	{name: "join using", sql: `SELECT id, name FROM a JOIN b USING (id)`,
		want: `select a:r(id:r) b:r(id:r) ?name`},
	{name: "aliased join", sql: `SELECT j.id, x FROM (orders o JOIN customers c USING (id)) AS j`,
		want: `select customers:r(id:r) orders:r(id:r) ?x`},
	{name: "aliased join with catalog", sql: `SELECT j.total, country FROM (orders o JOIN customers c ON c.id = o.customer_id) AS j`, cat: true,
		want: `select public.customers:r(country:r,id:r) public.orders:r(customer_id:r,total:r)`},
	{name: "natural join with catalog", sql: `SELECT total FROM orders NATURAL JOIN customers`, cat: true,
		want: `select public.customers:r(id:r) public.orders:r(id:r,total:r)`},
	{name: "unknown qualifier", sql: `SELECT x.a FROM t`,
		want: `select t:r ?x.a`},
	{name: "column aliases on a table", sql: `SELECT a, b FROM categories AS c(a, b)`, cat: true,
		want: `select public.categories:r(id:r,name:r)`},
	{name: "expressions", sql: `SELECT CASE WHEN is_on_sale THEN sale_price ELSE original_price END, coalesce(name, sku)::text, sku IS NULL, ARRAY[id] FROM products WHERE name LIKE 'a%' AND NOT is_active OR id BETWEEN 1 AND 2`,
		want: `select products:r(id:r,is_active:r,is_on_sale:r,name:r,original_price:r,sale_price:r,sku:r)`},
	{name: "aggregate filter and order", sql: `SELECT string_agg(name, ',' ORDER BY sku) FILTER (WHERE is_active) FROM products`,
		want: `select products:r(is_active:r,name:r,sku:r)`},
	{name: "sql/json constructor", sql: `SELECT JSON_OBJECT('sku': sku, 'name': name) FROM products`,
		want: `select products:r(name:r,sku:r)`},

	// CTEs.
	{name: "cte shadows table", sql: `WITH products AS (SELECT id, name FROM items) SELECT * FROM products`,
		want: `select items:r(id:r,name:r)`},
	{name: "cte shadows table, star", sql: `WITH products AS (SELECT * FROM items) SELECT p.name FROM products p`,
		want: `select items:r(name:r)`},
	{name: "later sibling cte is a table", sql: `WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a, b`,
		want: `select b:r+all`},
	{name: "cte body does not see itself", sql: `WITH products AS (SELECT * FROM products WHERE is_active) SELECT name FROM products`,
		want: `select products:r(is_active:r,name:r)`},
	{name: "earlier sibling cte", sql: `WITH a AS (SELECT id FROM orders), b AS (SELECT id FROM a) SELECT id FROM b`,
		want: `select orders:r(id:r)`},
	{name: "cte not visible outside its query", sql: `SELECT * FROM (WITH t AS (SELECT 1 AS x) SELECT x FROM t) s, t`,
		want: `select t:r+all`},
	{name: "recursive cte", sql: `WITH RECURSIVE tree AS (SELECT id, parent_id FROM categories WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT * FROM tree`,
		want: `select categories:r(id:r,parent_id:r)`},
	{name: "recursive cte with column list", sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT i FROM n`,
		want: `select`},
	{name: "data-modifying cte", sql: `WITH moved AS (DELETE FROM products WHERE is_active = false RETURNING *) INSERT INTO archived_products SELECT * FROM moved`,
		want: `insert archived_products:w+allw products:rw+all(is_active:r)`},
	{name: "data-modifying cte, one column", sql: `WITH up AS (UPDATE orders SET status = 'paid' WHERE id = $1 RETURNING *) SELECT up.total FROM up`,
		want: `select orders:rw(id:r,status:w,total:r)`},
	{name: "cte column aliases", sql: `WITH s(a) AS (SELECT name FROM products) SELECT a FROM s`,
		want: `select products:r(name:r)`},

	// Subqueries.
	{name: "subquery in from", sql: `SELECT x FROM (SELECT name AS x FROM products) s`,
		want: `select products:r(name:r)`},
	{name: "subquery in where", sql: `SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'DE')`,
		want: `select customers:r(country:r,id:r) orders:r(customer_id:r,id:r)`},
	{name: "scalar subquery in select list", sql: `SELECT o.id, (SELECT name FROM customers c WHERE c.id = o.customer_id) FROM orders o`,
		want: `select customers:r(id:r,name:r) orders:r(customer_id:r,id:r)`},
	{name: "subquery in having", sql: `SELECT category_name FROM products GROUP BY category_name HAVING count(*) > (SELECT avg(n) FROM stats)`,
		want: `select products:r(category_name:r) stats:r(n:r)`},
	{name: "correlated subquery, qualified", sql: `SELECT id FROM orders o WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND amount > 0)`,
		want: `select orders:r(id:r) payments:r(amount:r,order_id:r)`},
	{name: "correlated subquery, unqualified outer", sql: `SELECT name FROM products WHERE EXISTS (SELECT 1 FROM price_history WHERE product_id = id AND price > sale_price)`, cat: true,
		want: `select public.price_history:r(id:r,price:r,product_id:r) public.products:r(name:r,sale_price:r)`},
	{name: "any subquery", sql: `SELECT name FROM products WHERE id = ANY (SELECT product_id FROM price_history)`,
		want: `select price_history:r(product_id:r) products:r(id:r,name:r)`},
	{name: "lateral subquery", sql: `SELECT c.name, o.total FROM customers c, LATERAL (SELECT total FROM orders WHERE orders.customer_id = c.id ORDER BY created_at DESC LIMIT 1) o`,
		want: `select customers:r(id:r,name:r) orders:r(created_at:r,customer_id:r,total:r)`},
	{name: "lateral join", sql: `SELECT * FROM customers c JOIN LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id) x ON true`,
		want: `select customers:r+all(id:r) orders:r+all(customer_id:r)`},
	{name: "subquery with column aliases", sql: `SELECT a FROM (SELECT name, sku FROM products) s(a, b)`,
		want: `select products:r(name:r,sku:r)`},

	// Set operations.
	{name: "union except", sql: `SELECT id FROM products UNION SELECT product_id FROM price_history EXCEPT SELECT product_id FROM discontinued ORDER BY id`,
		want: `select discontinued:r(product_id:r) price_history:r(product_id:r) products:r(id:r)`},
	{name: "intersect in subquery", sql: `SELECT s.id FROM (SELECT id FROM a INTERSECT SELECT * FROM b) s`,
		want: `select a:r(id:r) b:r+all`},
	{name: "union of stars read by name", sql: `SELECT u.sku FROM (SELECT * FROM products UNION ALL SELECT * FROM old_products) u`,
		want: `select old_products:r+all products:r(sku:r)`},

	// Table functions and VALUES.
	{name: "generate_series is not a table", sql: `SELECT g FROM generate_series(1, 10) g`,
		want: `select`},
	{name: "unnest with column alias", sql: `SELECT p.name FROM products p, unnest(p.tags) AS t(tag) WHERE tag = 'x'`,
		want: `select products:r(name:r,tags:r)`},
	{name: "values is not a table", sql: `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)`,
		want: `select`},
	{name: "values statement", sql: `VALUES (1), (2)`,
		want: `select`},
	{name: "values joined to table", sql: `SELECT p.name FROM products p JOIN (VALUES ('a'), ('b')) v(sku) ON v.sku = p.sku`,
		want: `select products:r(name:r,sku:r)`},
	{name: "jsonb_each columns", sql: `SELECT key, value, p.name FROM products p, jsonb_each(p.attrs)`,
		want: `select products:r(attrs:r,name:r)`},
	{name: "unknown set-returning function", sql: `SELECT name, f.x FROM products p, my_rows(p.id) f`,
		want: `select products:r(id:r) ?name`},
	{name: "unknown set-returning function, catalog", sql: `SELECT name, f.x FROM products p, my_rows(p.id) f`, cat: true,
		want: `select public.products:r(id:r,name:r)`},
	{name: "rows from", sql: `SELECT a, b FROM ROWS FROM (generate_series(1, 2), unnest('{x}'::text[])) AS t(a, b)`,
		want: `select`},
	{name: "with ordinality", sql: `SELECT e, ordinality, name FROM products, unnest(tags) WITH ORDINALITY e`,
		want: `select products:r(name:r,tags:r)`},
	{name: "json_to_recordset", sql: `SELECT x.a, p.name FROM products p, json_to_recordset(p.payload) AS x(a int, b text)`,
		want: `select products:r(name:r,payload:r)`},

	// INSERT.
	{name: "insert values returning", sql: `INSERT INTO orders (customer_id, total) VALUES ($1, $2) RETURNING id`,
		want: `insert orders:rw(customer_id:w,id:r,total:w)`},
	{name: "insert without column list", sql: `INSERT INTO orders VALUES (1, 2)`,
		want: `insert orders:w+allw`},
	{name: "insert without column list, catalog", sql: `INSERT INTO categories VALUES (1, 'a', NULL)`, cat: true,
		want: `insert public.categories:w+allw(id:w,name:w,parent_id:w)`},
	{name: "insert select", sql: `INSERT INTO price_history (product_id, price) SELECT id, sale_price FROM products WHERE is_on_sale`,
		want: `insert price_history:w(price:w,product_id:w) products:r(id:r,is_on_sale:r,sale_price:r)`},
	{name: "insert select star", sql: `INSERT INTO archive SELECT * FROM orders WHERE created_at < now() - interval '1 year'`,
		want: `insert archive:w+allw orders:r+all(created_at:r)`},
	{name: "insert default values", sql: `INSERT INTO counters DEFAULT VALUES RETURNING *`,
		want: `insert counters:rw+all`},
	{name: "insert with cte", sql: `WITH src AS (SELECT id FROM staging) INSERT INTO t (id) SELECT id FROM src`,
		want: `insert staging:r(id:r) t:w(id:w)`},
	{name: "on conflict do update", sql: `INSERT INTO inventory AS i (sku, qty) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET qty = i.qty + EXCLUDED.qty WHERE i.locked = false`,
		want: `insert inventory:rw(locked:r,qty:rw,sku:rw)`},
	{name: "on conflict do nothing", sql: `INSERT INTO tags (name) VALUES ('a') ON CONFLICT DO NOTHING`,
		want: `insert tags:w(name:w)`},
	{name: "on conflict on constraint", sql: `INSERT INTO tags (name) VALUES ('a') ON CONFLICT ON CONSTRAINT tags_pkey DO UPDATE SET name = excluded.name`,
		want: `insert tags:w(name:w)`},

	// UPDATE.
	{name: "update", sql: `UPDATE products SET sale_price = sale_price * 0.9, is_on_sale = true WHERE sku = $1`,
		want: `update products:rw(is_on_sale:w,sale_price:rw,sku:r)`},
	{name: "update from", sql: `UPDATE products p SET sale_price = d.price FROM discounts d WHERE d.sku = p.sku AND d.active`,
		want: `update discounts:r(active:r,price:r,sku:r) products:rw(sale_price:w,sku:r)`},
	{name: "update multi-column set", sql: `UPDATE products SET (sale_price, is_on_sale) = (SELECT price, true FROM discounts WHERE discounts.sku = products.sku)`,
		want: `update discounts:r(price:r,sku:r) products:rw(is_on_sale:w,sale_price:w,sku:r)`},
	{name: "update multi-column row", sql: `UPDATE products SET (sale_price, is_on_sale) = ROW(original_price, false)`,
		want: `update products:rw(is_on_sale:w,original_price:r,sale_price:w)`},
	{name: "update returning", sql: `UPDATE orders SET status = 'paid' WHERE id = $1 RETURNING id, total`,
		want: `update orders:rw(id:r,status:w,total:r)`},
	{name: "update subquery in set", sql: `UPDATE products SET sale_price = (SELECT min(price) FROM price_history WHERE price_history.product_id = products.id)`,
		want: `update price_history:r(price:r,product_id:r) products:rw(id:r,sale_price:w)`},
	{name: "update where current of", sql: `UPDATE orders SET status = 'x' WHERE CURRENT OF c`,
		want: `update orders:w(status:w)`},

	// DELETE.
	{name: "delete", sql: `DELETE FROM orders`,
		want: `delete orders:w`},
	{name: "delete using", sql: `DELETE FROM order_items oi USING orders o WHERE oi.order_id = o.id AND o.status = 'cancelled'`,
		want: `delete order_items:rw(order_id:r) orders:r(id:r,status:r)`},
	{name: "delete returning star", sql: `DELETE FROM sessions WHERE expires_at < now() RETURNING *`,
		want: `delete sessions:rw+all(expires_at:r)`},

	// MERGE.
	{name: "merge", sql: `MERGE INTO inventory i USING deliveries d ON i.sku = d.sku WHEN MATCHED THEN UPDATE SET qty = i.qty + d.qty WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (d.sku, d.qty)`,
		want: `merge deliveries:r(qty:r,sku:r) inventory:rw(qty:rw,sku:rw)`},
	{name: "merge delete", sql: `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.gone THEN DELETE WHEN NOT MATCHED BY SOURCE THEN DO NOTHING`,
		want: `merge s:r(gone:r,id:r) t:rw(id:r)`},
	{name: "merge from subquery", sql: `MERGE INTO t USING (SELECT id FROM u) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id)`,
		want: `merge t:rw+allw(id:r) u:r(id:r)`},

	// COPY, locking, TRUNCATE, CREATE ... AS, DDL.
	{name: "copy from", sql: `COPY products (sku, name) FROM STDIN`,
		want: `copy products:w(name:w,sku:w)`},
	{name: "copy from all", sql: `COPY products FROM '/tmp/p.csv' WITH (FORMAT csv)`,
		want: `copy products:w+allw`},
	{name: "copy to", sql: `COPY products TO STDOUT`,
		want: `copy products:r+all`},
	{name: "copy query to", sql: `COPY (SELECT sku FROM products WHERE is_active) TO STDOUT`,
		want: `copy products:r(is_active:r,sku:r)`},
	{name: "select for update", sql: `SELECT qty FROM inventory WHERE sku = $1 FOR UPDATE SKIP LOCKED`,
		want: `select inventory:r(qty:r,sku:r)`},
	{name: "truncate", sql: `TRUNCATE orders, order_items RESTART IDENTITY`,
		want: `other order_items:w orders:w`},
	{name: "create table as", sql: `CREATE TABLE report AS SELECT sku, sum(qty) FROM sales GROUP BY sku`,
		want: `ddl sales:r(qty:r,sku:r)`},
	{name: "select into", sql: `SELECT sku INTO report FROM sales`,
		want: `ddl sales:r(sku:r)`},
	{name: "create materialized view", sql: `CREATE MATERIALIZED VIEW mv AS SELECT name FROM products`,
		want: `ddl products:r(name:r)`},
	{name: "create view", sql: `CREATE VIEW v AS SELECT p.name, c.name AS category FROM products p JOIN categories c ON c.name = p.category_name`,
		want: `ddl categories:r(name:r) products:r(category_name:r,name:r)`},
	{name: "create table", sql: `CREATE TABLE t (id bigint PRIMARY KEY, product_id bigint REFERENCES products (id))`,
		want: `ddl`},
	{name: "alter table", sql: `ALTER TABLE products ADD COLUMN weight numeric DEFAULT 0`,
		want: `ddl`},
	{name: "create index", sql: `CREATE INDEX CONCURRENTLY idx ON products (lower(name)) WHERE is_active`,
		want: `ddl`},
	{name: "create trigger", sql: `CREATE TRIGGER t AFTER UPDATE ON products FOR EACH ROW EXECUTE FUNCTION log_price()`,
		want: `ddl`},
	{name: "transaction", sql: `BEGIN`,
		want: `other`},
	{name: "set", sql: `SET search_path TO public`,
		want: `other`},
	{name: "explain", sql: `EXPLAIN SELECT name FROM products`,
		want: `other products:r(name:r)`},
	{name: "prepare", sql: `PREPARE q (int) AS SELECT name FROM products WHERE id = $1`,
		want: `select products:r(id:r,name:r)`},
	{name: "refresh", sql: `REFRESH MATERIALIZED VIEW CONCURRENTLY mv`,
		want: `other mv:w`},
	{name: "call", sql: `CALL reprice((SELECT max(id) FROM products))`,
		want: `other products:r(id:r)`},
	{name: "rule pseudo-relations", sql: `SELECT new.id, old.id`,
		want: `select`},
}

func TestAnalyzeResolution(t *testing.T) {
	for _, tc := range resolveCases {
		t.Run(tc.name, func(t *testing.T) {
			var cat Catalog
			if tc.cat {
				cat = catalog
			}
			stmts, err := Analyze(tc.sql, cat)
			if err != nil {
				t.Fatalf("Analyze(%q): %v", tc.sql, err)
			}
			if len(stmts) != 1 {
				t.Fatalf("Analyze(%q): %d statements, want 1", tc.sql, len(stmts))
			}
			if got := render(stmts[0]); got != tc.want {
				t.Errorf("Analyze(%q)\n got %s\nwant %s", tc.sql, got, tc.want)
			}
		})
	}
}

func TestParams(t *testing.T) {
	for _, tc := range []struct {
		name, sql, want string
	}{
		{"dollar", `SELECT name FROM products WHERE id = $1`, `select products:r(id:r,name:r)`},
		{"question", `SELECT name FROM products WHERE id = ? AND sku IN (?, ?) LIMIT ? OFFSET ?`, `select products:r(id:r,name:r,sku:r)`},
		{"question without spaces", `SELECT name FROM products WHERE id=? AND sku<>?`, `select products:r(id:r,name:r,sku:r)`},
		{"colon", `UPDATE products SET name = :name WHERE id = :id AND sku = :id`, `update products:rw(id:r,name:w,sku:r)`},
		{"at", `SELECT name FROM products WHERE id = @id AND sku=@sku`, `select products:r(id:r,name:r,sku:r)`},
		{"cast is not a param", `SELECT id::text, :v::int FROM products`, `select products:r(id:r)`},
		{"jsonb ? operator", `SELECT id FROM docs WHERE data ? 'key' AND data ?| array['a'] AND data ?& ? AND tags @> @want`, `select docs:r(data:r,id:r,tags:r)`},
		{"jsonpath @?", `SELECT id FROM docs WHERE data @? '$.a' AND data <@ $1`, `select docs:r(data:r,id:r)`},
		{"params in strings and comments", `SELECT ':x ? @y' AS s, $q$ :z ? $q$ AS d, E'\' ?' AS e, "a?b" FROM t -- ? :c
/* ? :d @e */ WHERE x = ?`, `select t:r(a?b:r,x:r)`},
		{"array slice is not a param", `SELECT tags[1:n] FROM docs`, `select docs:r(n:r,tags:r)`},
		{"named argument notation", `SELECT make_interval(days => 1), f(a := 2) FROM t`, `select t:r`},
		{"mixed", `INSERT INTO orders (customer_id, total, status) VALUES (?, :total, @status)`, `insert orders:w(customer_id:w,status:w,total:w)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := Analyze(tc.sql, nil)
			if err != nil {
				t.Fatalf("Analyze(%q): %v", tc.sql, err)
			}
			if len(stmts) != 1 {
				t.Fatalf("got %d statements", len(stmts))
			}
			if got := render(stmts[0]); got != tc.want {
				t.Errorf("Analyze(%q)\n got %s\nwant %s", tc.sql, got, tc.want)
			}
		})
	}
}

func TestScanRewrites(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`a = ? AND b = ?`, `a = $1 AND b = $2`},
		{`a = :x AND b = :y AND c = :x`, `a = $1 AND b = $2 AND c = $1`},
		{`a=@x`, `a=$1`},
		{`a = :u.name AND b = :u.id AND c = @u.id`, `a = $1 AND b = $2 AND c = $3.id`},
		{`:a = @a`, `$1 = $2`},
		{`data ? 'k'`, `data ? 'k'`},
		{`data ?| x`, `data ?| x`},
		{`x::int`, `x::int`},
		{`'?' "?" -- ?` + "\n" + `/* ? */ $$?$$`, `'?' "?" -- ?` + "\n" + `/* ? */ $$?$$`},
		{`a[1:n]`, `a[1:n]`},
		{`x <@ y, @> `, `x <@ y, @> `},
		{`LIMIT ?`, `LIMIT $1`},
		{`IN (?)`, `IN ($1)`},
		{`E'\\' || ?`, `E'\\' || $1`},
	} {
		if got := scan(tc.in, true).text; got != tc.want {
			t.Errorf("scan(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOffsetsAndText(t *testing.T) {
	sql := "SELECT 1;\n\n  -- lead comment\n  SELECT name FROM products WHERE id = :product_id ;  UPDATE t SET a = ? WHERE b = ?\n"
	stmts, err := Analyze(sql, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"SELECT 1",
		"SELECT name FROM products WHERE id = :product_id",
		"UPDATE t SET a = ? WHERE b = ?",
	}
	if len(stmts) != len(want) {
		t.Fatalf("got %d statements, want %d", len(stmts), len(want))
	}
	for i, st := range stmts {
		if st.Text != want[i] {
			t.Errorf("statement %d: Text = %q, want %q", i, st.Text, want[i])
		}
		if got := sql[st.Offset : st.Offset+len(st.Text)]; got != want[i] {
			t.Errorf("statement %d: Offset %d points at %q", i, st.Offset, got)
		}
	}
}

func TestParseError(t *testing.T) {
	for _, tc := range []struct {
		name, sql, at string // at: the text the error offset must point at
	}{
		{"syntax", "SELECT * FROM t WHERE a = :name AND AND b = ?", "AND b"},
		{"after params", "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM FROM", "FROM\x00"},
		{"multibyte", "SELECT 'ééé' FROM t WHERE x = = 1", "= 1"},
		{"second statement", "SELECT 1; SELECT * FROM WHERE", "WHERE"},
		{"unterminated string", "SELECT 1; SELECT 'abc", "'abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Analyze(tc.sql, nil)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Analyze(%q) error = %v, want *ParseError", tc.sql, err)
			}
			want := strings.Index(tc.sql+"\x00", tc.at)
			if tc.at == "FROM\x00" {
				want = strings.LastIndex(tc.sql, "FROM")
			}
			if pe.Offset != want {
				t.Errorf("Offset = %d (%q), want %d (%q); message %q", pe.Offset, tc.sql[pe.Offset:], want, tc.sql[want:], pe.Message)
			}
		})
	}
}

func TestByteOrderMark(t *testing.T) {
	sql := "\ufeffSELECT a FROM t; SELECT b FROM u WHERE c = ?"
	stmts, err := Analyze(sql, nil)
	if err != nil || len(stmts) != 2 {
		t.Fatalf("Analyze = %v, %v", stmts, err)
	}
	if stmts[0].Offset != 3 || stmts[1].Text != "SELECT b FROM u WHERE c = ?" || sql[stmts[1].Offset:][:6] != "SELECT" {
		t.Errorf("statements = %+v", stmts)
	}
}

func TestParseErrorKeepsGoodStatements(t *testing.T) {
	sql := "SELECT a FROM t1;\nSELEC b FROM t2;\nSELECT c FROM t3;\nSELECT FROM WHERE;"
	stmts, err := Analyze(sql, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	var got []string
	for _, s := range stmts {
		got = append(got, render(s))
	}
	if strings.Join(got, "; ") != "select t1:r(a:r); select t3:r(c:r)" {
		t.Errorf("statements = %q", got)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line(sql) != 2 || pe.Column(sql) != 1 {
		t.Errorf("first error = %v, want at 2:1", err)
	}
	if u, ok := err.(interface{ Unwrap() []error }); !ok || len(u.Unwrap()) != 2 {
		t.Errorf("want two joined errors, got %v", err)
	}
}

func TestPosition(t *testing.T) {
	sql := "ab\ncd\n\nef"
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {4, 2, 2}, {7, 4, 1}, {9, 4, 3}, {100, 4, 3}, {-1, 1, 1},
	} {
		if l, c := Position(sql, tc.off); l != tc.line || c != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

func TestTooDeep(t *testing.T) {
	for _, tc := range []struct{ name, sql string }{
		{"parentheses", "SELECT " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000)},
		{"subqueries", "SELECT * FROM " + strings.Repeat("(SELECT * FROM ", 10000) + "t" + strings.Repeat(") s", 10000)},
		{"scalar subqueries", "SELECT " + strings.Repeat("(SELECT ", 10000) + "1" + strings.Repeat(")", 10000)},
		{"operator chain", "SELECT 1" + strings.Repeat("+1", 100000)},
		{"cast chain", "SELECT 1" + strings.Repeat("::int", 100000)},
		{"union chain", "SELECT 1" + strings.Repeat(" UNION SELECT 1", 60000)},
		{"not chain", "SELECT " + strings.Repeat("NOT ", 100000) + "true"},
		{"case nesting", "SELECT " + strings.Repeat("CASE WHEN true THEN ", 20000) + "1" + strings.Repeat(" END", 20000)},
		{"array nesting", "SELECT " + strings.Repeat("ARRAY[", 20000) + "1" + strings.Repeat("]", 20000)},
		{"join chain", "SELECT * FROM t0" + strings.Repeat(" JOIN t USING (id)", 30000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stmts, err := Analyze("SELECT 1; "+tc.sql+"; SELECT 2", nil)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v, want *ParseError", err)
			}
			if len(stmts) != 2 {
				t.Errorf("got %d statements, want the 2 shallow ones", len(stmts))
			}
		})
	}
	// Deep but acceptable.
	for _, sql := range []string{
		"SELECT " + strings.Repeat("(", 500) + "1" + strings.Repeat(")", 500),
		"SELECT * FROM " + strings.Repeat("(SELECT * FROM ", 200) + "t" + strings.Repeat(") s", 200),
		"SELECT 1" + strings.Repeat(" UNION ALL SELECT a FROM t", 2000),
		"SELECT a FROM t WHERE " + strings.Repeat("a = 1 AND ", 5000) + "true",
		"INSERT INTO t VALUES " + strings.Repeat("(1, -2, 'x'), ", 5000) + "(1, -2, 'x')",
	} {
		if _, err := Analyze(sql, nil); err != nil {
			t.Errorf("Analyze(%.40q...): %v", sql, err)
		}
	}
}

func TestNoStatements(t *testing.T) {
	for _, sql := range []string{"", "  ", "-- only a comment", "/* c */ ;;"} {
		stmts, err := Analyze(sql, nil)
		if err != nil || len(stmts) != 0 {
			t.Errorf("Analyze(%q) = %v, %v; want nothing", sql, stmts, err)
		}
	}
}

func TestNULByte(t *testing.T) {
	stmts, err := Analyze("SELECT a FROM t; SELECT '\x00'; SELECT b FROM u", nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Offset != 25 {
		t.Fatalf("error = %v, want a ParseError at 25", err)
	}
	if len(stmts) != 2 {
		t.Errorf("got %d statements, want 2", len(stmts))
	}
}

func TestAnalyzeNode(t *testing.T) {
	tree, err := pg_query.Parse(`CREATE VIEW v AS SELECT p.name, c.name AS category FROM products p JOIN categories c ON c.name = p.category_name;
CREATE RULE r AS ON UPDATE TO products DO ALSO INSERT INTO price_history (product_id, price) VALUES (NEW.id, OLD.sale_price)`)
	if err != nil {
		t.Fatal(err)
	}
	view := tree.Stmts[0].Stmt.GetViewStmt()
	if got, want := render(AnalyzeNode(view.Query, catalog)), `select public.categories:r(name:r) public.products:r(category_name:r,name:r)`; got != want {
		t.Errorf("view query:\n got %s\nwant %s", got, want)
	}
	rule := tree.Stmts[1].Stmt.GetRuleStmt()
	if got, want := render(AnalyzeNode(rule.Actions[0], catalog)), `insert public.price_history:w(price:w,product_id:w)`; got != want {
		t.Errorf("rule action:\n got %s\nwant %s", got, want)
	}
	if got, want := render(AnalyzeNode(tree.Stmts[0].Stmt, nil)), `ddl categories:r(name:r) products:r(category_name:r,name:r)`; got != want {
		t.Errorf("whole view:\n got %s\nwant %s", got, want)
	}
	for _, n := range []*pg_query.Node{nil, {}, {Node: &pg_query.Node_SelectStmt{}}, {Node: &pg_query.Node_InsertStmt{}},
		{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{Op: pg_query.SetOperation_SETOP_UNION}}},
		{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{TargetList: []*pg_query.Node{{}, {Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{}}}}}}},
	} {
		AnalyzeNode(n, catalog) // incomplete trees must not panic
	}
	if got := AnalyzeNode(nil, nil); got.Command != "other" {
		t.Errorf("nil node: %+v", got)
	}
}

func TestAnalyzeNodeDeepTree(t *testing.T) {
	// A tree deeper than anything libpg_query hands out: the walk stops instead of exhausting
	// the stack.
	col := func(name string) *pg_query.Node {
		return &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
			Fields: []*pg_query.Node{{Node: &pg_query.Node_String_{String_: &pg_query.String{Sval: name}}}}}}}
	}
	e := col("a")
	for i := 0; i < 3*maxWalk; i++ {
		e = &pg_query.Node{Node: &pg_query.Node_AExpr{AExpr: &pg_query.A_Expr{Lexpr: e, Rexpr: col("b")}}}
	}
	sel := &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: e}}}},
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: &pg_query.RangeVar{Relname: "t"}}}},
	}}}
	st := AnalyzeNode(sel, nil)
	if len(st.Tables) != 1 || st.Tables[0].Name != "t" {
		t.Errorf("got %s", render(st))
	}
}

func TestSharedCTEChainIsNotExponential(t *testing.T) {
	// Each CTE reads the one before twice: without memos, resolving a column walks 2^n paths.
	var b strings.Builder
	b.WriteString("WITH a0 AS (SELECT * FROM t)")
	const n = 64
	for i := 1; i <= n; i++ {
		b.WriteString(", a" + strconv.Itoa(i) + " AS (SELECT * FROM a" + strconv.Itoa(i-1) + " x, a" + strconv.Itoa(i-1) + " y)")
	}
	with := b.String()
	for sql, want := range map[string]string{
		with + " SELECT z FROM a64":                       `select t:r(z:r)`,
		with + " SELECT * FROM a64":                       `select t:r+all`,
		with + " SELECT q.z FROM a64 q WHERE q.w IS NULL": `select t:r(w:r,z:r)`,
	} {
		stmts, err := Analyze(sql, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := render(stmts[0]); got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

// TestEveryNodeType puts every kind of node, empty, where a statement, an expression and a
// FROM item go: hand-built or unusual trees must not panic.
func TestEveryNodeType(t *testing.T) {
	oneof := (&pg_query.Node{}).ProtoReflect().Descriptor().Oneofs().ByName("node")
	if oneof.Fields().Len() < 250 {
		t.Fatalf("only %d node kinds", oneof.Fields().Len())
	}
	for i := 0; i < oneof.Fields().Len(); i++ {
		fd := oneof.Fields().Get(i)
		empty := &pg_query.Node{}
		m := empty.ProtoReflect()
		m.Set(fd, m.NewField(fd))
		for _, n := range []*pg_query.Node{empty, nilWrapper(empty)} {
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: panic %v", fd.Name(), p)
					}
				}()
				AnalyzeNode(n, catalog)
				AnalyzeNode(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
					TargetList:  []*pg_query.Node{n},
					FromClause:  []*pg_query.Node{n},
					WhereClause: n,
					GroupClause: []*pg_query.Node{n},
					SortClause:  []*pg_query.Node{n},
				}}}, catalog)
			}()
		}
	}
}

// nilWrapper returns a node of the same kind as n whose message is a nil pointer.
func nilWrapper(n *pg_query.Node) *pg_query.Node {
	out := &pg_query.Node{}
	v := reflect.New(reflect.TypeOf(n.Node).Elem()) // *Node_X holding a nil *X
	reflect.ValueOf(out).Elem().FieldByName("Node").Set(v)
	return out
}

func TestParse(t *testing.T) {
	tree, err := Parse("SELECT 1; SELECT name FROM products WHERE data ? 'k'")
	if err != nil || len(tree.Stmts) != 2 {
		t.Fatalf("Parse = %v, %v", tree, err)
	}
	for _, tc := range []struct{ sql, at string }{
		{"SELECT 'é' FROM FROM", "FROM\x00"},
		{"SELECT 1; SELECT 1" + strings.Repeat("+1", 100000), "+1"},
		{"SELECT 1; SELECT '\x00'", "\x00"},
	} {
		_, err := Parse(tc.sql)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Parse(%.30q) error = %v, want *ParseError", tc.sql, err)
		}
		want := strings.Index(tc.sql, tc.at)
		if tc.at == "FROM\x00" {
			want = strings.LastIndex(tc.sql, "FROM")
		}
		if pe.Offset < want || pe.Offset > want+len(tc.at)+maxNesting*2 {
			t.Errorf("Parse(%.30q): Offset %d, want about %d", tc.sql, pe.Offset, want)
		}
	}
}
