package finding

import "strings"

// Layer says where a kind of finding is found: it is what the HTML report filters by
// and what tells a code coupling from a data coupling.
type Layer string

const (
	LayerCode    Layer = "code"    // Go code: imports, uses of objects
	LayerSQL     Layer = "sql"     // SQL issued by code or kept in query files
	LayerSchema  Layer = "schema"  // the catalog: migrations or a live database
	LayerRuntime Layer = "runtime" // what a database or the guard saw run
	LayerGraph   Layer = "graph"   // derived from the whole graph (cycles)
	LayerMeta    Layer = "meta"    // faultline's own files: config, comments, baseline
)

// KindInfo is everything faultline knows about a kind, declared once: the detectors
// set Kind and Severity from it, the verdict stage asks whether it can be excused,
// rank weighs it by its family, the cut set files it under its step, and the SARIF
// rules and the docs take their text from it.
type KindInfo struct {
	Kind     Kind
	Layer    Layer
	Severity Severity // the severity detectors give it (foreign-table: by access)
	// Family is the dependency family the graph weighs a finding of this kind as;
	// "" when the kind is no dependency between contexts. foreign-table is split by
	// its access into foreign-read and foreign-write (see FamilyOf).
	Family string
	// Own marks reports on faultline's own files and comments: fixed by editing
	// those, never suppressed, allowed or baselined.
	Own bool
	// Rule, Short, Full and Help are the SARIF rule's name and texts.
	Rule, Short, Full, Help string
}

// FamilyInfo is one dependency family of the graph: its default rank weight, whether
// it is a hard constraint, where the cut set files it and what it says to do.
type FamilyInfo struct {
	Name  string
	Layer Layer
	// Weight is the default rank weight (rank.weights overrides it).
	Weight float64
	// Hard marks what the database enforces across the boundary, or a write into
	// another context's data.
	Hard bool
	// Noun and Nouns name one and several of it in sentences.
	Noun, Nouns string
	// StepOut and ActionOut are the extraction step and the action for the context
	// being extracted when it depends on the other one; StepIn and ActionIn when the
	// other one depends on it. In the actions %[1]s is the other context and %[2]s
	// the extracted one. Step 0 means nothing to cut (a symptom of other edges).
	StepOut, StepIn     int
	ActionOut, ActionIn string
}

// Families that are not kinds: a foreign-table finding is weighed by its access, a
// use of another context's api and commits changing two contexts are dependencies
// without being findings.
const (
	FamilyForeignRead    = "foreign-read"
	FamilyForeignWrite   = "foreign-write"
	FamilyAPI            = "api"
	FamilyChangeCoupling = "change-coupling"
)

// accept is how every excusable kind can be let through while it is being cut.
const accept = "\n\nTo let it through while it is being cut: an allow entry in faultline.yaml with a reason, a `faultline:ignore <kind> <reason>` comment on the line, or `faultline baseline`."

