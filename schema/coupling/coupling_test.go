package coupling

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// run builds sql as m.sql under the configuration yaml and returns the findings,
// rendered "line kind severity from->to subject" (config findings with their
// faultline.yaml line).
func run(t *testing.T, yaml, sql string) ([]string, []finding.Finding) {
	t.Helper()
	cfg, err := config.Parse("faultline.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	cat := schema.New()
	errs := cat.Apply("m.sql", sql)
	errs = append(errs, cat.AnalyzeFunctions()...)
	fs := Check(cat, errs, cfg, nil)
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d %s %s %s->%s %s", f.File, f.Line, f.Kind, f.Severity, f.From, f.To, f.Subject))
	}
	return out, fs
}

const shopYAML = `version: 1
contexts:
  core:
    tables: [products, events, categories]
  pricing:
    tables: [prices]
    columns: [products.price, products.category_id]
    uses: [core]
  inventory:
    tables: [stock, "stock_*"]
    uses: [core]
shared:
  tables: [countries]
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name, yaml, sql string
		want            []string
	}{
		{
			name: "a foreign key on a partitioned table is reported once, at the parent",
			yaml: shopYAML,
			sql: `CREATE TABLE products (sku text PRIMARY KEY);
CREATE TABLE events (id bigint, sku text, at date) PARTITION BY RANGE (at);
CREATE TABLE stock (sku text PRIMARY KEY, at date);
ALTER TABLE events ADD CONSTRAINT events_stock FOREIGN KEY (sku) REFERENCES stock (sku);
CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2 (id bigint, sku text, at date);
ALTER TABLE events_2 ADD CONSTRAINT events_2_stock FOREIGN KEY (sku) REFERENCES stock (sku);
ALTER TABLE ONLY events ATTACH PARTITION events_2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE events_2 ADD CONSTRAINT events_2_products FOREIGN KEY (sku) REFERENCES products (sku);`,
			want: []string{
				"m.sql:4 foreign-key error core->inventory events.events_stock",
			},
		},
		{
			name: "a partition listed by name owns the foreign keys PostgreSQL clones onto it",
			yaml: strings.Replace(shopYAML, "tables: [prices]", "tables: [prices, events_eu]", 1),
			sql: `CREATE TABLE products (sku text PRIMARY KEY);
