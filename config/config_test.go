package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const good = `version: 1
contexts:
  coreproduct:
    packages: [internal/coreproduct/...]
    api: [internal/coreproduct/api]
    tables: [products, categories]
  pricing:
    packages: [internal/pricing/...]
    tables: [price_history, "billing.*"]
    columns: [products.original_price, products.sale_price, products.is_on_sale]
    uses: [coreproduct]
    queries: [db/queries/pricing/*.sql]
    roles: [pricing_svc]
    value: 3
  legacy:
    packages: [internal/pricing/legacy]
shared:
  packages: [internal/platform/...]
  tables: [schema_migrations]
sql:
  migrations: [db/migrations]
  database: ${FAULTLINE_TEST_DSN}
  functions: ["example.com/db.Run:1"]
rank:
  weights: {foreign-key: 8, cross-join: 5}
allow:
  - {from: pricing, to: coreproduct, kind: foreign-key, reason: "TICKET-12 until step 6"}
`

func writeModule(t *testing.T, cfg string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/catalog\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadGood(t *testing.T) {
	t.Setenv("FAULTLINE_TEST_DSN", "postgres://app:s3cret@db/catalog")
	dir := writeModule(t, good)
	cfg, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Module != "example.com/catalog" || cfg.PackagePrefix() != "example.com/catalog" {
		t.Errorf("module %q prefix %q", cfg.Module, cfg.PackagePrefix())
	}
	if got := strings.Join(cfg.Names(), ","); got != "coreproduct,legacy,pricing" {
		t.Errorf("names = %s", got)
	}
	if cfg.SQL.Database != "postgres://app:s3cret@db/catalog" {
		t.Errorf("database = %q", cfg.SQL.Database)
	}
	if len(cfg.SQL.Functions) != 1 || cfg.SQL.Functions[0].Func != "example.com/db.Run" || cfg.SQL.Functions[0].Arg != 1 {
		t.Errorf("functions = %+v", cfg.SQL.Functions)
	}
	if cfg.Context("pricing").Value != 3 || cfg.Context("coreproduct").Value != 1 {
		t.Errorf("values: pricing %v coreproduct %v", cfg.Context("pricing").Value, cfg.Context("coreproduct").Value)
	}
	for path, want := range map[string]string{
		"example.com/catalog/internal/pricing":              "pricing",
		"example.com/catalog/internal/pricing/repository":   "pricing",
		"example.com/catalog/internal/pricing_test":         "pricing",
		"example.com/catalog/internal/pricing/service_test": "pricing",
		"example.com/catalog/internal/pricing/legacy":       "legacy", // the more specific pattern wins
		"example.com/catalog/internal/coreproduct/api":      "coreproduct",
		"example.com/catalog/internal/platform/store":       "shared",
		"example.com/catalog/cmd/catalog":                   "unowned",
		"example.com/other/internal/pricing":                "unowned",
	} {
		if got := cfg.PackageOwner(path).String(); got != want && !(want == "" && got == "unowned") {
			t.Errorf("PackageOwner(%s) = %s, want %s", path, got, want)
		}
	}
	if !cfg.IsAPI("coreproduct", "example.com/catalog/internal/coreproduct/api") || cfg.IsAPI("coreproduct", "example.com/catalog/internal/coreproduct/repository") {
		t.Error("IsAPI")
	}
	if !cfg.MayUse("pricing", "coreproduct") || cfg.MayUse("coreproduct", "pricing") {
		t.Error("MayUse")
	}
	for _, tc := range []struct{ schema, table, column, want string }{
		{"public", "products", "name", "coreproduct"},
		{"", "products", "sale_price", "pricing"},
		{"public", "products", "is_on_sale", "pricing"},
		{"billing", "invoices", "", "pricing"},
		{"public", "schema_migrations", "", "shared"},
		{"public", "audit_log", "", "unowned"},
	} {
		var got Owner
		if tc.column == "" {
			got = cfg.TableOwner(tc.schema, tc.table)
		} else {
			got = cfg.ColumnOwner(tc.schema, tc.table, tc.column)
		}
		if got.String() != tc.want {
			t.Errorf("owner of %s.%s.%s = %s, want %s", tc.schema, tc.table, tc.column, got, tc.want)
		}
	}
	if err := cfg.CheckPackages([]string{"example.com/catalog/internal/pricing", "example.com/catalog/internal/coreproduct/api", "example.com/catalog/internal/platform/db"}); err == nil || !strings.Contains(err.Error(), `"internal/pricing/legacy" matches no package`) {
		t.Errorf("CheckPackages: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown key", "version: 1\ncontexts:\n  a:\n    packges: [x/...]\n", `faultline.yaml:4:5: unknown key "packges" in context a`},
		{"unknown top-level key", "version: 1\ncontext: {}\n", `faultline.yaml:2:1: unknown key "context" in faultline.yaml`},
		{"unknown context in uses", "version: 1\ncontexts:\n  a:\n    uses: [nosuch]\n", `faultline.yaml:4:12: context a uses "nosuch", which is not declared`},
		{"wrong type", "version: 1\ncontexts:\n  a:\n    tables: products\n", `faultline.yaml:4:13: context a tables must be a list such as [a, b], not the value "products"`},
		{"table in two contexts", "version: 1\ncontexts:\n  a:\n    tables: [t]\n  b:\n    tables: [t]\n", `faultline.yaml:6:14: table "t" is claimed by both a and b`},
		{"column in two contexts", "version: 1\ncontexts:\n  a:\n    columns: [t.c]\n  b:\n    columns: [t.c]\n", `faultline.yaml:6:15: column "t.c" is claimed by both a and b`},
		{"allow without reason", "version: 1\ncontexts:\n  a: {}\n  b: {}\nallow:\n  - {from: a, to: b, kind: import}\n", `faultline.yaml:6:5: allow entry without a reason`},
		{"allow with unknown context", "version: 1\ncontexts:\n  a: {}\nallow:\n  - {from: a, to: zz, kind: import, reason: r}\n", `faultline.yaml:5:19: allow to names context "zz", which is not declared`},
		{"allow with unknown kind", "version: 1\ncontexts:\n  a: {}\nallow:\n  - {from: a, kind: imports, reason: r}\n", `unknown finding kind "imports"`},
		{"bad column", "version: 1\ncontexts:\n  a:\n    columns: [nodot]\n", `faultline.yaml:4:15: column "nodot" must be written table.column`},
		{"bad function", "version: 1\ncontexts:\n  a: {}\nsql:\n  functions: [example.com/db.Run]\n", `faultline.yaml:5:15: sql function "example.com/db.Run" must be written`},
		{"version", "version: 2\ncontexts:\n  a: {}\n", `faultline.yaml:1:10: version must be 1`},
		{"syntax", "version: 1\ncontexts:\n  a: [\n", `faultline.yaml:3:3: invalid YAML`},
		// The YAML library names the line of the enclosing mapping (2 and 3
		// here); the error is where the indentation goes wrong.
		{"key indented too little", "version: 1\ncontexts:\n  pricing:\n    packages: [internal/pricing/...]\n   tables: [price_history]\n  inventory: {}\n", `faultline.yaml:5:4: invalid YAML: did not find expected key`},
		{"key indented too much", "version: 1\ncontexts:\n  pricing:\n    packages: [internal/pricing/...]\n    tables: [price_history]\n      columns: [products.sale_price]\n", `faultline.yaml:6:7: invalid YAML`},
		{"tab", "version: 1\ncontexts:\n  a: {}\n\tb: {}\n", `faultline.yaml:4:`},
		{"empty", "", `faultline.yaml:1:1: the file is empty`},
		{"duplicate key", "version: 1\ncontexts:\n  a:\n    tables: [x]\n    tables: [y]\n", `faultline.yaml:5:5: "tables" appears twice in context a`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("faultline.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
			if !IsConfigError(err) {
				t.Errorf("%v is not a configuration error", err)
			}
		})
	}
}

func TestFind(t *testing.T) {
	dir := writeModule(t, good)
	sub := filepath.Join(dir, "internal", "pricing")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := Find(sub)
	if err != nil || got != filepath.Join(dir, FileName) {
		t.Fatalf("Find = %q, %v", got, err)
	}
	if _, err := Find(t.TempDir()); err == nil || !strings.Contains(err.Error(), "faultline init") {
		t.Errorf("Find in an empty tree: %v", err)
	}
}

func TestGOPATHTree(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "src", "example.com", "shop")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module outer\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Module != "example.com/shop" {
		t.Errorf("module = %q, want example.com/shop", cfg.Module)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("version: 1\ncontexts:\n  a: [\n"))
	f.Add([]byte("version: 1\ncontexts: {a: {uses: [a]}}\nallow: [{}]\n"))
	f.Add([]byte("version: 1\ncontexts: " + strings.Repeat("[", 5000)))
	f.Add([]byte("version: 1\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\ncontexts: *c\n"))
	f.Add([]byte("version: 1\ncontexts: {}\n"))
	f.Add([]byte("version: 1\ncontexts: {a: {tables: [\"ord[ers\"]}}\nsql: {database: \"${NOPE}\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("faultline.yaml", data)
		if err == nil {
			for _, x := range cfg.Contexts {
				cfg.PackageOwner("x/" + x.Name)
				cfg.TableOwner("", x.Name)
			}
			return
		}
		if !IsConfigError(err) {
			t.Fatalf("not a positioned configuration error: %v", err)
		}
	})
}

func TestBookkeepingTablesAreShared(t *testing.T) {
	cfg := &Config{Contexts: []*Context{{Name: "pricing", Tables: []Entry{{Value: "goose_*"}}}}}
	if o := cfg.TableOwner("public", "schema_migrations"); !o.Shared {
		t.Errorf("schema_migrations, listed nowhere: owner %v, want the shared kernel", o)
	}
	if o := cfg.TableOwner("public", "goose_db_version"); o.Context != "pricing" {
		t.Errorf("goose_db_version claimed by pricing's pattern: owner %v, want pricing", o)
	}
	if o := cfg.TableOwner("public", "migrations"); o.Owned() {
		t.Errorf("an ordinary unlisted table: owner %v, want nobody", o)
	}
	for _, e := range []string{"schema_migrations", "public.flyway_schema_history"} {
		if !IsBookkeeping(e) {
			t.Errorf("IsBookkeeping(%q) = false", e)
		}
	}
}
