package infer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/infer"
)

// write creates the files of a tree under a temporary directory.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// load parses the rendered YAML as faultline check would.
func load(t *testing.T, r *infer.Result) *config.Config {
	t.Helper()
	data := r.YAML()
	cfg, err := config.Parse("faultline.yaml", data)
	if err != nil {
		t.Fatalf("the inferred configuration does not load: %v\n%s", err, data)
	}
	return cfg
}

func values(es []config.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Value)
	}
	return out
}

func context(t *testing.T, r *infer.Result, name string) *infer.Context {
	t.Helper()
	for _, x := range r.Contexts {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no context %s among %v", name, names(r))
	return nil
}

func names(r *infer.Result) []string {
	var out []string
	for _, x := range r.Contexts {
		out = append(out, x.Name)
	}
	return out
}

func tables(x *infer.Context) []string {
	var out []string
	for _, g := range x.Tables {
		out = append(out, g.Values[0])
	}
	return out
}

// The catalog example: each context owns its folder and its tables, the platform
// is the shared kernel and the CatalogService facade is no context.
func TestCatalog(t *testing.T) {
	r, err := infer.Infer(filepath.Join("..", "testdata", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := load(t, r)
	if got, want := cfg.Names(), []string{"coreproduct", "inventory", "marketing", "pricing"}; !slices.Equal(got, want) {
		t.Fatalf("contexts %v, want %v", got, want)
	}
	for name, want := range map[string][]string{
		"coreproduct": {"categories", "products"},
		"pricing":     {"price_history"},
		"inventory":   {"stock"},
		"marketing":   {"campaigns"},
	} {
		x := cfg.Context(name)
		if got := values(x.Packages); !slices.Equal(got, []string{"internal/" + name + "/..."}) {
			t.Errorf("%s packages %v", name, got)
		}
		if got := values(x.Tables); !slices.Equal(got, want) {
			t.Errorf("%s tables %v, want %v", name, got, want)
		}
	}
	if got := values(cfg.Context("coreproduct").API); !slices.Equal(got, []string{"internal/coreproduct/api"}) {
		t.Errorf("coreproduct api %v", got)
	}
	if got := values(cfg.Context("pricing").Uses); !slices.Equal(got, []string{"coreproduct"}) {
		t.Errorf("pricing uses %v", got)
	}
	if got := values(cfg.Context("marketing").Uses); !slices.Equal(got, []string{"coreproduct", "inventory"}) {
		t.Errorf("marketing uses %v: want what its code imports today", got)
	}
	if got := values(cfg.Context("pricing").Queries); !slices.Equal(got, []string{"db/queries/pricing/*.sql"}) {
		t.Errorf("pricing queries %v", got)
	}
	if got := values(cfg.Shared.Packages); !slices.Equal(got, []string{"internal/platform/..."}) {
		t.Errorf("shared packages %v", got)
	}
	if got := values(cfg.SQL.Migrations); !slices.Equal(got, []string{"db/migrations"}) {
		t.Errorf("migrations %v", got)
	}
	if len(r.LeftOut) != 1 || r.LeftOut[0].Values[0] != "internal/catalog" || !strings.Contains(r.LeftOut[0].Why, "facade") {
		t.Errorf("left out %+v, want the facade internal/catalog", r.LeftOut)
	}
	if len(r.Unowned.Values) != 1 || !strings.HasPrefix(r.Unowned.Values[0], "audit_log ") {
		t.Errorf("unowned %+v, want audit_log", r.Unowned)
	}

	// Pricing's split columns are offered commented out, never guessed.
	pricing := context(t, r, "pricing")
	if got, want := pricing.Columns.Values, []string{"products.is_on_sale", "products.original_price", "products.sale_price"}; !slices.Equal(got, want) {
		t.Errorf("pricing columns hint %v, want %v", got, want)
	}
	if len(cfg.Context("pricing").Columns) != 0 {
		t.Error("pricing's columns were written as a guess, not as a comment")
	}
	yaml := string(r.YAML())
	for _, want := range []string{
		"    # columns: [products.is_on_sale, products.original_price, products.sale_price]\n",
		"# 2 of 2 statements touching campaigns come from marketing (sure)\n",
		"internal/catalog is left out of the contexts as a facade",
		"Tables in no context: audit_log (db/migrations/000010_create_audit_log.up.sql)",
	} {
		if !strings.Contains(yaml, want) {
			t.Errorf("the YAML lacks %q:\n%s", want, yaml)
		}
	}
	// products is shared by two contexts' columns: the guess says it is unsure.
	for _, g := range context(t, r, "coreproduct").Tables {
		if g.Values[0] == "products" && (g.Confidence != infer.Unsure || !strings.Contains(g.Why, "10")) {
			t.Errorf("products: %v", g)
		}
	}
	// Every guess says how sure it is.
	if n := strings.Count(yaml, "(sure)") + strings.Count(yaml, "(likely)") + strings.Count(yaml, "(unsure)"); n < 15 {
		t.Errorf("only %d guesses say how sure they are:\n%s", n, yaml)
	}
}

func TestDeterministic(t *testing.T) {
	var first []byte
	for i := range 3 {
		r, err := infer.Infer(filepath.Join("..", "testdata", "catalog"))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = r.YAML()
		} else if got := r.YAML(); !bytes.Equal(got, first) {
			t.Fatalf("run %d differs:\n%s\n---\n%s", i, got, first)
		}
	}
}

// A module without internal/ or pkg/ has its contexts at the root; without
// migrations the tables come from the statements alone.
func TestRootLayoutWithoutMigrations(t *testing.T) {
	dir := write(t, map[string]string{
		"go.mod":  "module example.com/shop\n\ngo 1.26\n",
		"main.go": "package main\n\nimport (\n\t_ \"example.com/shop/billing\"\n\t_ \"example.com/shop/orders\"\n)\n\nfunc main() {}\n",
		"orders/orders.go": `package orders

import "example.com/shop/billing"

// sqlc puts the query's name first.
const listOrders = ` + "`-- name: ListOrders :many\nSELECT id, total FROM orders WHERE customer = $1`" + `

const byID = "SELECT id, total " +
	"FROM orders WHERE id = $1"

// Insert is not SQL, nor is its error.
func Insert() error {
	_ = "update failed: %w"
	_ = "INSERT INTO orders (id, total) VALUES ($1, $2)"
	_ = billing.Charge
	return nil
}
`,
		"orders/orders_test.go": "package orders\n\nconst fixture = `INSERT INTO invoices (id) VALUES (1)`\n",
		"billing/billing.go": `package billing

// Charge bills an order.
func Charge() {}

const q = "UPDATE invoices SET paid = true WHERE id = $1"
const peek = "SELECT total FROM orders WHERE id = $1"

// PostgreSQL's catalogs belong to nobody.
const tables = "SELECT relname FROM pg_class JOIN pg_catalog.pg_namespace n ON true"
`,
		"billing/queries/invoices.sql": "-- name: Unpaid :many\nSELECT id FROM invoices WHERE NOT paid;\n",
		"cmd/tool/main.go":             "package main\n\nconst q = `DELETE FROM invoices`\n\nfunc main() {}\n",
	})
	r, err := infer.Infer(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := load(t, r)
	if r.Base != "." || !slices.Equal(cfg.Names(), []string{"billing", "orders"}) {
		t.Fatalf("base %q contexts %v, want billing and orders at the root", r.Base, cfg.Names())
	}
	if got := values(cfg.Context("orders").Tables); !slices.Equal(got, []string{"orders"}) {
		t.Errorf("orders tables %v", got)
	}
	if got := values(cfg.Context("billing").Tables); !slices.Equal(got, []string{"invoices"}) {
		t.Errorf("billing tables %v", got)
	}
	orders := context(t, r, "orders")
	if g := orders.Tables[0]; !strings.HasPrefix(g.Why, "3 of 4 statements touching orders come from orders (billing 1)") {
		t.Errorf("orders table guess: %s (want sqlc, concatenated and plain literals counted, error strings not)", g.Why)
	}
	if got := values(cfg.Context("billing").Queries); !slices.Equal(got, []string{"billing/queries/*.sql"}) {
		t.Errorf("billing queries %v (migrations are not query files)", got)
	}
	if got := values(cfg.Context("orders").Uses); !slices.Equal(got, []string{"billing"}) {
		t.Errorf("orders uses %v", got)
	}
	if got := values(cfg.Context("billing").API); !slices.Equal(got, []string{"billing"}) {
		t.Errorf("billing api %v: want its root package, which exports Charge", got)
	}
	if len(cfg.SQL.Migrations) != 0 || len(cfg.Shared.Packages) != 0 {
		t.Errorf("migrations %v shared %v: want none", values(cfg.SQL.Migrations), values(cfg.Shared.Packages))
	}
	if strings.Contains(string(r.YAML()), "pg_") {
		t.Errorf("a system catalog was taken for a table:\n%s", r.YAML())
	}
	if !strings.Contains(string(r.YAML()), "# sql.migrations: no folder of migrations found") {
		t.Errorf("no word on the missing migrations:\n%s", r.YAML())
	}
}

// Under pkg/, a kernel is recognized by its imports; a table no code touches
// goes to the context it is named after, unsure; the api package is preferred.
func TestPkgLayout(t *testing.T) {
	dir := write(t, map[string]string{
		"go.mod":                   "module example.com/app\n\ngo 1.26\n",
		"pkg/common/log/log.go":    "package log\n\nfunc Printf(string, ...any) {}\n",
		"pkg/users/users.go":       "package users\n\nimport \"example.com/app/pkg/common/log\"\n\nconst q = `SELECT id FROM users`\n\nvar _ = log.Printf\n",
		"pkg/users/api/api.go":     "package api\n\nfunc Lookup() {}\n",
		"pkg/orders/orders.go":     "package orders\n\nimport (\n\t\"example.com/app/pkg/common/log\"\n\t\"example.com/app/pkg/users/api\"\n)\n\nconst q = `SELECT id FROM orders`\n\nvar _, _ = log.Printf, api.Lookup\n",
		"pkg/audit/audit.go":       "package audit\n\nimport \"example.com/app/pkg/common/log\"\n\nvar _ = log.Printf\n",
		"migrations/001_init.sql":  "CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE orders (id int PRIMARY KEY);\nCREATE TABLE order_lines (id int PRIMARY KEY);\nCREATE TABLE audit_events (id int);\nCREATE TABLE misc (id int);\n",
		"sql/queries/orders/q.sql": "SELECT id FROM order_lines;\n",
	})
	r, err := infer.Infer(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := load(t, r)
	if r.Base != "pkg" || !slices.Equal(cfg.Names(), []string{"audit", "orders", "users"}) {
		t.Fatalf("base %q contexts %v", r.Base, cfg.Names())
	}
	if got := values(cfg.Shared.Packages); !slices.Equal(got, []string{"pkg/common/..."}) {
		t.Errorf("shared %v", got)
	}
	if got := values(cfg.Context("orders").Tables); !slices.Equal(got, []string{"order_lines", "orders"}) {
		t.Errorf("orders tables %v", got)
	}
	if got := values(cfg.Context("orders").Queries); !slices.Equal(got, []string{"sql/queries/orders/*.sql"}) {
		t.Errorf("orders queries %v", got)
	}
	if got := values(cfg.Context("audit").Tables); !slices.Equal(got, []string{"audit_events"}) {
		t.Errorf("audit tables %v: want audit_events by its name", got)
	}
	for _, g := range context(t, r, "audit").Tables {
		if g.Confidence != infer.Unsure {
			t.Errorf("a table guessed by its name alone must be unsure: %v", g)
		}
	}
	if got := values(cfg.Context("users").API); !slices.Equal(got, []string{"pkg/users/api"}) {
		t.Errorf("users api %v", got)
	}
	if got := values(cfg.Context("audit").API); len(got) != 0 {
		t.Errorf("audit api %v: its root package exports no function", got)
	}
	if !slices.ContainsFunc(r.Unowned.Values, func(s string) bool { return strings.HasPrefix(s, "misc") }) {
		t.Errorf("unowned %v, want misc", r.Unowned.Values)
	}
	if got := values(cfg.SQL.Migrations); !slices.Equal(got, []string{"migrations"}) {
		t.Errorf("migrations %v: want migrations/ and not sql/, which holds only query files", got)
	}
}

// When one folder holds everything, the contexts are its subfolders.
func TestNestedBase(t *testing.T) {
	r, err := infer.Infer(write(t, map[string]string{
		"go.mod":                          "module example.com/app\n\ngo 1.26\n",
		"internal/app/app.go":             "package app\n",
		"internal/app/orders/orders.go":   "package orders\n",
		"internal/app/billing/billing.go": "package billing\n",
		"internal/app/billing/inv/inv.go": "package inv\n",
		"internal/solo/only/only.go":      "package only\n",
		"internal/solo/only/deeper/x.go":  "package deeper\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg := load(t, r); len(cfg.Contexts) != 2 {
		t.Fatalf("contexts %v, want app and solo: two folders under internal/", cfg.Names())
	}
	r, err = infer.Infer(write(t, map[string]string{
		"go.mod":                          "module example.com/app\n\ngo 1.26\n",
		"internal/app/app.go":             "package app\n",
		"internal/app/orders/orders.go":   "package orders\n",
		"internal/app/billing/billing.go": "package billing\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	cfg := load(t, r)
	if r.Base != "internal/app" || !slices.Equal(cfg.Names(), []string{"billing", "orders"}) {
		t.Fatalf("base %q contexts %v, want billing and orders under internal/app", r.Base, cfg.Names())
	}
	if got := values(cfg.Context("orders").Packages); !slices.Equal(got, []string{"internal/app/orders/..."}) {
		t.Errorf("orders packages %v", got)
	}
}

func TestEmpty(t *testing.T) {
	r, err := infer.Infer(write(t, map[string]string{"README.md": "nothing here\n"}))
	if err != nil {
		t.Fatal(err)
	}
	// Nothing to infer: the file says to declare the contexts by hand, and
	// loading it says so too rather than check nothing.
	data := r.YAML()
	_, err = config.Parse("faultline.yaml", data)
	if !config.IsConfigError(err) || !strings.Contains(err.Error(), "contexts is empty") || !strings.Contains(string(data), "declare the contexts") {
		t.Errorf("an empty inference loads as %v:\n%s", err, data)
	}
	if _, err := infer.Infer(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("no error for a missing directory")
	}
}
