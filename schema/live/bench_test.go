package live

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Sizes of the schema BenchmarkIntrospect reads.
const (
	benchTables   = 5000
	benchTriggers = 1000
	benchViews    = 500
)

// bigSchema returns the DDL of a schema of benchTables tables, one foreign key each
// (benchTables in all), benchTriggers triggers and benchViews views, in chunks of a
// few hundred statements (each chunk runs as one transaction: one transaction for
// everything would need more locks than a default server has).
func bigSchema() []string {
	var chunks []string
	var b strings.Builder
	flush := func() {
		chunks = append(chunks, b.String())
		b.Reset()
	}
	for i := range benchTables {
		fmt.Fprintf(&b, "CREATE TABLE t%05d (id bigint PRIMARY KEY, parent_id bigint, name text NOT NULL, price numeric(10,2) DEFAULT 0 CHECK (price >= 0), created_at timestamptz NOT NULL DEFAULT now());\n", i)
		if i%250 == 249 {
			flush()
		}
	}
	for i := range benchTables {
		fmt.Fprintf(&b, "ALTER TABLE t%05d ADD CONSTRAINT t%05d_parent_fkey FOREIGN KEY (parent_id) REFERENCES t%05d (id);\n", i, i, (i+1)%benchTables)
		if i%250 == 249 {
			flush()
		}
	}
	b.WriteString("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;\n")
	for i := range benchTriggers {
		fmt.Fprintf(&b, "CREATE TRIGGER t%05d_touch BEFORE UPDATE ON t%05d FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION touch();\n", i, i)
	}
	flush()
	for i := range benchViews {
		fmt.Fprintf(&b, "CREATE VIEW v%03d AS SELECT a.id, a.name, b.price FROM t%05d a JOIN t%05d b ON b.id = a.parent_id WHERE a.price > 0;\n", i, 2*i, 2*i+1)
	}
	flush()
	return chunks
}

// BenchmarkIntrospect reads the catalog of a database of 5,000 tables, 5,000 foreign
// keys, 1,000 triggers and 500 views, built once in a database of its own, and
// reports the round trips one read takes.
//
//	go test ./schema/live -run '^$' -bench Introspect -benchtime 5x
func BenchmarkIntrospect(b *testing.B) {
	dsn := newDatabase(b, adminURL(b))
	start := time.Now()
	execSQL(b, dsn, bigSchema()...)
	b.Logf("built the schema in %v", time.Since(start).Round(time.Millisecond))

	b.Run("catalog", func(b *testing.B) {
		ctx := context.Background()
		s := open(b, dsn)
		trips := 0
		b.ResetTimer()
		for b.Loop() {
			before := s.RoundTrips()
			cat, _, err := s.Catalog(ctx)
			if err != nil {
				b.Fatal(err)
			}
			trips = s.RoundTrips() - before
			if n := len(cat.Tables()); n != benchTables {
				b.Fatalf("%d tables, want %d", n, benchTables)
			}
			if n := len(cat.ForeignKeys()); n != benchTables {
				b.Fatalf("%d foreign keys, want %d", n, benchTables)
			}
			if n := len(cat.Triggers()); n != benchTriggers {
				b.Fatalf("%d triggers, want %d", n, benchTriggers)
			}
			if n := len(cat.Views()); n != benchViews {
				b.Fatalf("%d views, want %d", n, benchViews)
			}
		}
		b.ReportMetric(float64(trips), "roundtrips/op")
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	})
}
