package live

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// plantedSQL is what a database owner without superuser rights can do: create a
// schema of look-alike functions and operators, each of which fails loudly when
// it runs, and put that schema ahead of pg_catalog in the database's search_path.
// A session that resolved any of faultline's calls through that path would run
// the owner's code; the read must not notice them at all.
const plantedSQL = `
CREATE SCHEMA evil;
CREATE TABLE public.products (sku text PRIMARY KEY, name text);
CREATE VIEW public.names AS SELECT name FROM public.products;
CREATE FUNCTION evil.boom() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'planted function ran in faultline''s session'; END $$;
CREATE FUNCTION evil.current_database() RETURNS name LANGUAGE plpgsql AS $$ BEGIN PERFORM evil.boom(); RETURN 'x'; END $$;
CREATE FUNCTION evil.current_setting(text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN evil.boom(); END $$;
CREATE FUNCTION evil.format_type(oid, integer) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN evil.boom(); END $$;
CREATE FUNCTION evil.pg_get_viewdef(oid) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN evil.boom(); END $$;
CREATE FUNCTION evil.pg_get_expr(pg_node_tree, oid) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN evil.boom(); END $$;
CREATE FUNCTION evil.pg_get_functiondef(oid) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN evil.boom(); END $$;
CREATE FUNCTION evil.unnest(int2[]) RETURNS SETOF int2 LANGUAGE plpgsql AS $$ BEGIN PERFORM evil.boom(); END $$;
CREATE FUNCTION evil.name_ne(name, name) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN PERFORM evil.boom(); RETURN true; END $$;
CREATE OPERATOR evil.<> (LEFTARG = name, RIGHTARG = name, FUNCTION = evil.name_ne);
CREATE FUNCTION evil.oid_eq(oid, oid) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN PERFORM evil.boom(); RETURN true; END $$;
CREATE OPERATOR evil.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = evil.oid_eq);
`

// TestPlantedFunctions reads the catalog and pg_stat_statements of a database whose
// search_path puts planted functions and operators ahead of pg_catalog: the read
// succeeds, none of them runs, and the catalog still records the database's own
// search_path for resolving names in view and function bodies.
func TestPlantedFunctions(t *testing.T) {
	dsn := newDatabase(t, adminURL(t))
	execSQL(t, dsn, plantedSQL)
	// The trap works: an ordinary session on this database runs the planted code.
	db := dsn[strings.LastIndexAny(dsn, "/=")+1:]
	execSQL(t, dsn, "ALTER DATABASE "+db+" SET search_path = evil, pg_catalog, public")
	ctx := context.Background()
	if err := probe(ctx, dsn); err == nil || !strings.Contains(err.Error(), "planted function ran") {
		t.Fatalf("the planted function does not run in a plain session (%v): the test proves nothing", err)
	}

	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	cat, _, err := s.Catalog(ctx)
	if err != nil {
		t.Fatalf("reading the catalog ran planted code: %v", err)
	}
	if !slices.Equal(cat.SearchPath, []string{"evil", "pg_catalog", "public"}) {
		t.Errorf("search path = %q, want the database's own (evil, pg_catalog, public)", cat.SearchPath)
	}
	if _, ok := cat.Table("public", "products"); !ok || len(cat.Views()) != 1 {
		t.Errorf("the catalog misses the database's table or view")
	}
	if _, _, err := s.Statements(ctx); err != nil {
		t.Fatalf("reading pg_stat_statements ran planted code: %v", err)
	}
}

// probe runs one unqualified catalog call the way faultline used to.
func probe(ctx context.Context, dsn string) error {
	s, err := Open(ctx, dsn, Options{})
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	var db string
	return s.conn.QueryRow(ctx, "SELECT current_database()::text").Scan(&db)
}