// kinds is the table of kinds, in the order of DESIGN.md, then faultline's own.
var kinds = []KindInfo{
	{Import, LayerCode, Error, string(Import), false, "ContextImport",
		"Code imports a package of a context it does not declare in `uses`.",
		"Code of one bounded context imports a package of another context that is not in its `uses` list in faultline.yaml. The dependency is undeclared, so extracting either context breaks the build.",
		"Depend on the other context deliberately: add it to `uses` and import only its `api` packages, or invert the dependency (the other context publishes an event or implements an interface this one defines)."},
	{Private, LayerCode, Error, string(Private), false, "ContextPrivate",
		"Code uses a non-api package or object of another context.",
		"Code of one context imports, or reaches through a returned value, a package or object of another context that is not in that context's `api`. Its internals cannot change, or move into a service, without breaking this caller.",
		"Go through the other context's api package: ask its owners to publish what is needed there, and stop importing or calling its internals (a leaked repository type is the usual case)."},
	{Cycle, LayerGraph, Warning, "", false, "ContextCycle",
		"Contexts depend on each other in a loop.",
		"The contexts of the cycle depend on each other through code or data, so none of them can be extracted before the edge that closes the loop is cut.",
		"Cut the weakest edge of the loop first (often a trigger or a callback): faultline rank shows which edge its extraction steps remove."},
	{ForeignTable, LayerSQL, Warning, FamilyForeignRead, false, "ForeignTable",
		"Code reads or writes a table or column another context owns.",
		"SQL issued by one context's code (or through a shared-kernel helper it calls) reads or writes a table or column that faultline.yaml gives to another context. The database is a hidden path between the two: the owner cannot change or move its data without breaking this query.",
		"Ask the owning context through its api (or an event) instead of querying its tables; until then keep a copy of the data this context needs, synchronized from the owner."},
	{CrossJoin, LayerSQL, Error, string(CrossJoin), false, "CrossJoin",
		"One SQL statement touches tables of two or more contexts.",
		"A single statement joins or combines tables of different contexts. Once the contexts have their own databases it cannot run; the data has to be combined in code.",
		"Split the statement into one query per context and combine the results in the code of the context that needs them, through the other context's api."},
	{CrossTransaction, LayerSQL, Error, string(CrossTransaction), false, "CrossTransaction",
		"One transaction writes tables of two or more contexts.",
		"A database transaction writes tables owned by different contexts. After extraction no single transaction can span them: the write has to become a saga (or an outbox with compensation).",
		"Make each context write its own tables in its own transaction and coordinate the steps with events and compensating actions (a saga), or move the write that does not belong to this context behind the owner's api."},
	{ForeignKey, LayerSchema, Error, string(ForeignKey), false, "CrossContextForeignKey",
		"A foreign key joins tables of two contexts.",
		"A foreign key constraint references a table of another context. The databases cannot be separated while it exists, and the owner cannot delete or move rows freely.",
		"Keep the referenced identifier (it is the cross-system key) but drop the constraint, and check the reference in code or through events; the fix text has the ALTER TABLE ... DROP CONSTRAINT."},
	{Trigger, LayerSchema, Error, string(Trigger), false, "CrossContextTrigger",
		"A trigger on one context's table touches another context's tables.",
		"A trigger on a table of one context runs a function that reads or writes tables of another. Writes in the first context silently change the second's data.",
		"Replace the trigger with an event the owning context publishes and the other consumes, then drop the trigger (it usually moves to the other side when the tables are split)."},
	{View, LayerSchema, Error, string(View), false, "CrossContextView",
		"A view spans tables of two or more contexts.",
		"A view or materialized view selects from tables of different contexts, so neither context's tables can move without breaking it.",
		"Build the combined read model in the context that needs it, fed from the owners' apis or events, and drop the view."},
	{Function, LayerSchema, Error, string(Function), false, "CrossContextFunction",
		"A database function touches tables of two or more contexts.",
		"An SQL function or procedure reads or writes tables or columns of different contexts; it ties their data together inside the database.",
		"Split the function by context, and move the part that combines the contexts' data into code that calls each context's api."},
	{Sequence, LayerSchema, Error, string(Sequence), false, "CrossContextSequence",
		"A context uses another context's sequence.",
		"A sequence owned by one context supplies a default or is advanced by a trigger in another context, so the identifiers of both come from one database object.",
		"Give the using context its own sequence (or UUIDs), starting above the values already issued."},
	{SharedTable, LayerSchema, Error, string(SharedTable), false, "SharedTable",
		"A table's columns belong to two or more contexts.",
		"The columns of one table are claimed by different contexts (with `columns:` in faultline.yaml), for example core product's name and pricing's prices in one products table. The table has to be split before either context can leave.",
		"Split the table: move the columns of the other context into a table of its own keyed by the same identifier, copy the data, and switch the readers and writers over."},
	{UnownedTable, LayerSchema, Info, "", false, "UnownedTable",
		"A table no context and not the shared kernel owns.",
		"No context lists this table in faultline.yaml and it is not in the shared kernel, so faultline cannot tell who may use it and no coupling through it is found.",
		"Give the table to the context that writes it (`tables:` in faultline.yaml), or to the shared kernel if every context may use it."},
	{RuntimeCrossJoin, LayerRuntime, Error, string(RuntimeCrossJoin), false, "RuntimeCrossJoin",
		"A statement seen in pg_stat_statements spans contexts.",
		"The live database ran a statement that touches tables of two or more contexts, with the number of calls and time spent. It may come from code faultline cannot analyze statically (dynamic SQL, another service, a report).",
		"Find the caller (the query text and the database role help), then cut it like a cross-join."},
	{Drift, LayerSchema, Info, "", false, "SchemaDrift",
		"The migrations and the database disagree.",
		"A table, column, foreign key or trigger exists in the migrations or in the live database but not in both, so the analysis of one does not describe the other.",
		"Reconcile them: add a migration for what the database has, or apply the migrations the database lacks; the fix text has the SQL."},
	{ParseError, LayerSQL, Warning, "", false, "ParseError",
		"SQL that could not be parsed.",
		"A statement, migration or query file could not be parsed (with the PostgreSQL 17 grammar) or applied; the rest of the analysis went on without it, so couplings in it are not reported.",
		"Fix the SQL, or tell faultline what the file is (a migration tool's format, a template) so it is read correctly."},
	{StaleAllow, LayerMeta, Warning, "", true, "StaleAllow",
		"An allow entry in faultline.yaml covers no finding.",
		"An allow entry excuses a coupling that no longer occurs. Left in place it would let the coupling come back unnoticed.",
		"Remove the allow entry from faultline.yaml."},
	{UnusedIgnore, LayerMeta, Warning, "", true, "UnusedIgnore",
		"A faultline:ignore comment suppresses nothing, or is malformed.",
		"A faultline:ignore comment names a kind no finding on its line (or statement) has, is not followed by code, or lacks a kind or the mandatory reason, so it suppresses nothing.",
		"Remove the comment, or write it as `//faultline:ignore <kind> <reason>` (Go) or `-- faultline:ignore <kind> <reason>` (SQL) directly above or at the end of the reported line."},
	{StaleBaseline, LayerMeta, Error, "", true, "StaleBaseline",
		"A baseline entry no longer occurs (or occurs fewer times).",
		"faultline.baseline.yaml counts more findings of a key than the check finds: a coupling was cut. The baseline must shrink so the coupling cannot come back unnoticed.",
		"Run `faultline baseline` and commit faultline.baseline.yaml."},
	{Config, LayerMeta, Warning, "", true, "ConfigWarning",
		"An entry of faultline.yaml matches nothing.",
		"A table or column entry of faultline.yaml matches nothing in the catalog; the schema moved on and the configuration did not.",
		"Update or remove the entry in faultline.yaml."},
}

