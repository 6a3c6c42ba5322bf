package schema

import "testing"

// FuzzApply applies arbitrary SQL to a catalog, as a migrations folder could
// hold: no panic, every error carries a position inside the file, and the
// catalog stays consistent enough to dump.
func FuzzApply(f *testing.F) {
	f.Add("CREATE TABLE products (sku text PRIMARY KEY, name text, sale_price numeric);\nCREATE TABLE stock (sku text REFERENCES products (sku), quantity int);\n")
	f.Add("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO h VALUES (NEW.a); RETURN NEW; END $$;\nCREATE TRIGGER t AFTER UPDATE OF a ON x FOR EACH ROW EXECUTE FUNCTION f();\n")
	f.Add("CREATE TABLE p (id int) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10);\nALTER TABLE p RENAME TO q; DROP TABLE q CASCADE;\n")
	f.Add("CREATE VIEW v AS SELECT a.x, b.y FROM a JOIN b USING (id);\nCREATE TABLE oops (id int,,);\nSELECT set_config('search_path', '', false);\n")
	f.Add("CREATE SEQUENCE s; CREATE TABLE t (id bigint DEFAULT nextval('s'::regclass)); ALTER SEQUENCE s OWNED BY t.id;\n")
	f.Fuzz(func(t *testing.T, sql string) {
		c := New()
		for _, err := range c.Apply("fuzz.sql", sql) {
			if e, ok := err.(*Error); ok && e.Pos.Offset > len(sql) {
				t.Fatalf("error beyond the end of the file: %v", e)
			}
		}
		c.AnalyzeFunctions()
		_ = c.Dump()
	})
}