CREATE TABLE stock (sku text PRIMARY KEY);
CREATE TABLE events (id bigint, sku text, region text) PARTITION BY LIST (region);
ALTER TABLE events ADD CONSTRAINT events_stock FOREIGN KEY (sku) REFERENCES stock (sku);
ALTER TABLE events ADD CONSTRAINT events_products FOREIGN KEY (sku) REFERENCES products (sku);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');`,
			want: []string{
				"m.sql:4 foreign-key error core->inventory events.events_stock",
				"m.sql:4 foreign-key error pricing->inventory events_eu.events_stock",
				"m.sql:5 foreign-key error pricing->core events_eu.events_products",
			},
		},
		{
			name: "a standalone sequence listed under tables is owned",
			yaml: strings.Replace(shopYAML, "tables: [prices]", "tables: [prices, price_ids]", 1),
			sql: `CREATE SEQUENCE price_ids;
CREATE SEQUENCE loose_ids;
CREATE TABLE prices (id bigint DEFAULT nextval('price_ids'), sku text);
CREATE TABLE stock (id bigint DEFAULT nextval('price_ids'), sku text);
CREATE TABLE products (id bigint DEFAULT nextval('loose_ids'), sku text PRIMARY KEY);`,
			want: []string{
				"m.sql:4 sequence error inventory->pricing price_ids -> stock.id",
			},
		},
		{
			name: "a view over another context's view reaches the base tables' contexts",
			yaml: shopYAML,
			sql: `CREATE TABLE products (sku text PRIMARY KEY, name text);
CREATE TABLE stock (sku text, qty int);
CREATE VIEW named_products AS SELECT sku, name FROM products;
CREATE VIEW named_stock AS SELECT n.name, s.qty FROM named_products n JOIN stock s USING (sku);
CREATE VIEW top_stock AS SELECT name FROM named_stock WHERE qty > 10;`,
			want: []string{
				"m.sql:4 view warning inventory->core named_stock",
				"m.sql:5 view warning inventory->core top_stock",
			},
		},
		{
			name: "foreign keys to the shared kernel, within a context or to nobody are not reported",
			yaml: shopYAML,
			sql: `CREATE TABLE countries (code text PRIMARY KEY);
CREATE TABLE categories (id int PRIMARY KEY);
CREATE TABLE products (sku text PRIMARY KEY, country text REFERENCES countries, category int REFERENCES categories);
CREATE TABLE misc (id int PRIMARY KEY);
CREATE TABLE stock (sku text REFERENCES misc (id));`,
			want: []string{"m.sql:4 unowned-table info -> misc"},
		},
		{
			name: "a foreign key on a claimed column belongs to the claiming context",
			yaml: shopYAML,
			sql: `CREATE TABLE categories (id int PRIMARY KEY);
CREATE TABLE products (sku text PRIMARY KEY, category_id int,
  CONSTRAINT products_category FOREIGN KEY (category_id) REFERENCES categories);`,
			want: []string{
				"m.sql:2 shared-table error pricing->core products",
				"m.sql:3 foreign-key error pricing->core products.products_category",
			},
		},
		{
			name: "a trigger whose function writes another context, reads the shared kernel",
			yaml: shopYAML,
			sql: `CREATE TABLE countries (code text PRIMARY KEY);
CREATE TABLE prices (sku text, amount numeric);
CREATE TABLE stock (sku text, qty int);
CREATE TABLE products (sku text PRIMARY KEY);
CREATE FUNCTION fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM countries;
  INSERT INTO prices (sku) VALUES (NEW.sku);
  UPDATE stock SET qty = 0 WHERE sku = NEW.sku;
  INSERT INTO products (sku) VALUES ('x');
  RETURN NEW;
END $$;
CREATE TRIGGER products_fanout AFTER INSERT ON products FOR EACH ROW EXECUTE FUNCTION fanout();`,
			want: []string{
				"m.sql:13 trigger error core->inventory products.products_fanout",
				"m.sql:13 trigger error core->pricing products.products_fanout",
			},
		},
		{
			name: "views: listed owner, else the context using the others; one context is fine",
			yaml: shopYAML + `  
`,
			sql: `CREATE TABLE products (sku text PRIMARY KEY, name text);
CREATE TABLE stock (sku text, qty int);
CREATE TABLE prices (sku text, amount numeric);
CREATE VIEW on_hand AS SELECT p.name, s.qty FROM products p JOIN stock s USING (sku);
CREATE VIEW core_only AS SELECT name FROM products;
CREATE MATERIALIZED VIEW three AS SELECT p.name, s.qty, x.amount FROM products p, stock s, prices x;`,
			want: []string{
				"m.sql:4 view warning inventory->core on_hand",
				"m.sql:6 view warning inventory->core three",
				"m.sql:6 view warning inventory->pricing three",
			},
		},
		{
			name: "a view a context lists is that context's",
			yaml: strings.Replace(shopYAML, "tables: [prices]", "tables: [prices, price_list]", 1),
			sql: `CREATE TABLE products (sku text PRIMARY KEY, name text);
CREATE VIEW price_list AS SELECT name FROM products;`,
			want: []string{"m.sql:2 view warning pricing->core price_list"},
		},
		{
			name: "functions: a write is an error, a read a warning, trigger functions left to triggers",
			yaml: shopYAML,
			sql: `CREATE TABLE products (sku text PRIMARY KEY, name text, price numeric);
CREATE TABLE stock (sku text, qty int);
CREATE FUNCTION retire() RETURNS void LANGUAGE sql AS $$ UPDATE products SET name = '' WHERE sku IN (SELECT sku FROM stock WHERE qty = 0) $$;
CREATE FUNCTION restock(s text) RETURNS void LANGUAGE sql AS $$ UPDATE stock SET qty = 1 WHERE sku = s AND EXISTS (SELECT 1 FROM products WHERE sku = s AND name <> '') $$;
CREATE FUNCTION label(s text) RETURNS text LANGUAGE sql AS $$ SELECT name || price FROM products WHERE sku = s $$;
CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE stock SET qty = 0; PERFORM name FROM products; RETURN NEW; END $$;
CREATE FUNCTION own(s text) RETURNS text LANGUAGE sql AS $$ SELECT name FROM products WHERE sku = s $$;`,
			want: []string{
				"m.sql:1 shared-table error pricing->core products",
				"m.sql:3 function error inventory->core retire()",
				"m.sql:4 function warning inventory->core restock(text)",
				"m.sql:5 function warning pricing->core label(text)",
			},
		},
		{
			name: "sequences: as a default and through a trigger",
			yaml: shopYAML,
			sql: `CREATE TABLE products (id bigserial PRIMARY KEY);
CREATE TABLE stock (id bigint DEFAULT nextval('products_id_seq'), sku text);
CREATE TABLE prices (id bigint, sku text);
CREATE FUNCTION assign() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.id := nextval('products_id_seq'::regclass); RETURN NEW; END $$;
CREATE TRIGGER prices_assign BEFORE INSERT ON prices FOR EACH ROW EXECUTE FUNCTION assign();
CREATE TRIGGER products_assign BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION assign();`,
			want: []string{
				"m.sql:2 sequence error inventory->core products_id_seq -> stock.id",
				"m.sql:5 sequence error pricing->core products_id_seq -> prices (trigger prices_assign)",
			},
		},
		{
			name: "unowned tables: partitions and children go with their root",
			yaml: shopYAML,
			sql: `CREATE TABLE logs (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE logs_1 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE stock (sku text);
CREATE TABLE stock_2024 (extra int) INHERITS (stock);
CREATE TABLE products (sku text);
CREATE TABLE odd (a int) INHERITS (products);`,
			want: []string{"m.sql:1 unowned-table info -> logs"},
		},
		{
			name: "config entries matching nothing are warnings at the entry",
			yaml: shopYAML,
			sql:  `CREATE TABLE products (sku text PRIMARY KEY, price numeric);`,
			want: []string{
				"faultline.yaml:4 config warning core-> core tables events",
				"faultline.yaml:4 config warning core-> core tables categories",
				"faultline.yaml:6 config warning pricing-> pricing tables prices",
				"faultline.yaml:7 config warning pricing-> pricing columns products.category_id",
				"faultline.yaml:10 config warning inventory-> inventory tables stock",
				"faultline.yaml:10 config warning inventory-> inventory tables stock_*",
				"faultline.yaml:13 config warning -> shared tables countries",
				"m.sql:1 shared-table error pricing->core products",
			},
		},
		{
			name: "statements that cannot be parsed or applied",
			yaml: shopYAML,
			sql: `CREATE TABLE products (sku text PRIMARY KEY);
CREATE TABLE broken (;
ALTER TABLE nope ADD COLUMN x int;`,
			want: []string{
				`m.sql:2 parse-error error -> m.sql: syntax error at or near ";"`,
				`m.sql:3 parse-error warning -> m.sql: relation "nope" does not exist`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fs := run(t, tt.yaml, tt.sql)
			var filtered []string
			for _, g := range got {
				if !strings.Contains(tt.name, "config") && strings.Contains(g, " config warning ") {
					continue
				}
				filtered = append(filtered, g)
			}
			if strings.Contains(tt.name, "config") {
				// Config findings' order within a line follows the column.
				slices.Sort(filtered)
				slices.Sort(tt.want)
			}
			if !slices.Equal(filtered, tt.want) {
				t.Errorf("findings:\n got %s\nwant %s", strings.Join(filtered, "\n     "), strings.Join(tt.want, "\n     "))
				for _, f := range fs {
					t.Logf("%s: %s\n  fix: %s", f.Key(), f.Message, f.Fix)
				}
			}
		})
	}
}

