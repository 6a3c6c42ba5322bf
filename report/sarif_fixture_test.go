package report

import "github.com/faultline/faultline/finding"

// The fixture of the SARIF, GitHub and Markdown golden tests: the catalog example
// (testdata/catalog, its README's planted couplings) on a branch where the schema
// couplings were baselined, one foreign key is allowed, the marketing cross-joins
// are suppressed by a comment, one baseline entry went stale and a live database
// reports a runtime cross-join.

const (
	pricing     = "pricing"
	coreproduct = "coreproduct"
	inventory   = "inventory"
	marketing   = "marketing"
)

func ff(kind finding.Kind, sev finding.Severity, from, to, subject, file string, line, col int, msg, fix string) finding.Finding {
	return finding.Finding{Kind: kind, Severity: sev, From: from, To: to, Subject: subject, File: file, Line: line, Column: col, Message: msg, Fix: fix}
}

// catalogFindings are what check reports after the baseline: the fresh findings,
// the allowed and suppressed ones, and the stale baseline entry, sorted.
func catalogFindings() []finding.Finding {
	fs := []finding.Finding{
		// Rows 1 and 2: private.
		ff(finding.Private, finding.Error, pricing, coreproduct, "import of example.com/catalog/internal/coreproduct/repository",
			"internal/pricing/quote.go", 7, 2,
			"pricing imports example.com/catalog/internal/coreproduct/repository, which is not in coreproduct's api",
			"call coreproduct through example.com/catalog/internal/coreproduct/api instead"),
		ff(finding.Private, finding.Error, pricing, coreproduct, "(*repository.Products).ActiveSKUs",
			"internal/pricing/sale.go", 13, 36,
			"pricing calls (*repository.Products).ActiveSKUs, which coreproduct's api leaks through api.Client.Repository()",
			"ask coreproduct to publish ActiveSKUs in its api package"),
		// Row 3: import.
		ff(finding.Import, finding.Error, marketing, inventory, "import of example.com/catalog/internal/inventory",
			"internal/marketing/service.go", 12, 2,
			"marketing imports example.com/catalog/internal/inventory, but inventory is not in marketing's uses",
			"add inventory to marketing's uses in faultline.yaml and go through its api, or drop the dependency"),
		// Rows 4 to 7.
		{Kind: finding.ForeignTable, Severity: finding.Error, From: pricing, To: coreproduct, Subject: "read products.category_name, products.is_active, products.name",
			File: "internal/pricing/quote.go", Line: 21, Column: 33, Access: finding.Read,
			Tables: []string{"public.products"}, Columns: []string{"public.products.category_name", "public.products.is_active", "public.products.name"},
			Message: "pricing reads products.name, products.category_name, products.is_active (coreproduct's) through store.LoadProduct: 3 columns, 100% of them another context's",
			Fix:     "get the product from coreproduct's api (api.Client.Product) instead of reading its columns"},
		{Kind: finding.ForeignTable, Severity: finding.Error, From: pricing, To: coreproduct, Subject: "read products.category_name, products.is_active",
			File: "internal/pricing/repository/prices.go", Line: 58, Column: 35, Access: finding.Read,
			Tables: []string{"public.products"}, Columns: []string{"public.products.category_name", "public.products.is_active"},
			Message: "pricing reads products.category_name, products.is_active (coreproduct's) in the CTE current_prices",
			Fix:     "ask coreproduct for the active SKUs of the category, then read pricing's own columns by sku"},
		{Kind: finding.ForeignTable, Severity: finding.Error, From: pricing, To: coreproduct, Subject: "write products.is_active",
			File: "internal/pricing/repository/history.go", Line: 54, Column: 28, Access: finding.Write,
			Tables: []string{"public.products"}, Columns: []string{"public.products.is_active"},
			Message: "pricing writes products.is_active (coreproduct's): UPDATE products SET is_active = false WHERE sku = $1",
			Fix:     "have coreproduct deactivate the product (an api call or a ProductCleared event)"},
		{Kind: finding.CrossTransaction, Severity: finding.Error, From: pricing, To: coreproduct, Subject: "Prices.Clearance",
			File: "internal/pricing/repository/history.go", Line: 42, Column: 15, Access: finding.Write,
			Tables:  []string{"public.price_history", "public.products"},
			Message: "the transaction of Prices.Clearance writes pricing's products.sale_price, products.is_on_sale, price_history and coreproduct's products.is_active",
			Fix:     "make the clearance a saga: pricing commits its prices, then coreproduct deactivates the product on a ProductCleared event"},
		// Rows 8 and 9, suppressed by a comment; rows 10 and 11.
		{Kind: finding.CrossJoin, Severity: finding.Error, From: marketing, To: coreproduct, Subject: "products JOIN stock",
			File: "internal/marketing/campaigns.go", Line: 57, Column: 36, Tables: []string{"public.products", "public.stock"},
			Message:   "one statement joins marketing's view of products (coreproduct's) with stock (inventory's)",
			Fix:       "query coreproduct and inventory through their apis and join in marketing's code",
			AllowedBy: "faultline:ignore at internal/marketing/campaigns.go:56: TICKET-40 campaigns get their own read model in step 5",
			Excuse:    &finding.Excuse{By: finding.ByIgnore, Reason: "TICKET-40 campaigns get their own read model in step 5", File: "internal/marketing/campaigns.go", Line: 56}},
		{Kind: finding.CrossJoin, Severity: finding.Error, From: marketing, To: inventory, Subject: "products JOIN stock",
			File: "internal/marketing/campaigns.go", Line: 57, Column: 36, Tables: []string{"public.products", "public.stock"},
			Message:   "one statement joins stock (inventory's) with products (coreproduct's)",
			Fix:       "query coreproduct and inventory through their apis and join in marketing's code",
			AllowedBy: "faultline:ignore at internal/marketing/campaigns.go:56: TICKET-40 campaigns get their own read model in step 5",
			Excuse:    &finding.Excuse{By: finding.ByIgnore, Reason: "TICKET-40 campaigns get their own read model in step 5", File: "internal/marketing/campaigns.go", Line: 56}},
		{Kind: finding.ForeignTable, Severity: finding.Error, From: marketing, To: coreproduct, Subject: "read products.category_name, products.is_active, products.name, products.sku",
			File: "internal/marketing/campaigns.go", Line: 57, Column: 36, Access: finding.Read,
			Message: "marketing reads products.sku, products.name, products.category_name, products.is_active (coreproduct's)",
			Fix:     "get the candidates from coreproduct's api"},
		{Kind: finding.ForeignTable, Severity: finding.Error, From: marketing, To: inventory, Subject: "read stock.quantity, stock.sku",
			File: "internal/marketing/campaigns.go", Line: 57, Column: 36, Access: finding.Read,
			Message: "marketing reads stock.sku, stock.quantity (inventory's)",
			Fix:     "ask inventory for stock levels through its api"},
		// Row 12.
		ff(finding.ForeignTable, finding.Error, pricing, coreproduct, "read products.name",
			"db/queries/pricing/prices.sql", 7, 1,
			"query GetPriceLabel of pricing reads products.name (coreproduct's)",
			"drop the name from the label query and take it from coreproduct's api"),
		// Row 14, allowed in faultline.yaml.
		{Kind: finding.ForeignKey, Severity: finding.Error, From: pricing, To: coreproduct, Subject: "price_history_sku_fkey",
			File: "db/migrations/000003_create_price_history.up.sql", Line: 9, Column: 5,
			Message:   "foreign key price_history_sku_fkey: price_history(sku) (pricing's) references products(sku) (coreproduct's)",
			Fix:       "ALTER TABLE price_history DROP CONSTRAINT price_history_sku_fkey;",
			AllowedBy: "TICKET-12 until step 6"},
		// Row 20.
		ff(finding.UnownedTable, finding.Warning, "", "", "public.audit_log",
			"db/migrations/000010_create_audit_log.up.sql", 2, 1,
			"table audit_log belongs to no context and not to the shared kernel",
			"list audit_log under the tables of the context that writes it, or under shared.tables"),
		// Derived: the cycle.
		ff(finding.Cycle, finding.Error, coreproduct, pricing, "coreproduct -> pricing -> coreproduct",
			"db/migrations/000005_log_list_price_changes.up.sql", 12, 1,
			"coreproduct and pricing depend on each other: the trigger products_log_list_price_change (coreproduct->pricing) closes the loop",
			"cut the trigger first: pricing's extraction step 3 moves it to pricing's side"),
		// A comment that suppresses nothing.
		ff(finding.UnusedIgnore, finding.Warning, "", "", "internal/pricing/service.go faultline:ignore import",
			"internal/pricing/service.go", 10, 1,
			"faultline:ignore import suppresses nothing: no import finding on line 11",
			"remove the comment (or the kinds it names in vain): the coupling it excused is gone"),
		// The baseline's view entry: the view was dropped on this branch.
		ff(finding.StaleBaseline, finding.Error, inventory, coreproduct, "view view available_products",
			"faultline.baseline.yaml", 19, 7,
			`baseline entry view inventory->coreproduct "view available_products" no longer occurs: the coupling is gone`,
			"run `faultline baseline` to shrink faultline.baseline.yaml and commit it, so the coupling cannot come back unnoticed"),
		// From the live database: no file, a catalog object.
		{Kind: finding.RuntimeCrossJoin, Severity: finding.Warning, From: marketing, To: inventory, Subject: "SELECT p.sku, s.quantity FROM products p JOIN stock s USING (sku) WHERE s.quantity < $1",
			Object: "pg_stat_statements.queryid=4215358233620195744", Calls: 1523, TotalMillis: 842.5,
			Message: "a statement run 1523 times (842.5 ms) joins stock (inventory's) with products (coreproduct's)",
			Fix:     "find the caller (role marketing_svc) and split the statement by context"},
		// Info: not failing, shown as a note.
		{Kind: finding.ParseError, Severity: finding.Info, Subject: "db/queries/pricing/report.sql.tmpl", File: "db/queries/pricing/prices.sql", Line: 30, Column: 1,
			Message: "skipped a psql meta-command (\\set) in a query file", Fix: "nothing to do"},
	}
	return finding.Sort(fs)
}