// families is the table of dependency families, from the hardest to the softest;
// renderers list an edge's families in this order.
var families = []FamilyInfo{
	{string(SharedTable), LayerSchema, 8, true, "shared table", "shared tables", 3, 3,
		"split the table: %[2]s's columns go to a table of their own", "split the table: %[2]s's columns go to a table of their own"},
	{string(ForeignKey), LayerSchema, 8, true, "foreign key", "foreign keys", 2, 2,
		"drop the foreign key; check the reference in code", "drop the foreign key; check the reference in code"},
	{string(Trigger), LayerSchema, 8, true, "trigger", "triggers", 2, 2,
		"replace the trigger with an event the owner publishes", "replace the trigger with an event the owner publishes"},
	{FamilyForeignWrite, LayerSQL, 8, true, "foreign write", "foreign writes", 2, 2,
		"route the write through %[1]s's API", "route %[1]s's write through %[2]s's API"},
	{string(CrossTransaction), LayerSQL, 8, true, "cross-context transaction", "cross-context transactions", 2, 2,
		"turn the transaction into a saga: one local transaction per context", "turn the transaction into a saga: one local transaction per context"},
	{string(View), LayerSchema, 5, false, "view", "views", 2, 2,
		"replace the view with a read model or API calls", "replace the view with a read model or API calls"},
	{string(Function), LayerSchema, 5, false, "function", "functions", 2, 2,
		"split the function so that each context reads only its own data", "split the function so that each context reads only its own data"},
	{string(CrossJoin), LayerSQL, 5, false, "cross-context join", "cross-context joins", 2, 2,
		"move the join into code: query each context on its own", "move the join into code: query each context on its own"},
	{string(RuntimeCrossJoin), LayerRuntime, 5, false, "cross-context join at run time", "cross-context joins at run time", 2, 2,
		"move the join into code: query each context on its own", "move the join into code: query each context on its own"},
	{string(Sequence), LayerSchema, 3, false, "shared sequence", "shared sequences", 2, 2,
		"give each context its own id source", "give each context its own id source"},
	{FamilyForeignRead, LayerSQL, 3, false, "foreign read", "foreign reads", 4, 7,
		"read through %[1]s's API: a call back into the monolith", "%[1]s reads %[2]s's data: give it a copy fed by %[2]s's events, or a call"},
	{string(Import), LayerCode, 2, false, "forbidden import", "forbidden imports", 2, 2,
		"call %[1]s through its API instead", "route %[1]s's call through %[2]s's API"},
	{string(Private), LayerCode, 2, false, "use of internals", "uses of internals", 2, 2,
		"call %[1]s through its API instead", "route %[1]s's call through %[2]s's API"},
	{FamilyChangeCoupling, LayerCode, 2, false, "commit changing both", "commits changing both", 0, 0, "", ""},
	{FamilyAPI, LayerCode, 1, false, "API use", "API uses", 4, 5,
		"becomes a remote call to %[1]s", "move %[1]s's call to %[2]s's service"},
}