func TestSplitFix(t *testing.T) {
	_, fs := run(t, `version: 1
contexts:
  orders:
    tables: [lines, loose]
  billing:
    columns: [lines.amount, lines.taxed, loose.amount]
`, `CREATE TABLE lines (order_id bigint, line int, "Note" text, amount numeric(10,2) NOT NULL DEFAULT 0, taxed bool, PRIMARY KEY (order_id, line));
CREATE TABLE loose (a int, amount numeric);`)
	fixes := map[string]string{}
	for _, f := range fs {
		if f.Kind == finding.SharedTable {
			fixes[f.Subject] = f.Fix
		}
	}
	want := "CREATE TABLE billing_lines (order_id bigint NOT NULL, line integer NOT NULL, amount numeric(10,2) NOT NULL DEFAULT 0, taxed boolean, PRIMARY KEY (order_id, line)); " +
		"INSERT INTO billing_lines (order_id, line, amount, taxed) SELECT order_id, line, amount, taxed FROM lines;"
	if !strings.Contains(fixes["lines"], want) || !strings.Contains(fixes["lines"], "ALTER TABLE lines DROP COLUMN amount, DROP COLUMN taxed;") {
		t.Errorf("lines fix %q", fixes["lines"])
	}
	if !strings.HasPrefix(fixes["loose"], "loose has no primary key") || !strings.Contains(fixes["loose"], "ALTER TABLE loose DROP COLUMN amount;") {
		t.Errorf("loose fix %q", fixes["loose"])
	}
}

func TestErrorFindings(t *testing.T) {
	cfg, err := config.Parse("faultline.yaml", []byte(shopYAML))
	if err != nil {
		t.Fatal(err)
	}
	errs := []error{
		migrations.Problem{File: "db/002.sql", Line: 1, Column: 5, Message: "the file is not UTF-8 text"},
		&schema.Error{Pos: schema.Pos{File: "db/003.sql", Line: 4, Column: 2}, Code: schema.CodeSyntaxError, Message: `syntax error at or near "x"`},
		errors.New("something else"),
	}
	fs := Check(schema.New(), errs, cfg, nil)
	var got []string
	for _, f := range fs {
		if f.Kind == finding.ParseError {
			got = append(got, fmt.Sprintf("%s %s %s", f.Position(), f.Severity, f.Subject))
		}
	}
	want := []string{
		" warning something else",
		"db/002.sql:1:5 warning db/002.sql: the file is not UTF-8 text",
		`db/003.sql:4:2 error db/003.sql: syntax error at or near "x"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestOverlappingGlobs(t *testing.T) {
	yaml := "version: 1\ncontexts:\n  a:\n    tables: [\"order*\"]\n  b:\n    tables: [\"*_items\", order_lines]\n"
	got, fs := run(t, yaml, "CREATE TABLE order_items (id int);\nCREATE TABLE order_lines (id int);\nCREATE TABLE orders (id int);\n")
	want := []string{"faultline.yaml:6 config warning b->a tables order_items"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if len(fs) == 1 && !strings.Contains(fs[0].Message, `a ("order*") and by b ("*_items")`) {
		t.Errorf("message %q", fs[0].Message)
	}
}