// catalogKnown are the findings the baseline let through: the schema couplings.
func catalogKnown() []finding.Finding {
	return finding.Sort([]finding.Finding{
		ff(finding.SharedTable, finding.Error, pricing, coreproduct, "products",
			"db/migrations/000001_create_products.up.sql", 3, 1,
			"table products holds coreproduct's sku, name, category_name, is_active, created_at and pricing's original_price, sale_price, is_on_sale",
			"split products: move original_price, sale_price, is_on_sale to a pricing table keyed by sku"),
		ff(finding.Trigger, finding.Error, coreproduct, pricing, "trigger products_log_list_price_change on products",
			"db/migrations/000005_log_list_price_changes.up.sql", 12, 1,
			"trigger products_log_list_price_change on products (coreproduct's) runs log_list_price_change(), which inserts into price_history (pricing's)",
			"DROP TRIGGER products_log_list_price_change ON products; publish a ListPriceChanged event instead"),
		ff(finding.ForeignKey, finding.Error, inventory, coreproduct, "stock_sku_fkey",
			"db/migrations/000006_create_stock.up.sql", 2, 25,
			"foreign key stock_sku_fkey: stock(sku) (inventory's) references products(sku) (coreproduct's)",
			"ALTER TABLE stock DROP CONSTRAINT stock_sku_fkey;"),
		ff(finding.Sequence, finding.Error, marketing, coreproduct, "category_id_seq",
			"db/migrations/000007_create_campaigns.up.sql", 4, 27,
			"campaigns.id (marketing's) defaults to nextval('category_id_seq'), a sequence of coreproduct's",
			"CREATE SEQUENCE campaigns_id_seq; ALTER TABLE campaigns ALTER COLUMN id SET DEFAULT nextval('campaigns_id_seq');"),
		ff(finding.Function, finding.Error, pricing, coreproduct, "function category_price_range(text)",
			"db/migrations/000009_create_category_functions.up.sql", 2, 1,
			"function category_price_range(text) reads coreproduct's products.category_name, products.is_active with pricing's original_price, sale_price, is_on_sale",
			"compute the range in pricing's code from coreproduct's list of active SKUs"),
	})
}

// summaryOf counts the fixture the way faultline check does.
func summaryOf(findings, known []finding.Finding) Summary {
	sum := Summary{ByKind: map[string]int{}, Known: len(known), Packages: 14, Migrations: 10, QueryFiles: 1, UnownedTables: 1, LiveCatalog: true}
	for _, f := range findings {
		if f.AllowedBy != "" {
			sum.Allowed++
			continue
		}
		sum.ByKind[string(f.Kind)]++
		switch f.Severity {
		case finding.Error:
			sum.Errors++
			sum.New++
		case finding.Warning:
			sum.Warn++
			sum.New++
		default:
			sum.Info++
		}
		if f.Kind == finding.StaleBaseline {
			sum.Stale++
		}
	}
	sum.Findings = sum.New
	return sum
}