// Kinds lists every kind in the order DESIGN.md gives them, then faultline's own.
var Kinds = func() []Kind {
	out := make([]Kind, len(kinds))
	for i, k := range kinds {
		out[i] = k.Kind
	}
	return out
}()

var kindIndex = func() map[Kind]*KindInfo {
	m := make(map[Kind]*KindInfo, len(kinds))
	for i := range kinds {
		m[kinds[i].Kind] = &kinds[i]
	}
	return m
}()

var familyIndex = func() map[string]int {
	m := make(map[string]int, len(families))
	for i := range families {
		m[families[i].Name] = i
	}
	return m
}()

// Lookup returns the declaration of a kind; ok is false for a kind faultline does not
// know (a typo in faultline.yaml, a newer baseline), whose zero Info has no family.
func Lookup(k Kind) (KindInfo, bool) {
	if p := kindIndex[k]; p != nil {
		return *p, true
	}
	return KindInfo{Kind: k, Rule: ruleName(k), Short: "A faultline finding of kind " + string(k) + ".",
		Full: "A faultline finding of kind " + string(k) + ".", Help: "See the README."}, false
}

// Known reports whether k is a kind faultline declares.
func Known(k Kind) bool { return kindIndex[k] != nil }

// Excusable reports whether an allow entry, a faultline:ignore comment or the
// baseline can let a finding of kind k through: every kind but faultline's reports
// on its own files.
func Excusable(k Kind) bool { return !kindIndex[k].isOwn() }

func (k *KindInfo) isOwn() bool { return k != nil && k.Own }

// HelpText is the SARIF help of a kind: what to do, and how to let it through.
func (k KindInfo) HelpText() string {
	if k.Own || k.Kind == ParseError || k.Kind == Drift {
		return k.Help
	}
	return k.Help + accept
}

// LayerOf returns the layer a kind is found in.
func LayerOf(k Kind) Layer {
	if p := kindIndex[k]; p != nil {
		return p.Layer
	}
	return ""
}

// FamilyOf returns the dependency family of a finding, or "" when the finding is
// no coupling between contexts (parse errors, drift, unowned tables, faultline's own
// reports) or is derived from the graph (cycle).
func FamilyOf(f Finding) string {
	p := kindIndex[f.Kind]
	if p == nil || p.Family == "" {
		return ""
	}
	if f.Kind == ForeignTable && f.Access == Write {
		return FamilyForeignWrite
	}
	return p.Family
}

// Family returns the declaration of a dependency family; ok is false for a name
// that is no family.
func Family(name string) (FamilyInfo, bool) {
	if i, ok := familyIndex[name]; ok {
		return families[i], true
	}
	return FamilyInfo{Name: name, Noun: name, Nouns: name + "s"}, false
}

// Families returns every family, from the hardest to the softest.
func Families() []FamilyInfo { return append([]FamilyInfo(nil), families...) }

// FamilyRank orders families from the hardest; unknown ones come last.
func FamilyRank(name string) int {
	if i, ok := familyIndex[name]; ok {
		return i
	}
	return len(families)
}

// ruleName makes a SARIF rule name of an undeclared kind: "some-kind" → "SomeKind".
func ruleName(k Kind) string {
	var b strings.Builder
	for _, part := range strings.Split(string(k), "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
