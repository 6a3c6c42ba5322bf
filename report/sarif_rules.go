package report

import (
	"strings"

	"github.com/faultline/faultline/finding"
)

// HelpURI is where the README documents a kind: its section "kind-<kind>".
func HelpURI(k finding.Kind) string {
	return "https://github.com/faultline/faultline#kind-" + string(k)
}

// kindDoc documents one kind of finding for SARIF rules: what it is in a line,
// what it means, and what to do about it.
type kindDoc struct {
	name  string // SARIF rule name, PascalCase
	short string
	full  string
	help  string
}

// accept is how every coupling kind can be let through while it is being cut.
const accept = "\n\nTo let it through while it is being cut: an allow entry in faultline.yaml with a reason, a `faultline:ignore <kind> <reason>` comment on the line, or `faultline baseline`."

var kindDocs = map[finding.Kind]kindDoc{
	finding.Import: {
		"ContextImport",
		"Code imports a package of a context it does not declare in `uses`.",
		"Code of one bounded context imports a package of another context that is not in its `uses` list in faultline.yaml. The dependency is undeclared, so extracting either context breaks the build.",
		"Depend on the other context deliberately: add it to `uses` and import only its `api` packages, or invert the dependency (the other context publishes an event or implements an interface this one defines).",
	},
	finding.Private: {
		"ContextPrivate",
		"Code uses a non-api package or object of another context.",
		"Code of one context imports, or reaches through a returned value, a package or object of another context that is not in that context's `api`. Its internals cannot change, or move into a service, without breaking this caller.",
		"Go through the other context's api package: ask its owners to publish what is needed there, and stop importing or calling its internals (a leaked repository type is the usual case).",
	},
	finding.Cycle: {
		"ContextCycle",
		"Contexts depend on each other in a loop.",
		"The contexts of the cycle depend on each other through code or data, so none of them can be extracted before the edge that closes the loop is cut.",
		"Cut the weakest edge of the loop first (often a trigger or a callback): faultline rank shows which edge its extraction steps remove.",
	},
	finding.ForeignTable: {
		"ForeignTable",
		"Code reads or writes a table or column another context owns.",
		"SQL issued by one context's code (or through a shared-kernel helper it calls) reads or writes a table or column that faultline.yaml gives to another context. The database is a hidden path between the two: the owner cannot change or move its data without breaking this query.",
		"Ask the owning context through its api (or an event) instead of querying its tables; until then keep a copy of the data this context needs, synchronized from the owner.",
	},
	finding.CrossJoin: {
		"CrossJoin",
		"One SQL statement touches tables of two or more contexts.",
		"A single statement joins or combines tables of different contexts. Once the contexts have their own databases it cannot run; the data has to be combined in code.",
		"Split the statement into one query per context and combine the results in the code of the context that needs them, through the other context's api.",
	},
	finding.CrossTransaction: {
		"CrossTransaction",
		"One transaction writes tables of two or more contexts.",
		"A database transaction writes tables owned by different contexts. After extraction no single transaction can span them: the write has to become a saga (or an outbox with compensation).",
		"Make each context write its own tables in its own transaction and coordinate the steps with events and compensating actions (a saga), or move the write that does not belong to this context behind the owner's api.",
	},
	finding.ForeignKey: {
		"CrossContextForeignKey",
		"A foreign key joins tables of two contexts.",
		"A foreign key constraint references a table of another context. The databases cannot be separated while it exists, and the owner cannot delete or move rows freely.",
		"Keep the referenced identifier (it is the cross-system key) but drop the constraint, and check the reference in code or through events; the fix text has the ALTER TABLE ... DROP CONSTRAINT.",
	},
	finding.Trigger: {
		"CrossContextTrigger",
		"A trigger on one context's table touches another context's tables.",
		"A trigger on a table of one context runs a function that reads or writes tables of another. Writes in the first context silently change the second's data.",
		"Replace the trigger with an event the owning context publishes and the other consumes, then drop the trigger (it usually moves to the other side when the tables are split).",
	},
	finding.View: {
		"CrossContextView",
		"A view spans tables of two or more contexts.",
		"A view or materialized view selects from tables of different contexts, so neither context's tables can move without breaking it.",
		"Build the combined read model in the context that needs it, fed from the owners' apis or events, and drop the view.",
	},
	finding.Function: {
		"CrossContextFunction",
		"A database function touches tables of two or more contexts.",
		"An SQL function or procedure reads or writes tables or columns of different contexts; it ties their data together inside the database.",
		"Split the function by context, and move the part that combines the contexts' data into code that calls each context's api.",
	},
	finding.Sequence: {
		"CrossContextSequence",
		"A context uses another context's sequence.",
		"A sequence owned by one context supplies a default or is advanced by a trigger in another context, so the identifiers of both come from one database object.",
		"Give the using context its own sequence (or UUIDs), starting above the values already issued.",
	},
	finding.SharedTable: {
		"SharedTable",
		"A table's columns belong to two or more contexts.",
		"The columns of one table are claimed by different contexts (with `columns:` in faultline.yaml), for example core product's name and pricing's prices in one products table. The table has to be split before either context can leave.",
		"Split the table: move the columns of the other context into a table of its own keyed by the same identifier, copy the data, and switch the readers and writers over.",
	},
	finding.UnownedTable: {
		"UnownedTable",
		"A table no context and not the shared kernel owns.",
		"No context lists this table in faultline.yaml and it is not in the shared kernel, so faultline cannot tell who may use it and no coupling through it is found.",
		"Give the table to the context that writes it (`tables:` in faultline.yaml), or to the shared kernel if every context may use it.",
	},
	finding.RuntimeCrossJoin: {
		"RuntimeCrossJoin",
		"A statement seen in pg_stat_statements spans contexts.",
		"The live database ran a statement that touches tables of two or more contexts, with the number of calls and time spent. It may come from code faultline cannot analyze statically (dynamic SQL, another service, a report).",
		"Find the caller (the query text and the database role help), then cut it like a cross-join.",
	},
	finding.Drift: {
		"SchemaDrift",
		"The migrations and the database disagree.",
		"A table, column, foreign key or trigger exists in the migrations or in the live database but not in both, so the analysis of one does not describe the other.",
		"Reconcile them: add a migration for what the database has, or apply the migrations the database lacks; the fix text has the SQL.",
	},
	finding.ParseError: {
		"ParseError",
		"SQL that could not be parsed.",
		"A statement, migration or query file could not be parsed (with the PostgreSQL 17 grammar) or applied; the rest of the analysis went on without it, so couplings in it are not reported.",
		"Fix the SQL, or tell faultline what the file is (a migration tool's format, a template) so it is read correctly.",
	},
	finding.StaleAllow: {
		"StaleAllow",
		"An allow entry in faultline.yaml covers no finding.",
		"An allow entry excuses a coupling that no longer occurs. Left in place it would let the coupling come back unnoticed.",
		"Remove the allow entry from faultline.yaml.",
	},
	finding.UnusedIgnore: {
		"UnusedIgnore",
		"A faultline:ignore comment suppresses nothing, or is malformed.",
		"A faultline:ignore comment names a kind no finding on its line (or statement) has, is not followed by code, or lacks a kind or the mandatory reason, so it suppresses nothing.",
		"Remove the comment, or write it as `//faultline:ignore <kind> <reason>` (Go) or `-- faultline:ignore <kind> <reason>` (SQL) directly above or at the end of the reported line.",
	},
	finding.StaleBaseline: {
		"StaleBaseline",
		"A baseline entry no longer occurs (or occurs fewer times).",
		"faultline.baseline.yaml counts more findings of a key than the check finds: a coupling was cut. The baseline must shrink so the coupling cannot come back unnoticed.",
		"Run `faultline baseline` and commit faultline.baseline.yaml.",
	},
	finding.Config: {
		"ConfigWarning",
		"An entry of faultline.yaml matches nothing.",
		"A table or column entry of faultline.yaml matches nothing in the catalog; the schema moved on and the configuration did not.",
		"Update or remove the entry in faultline.yaml.",
	},
}

// doc returns the documentation of a kind, with a generic text for kinds the
// table does not know yet.
func doc(k finding.Kind) kindDoc {
	if d, ok := kindDocs[k]; ok {
		if k != finding.StaleAllow && k != finding.UnusedIgnore && k != finding.StaleBaseline && k != finding.Config && k != finding.ParseError && k != finding.Drift {
			d.help += accept
		}
		return d
	}
	var name strings.Builder
	for _, part := range strings.Split(string(k), "-") {
		if part != "" {
			name.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return kindDoc{
		name:  name.String(),
		short: "A faultline finding of kind " + string(k) + ".",
		full:  "A faultline finding of kind " + string(k) + ".",
		help:  "See the README.",
	}
}
