package live

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
	"github.com/jackc/pgx/v5"
)

// userSchema keeps the schemas a user created: not pg_catalog, pg_toast, the temporary
// schemas or information_schema (PostgreSQL reserves the pg_ prefix).
const userSchema = `n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'`

// notExtension leaves out the members of an extension (pg_depend deptype 'e'): %s is
// the column holding the object's oid and %s the catalog it lives in. The members are
// found from the extensions' side (pg_depend's index on the referenced object), so
// the test is one hashed subplan, not a scan of pg_depend per object.
func notExtension(col, catalog string) string {
	return col + ` NOT IN (SELECT e.objid FROM pg_depend e WHERE e.refclassid = 'pg_extension'::regclass
    AND e.deptype = 'e' AND e.classid = '` + catalog + `'::regclass)`
}

// relations is the CTE of the user relations of the given kinds, extension members
// left out.
func relations(kinds string) string {
	return `WITH rel AS (
  SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN (` + kinds + `) AND ` + userSchema + `
    AND ` + notExtension("c.oid", "pg_class") + `
)
`
}

// The catalog queries, one per kind of object. Every query is set-based (joins, not a
// subquery per row), and none makes the server open the tables it describes, except
// for view definitions, WHEN conditions of triggers and generated columns, which
// cannot be rendered otherwise. Names are cast to text and NULLs coalesced so that
// rows scan into plain Go values; rows are ordered in Go, not by the server's
// collation.
const (
	// qMeta: the search_path the database gives the role (its value at session
	// start, which the read's own SET LOCAL search_path does not change), against
	// which unqualified names in view and function bodies resolve.
	qMeta = `SELECT pg_catalog.current_database()::text,
  (SELECT s.reset_val FROM pg_catalog.pg_settings s WHERE s.name = 'search_path')`

	qSchemas = `SELECT n.nspname::text FROM pg_namespace n
WHERE ` + userSchema + `
  AND n.oid NOT IN (SELECT e.objid FROM pg_depend e WHERE e.refclassid = 'pg_extension'::regclass
    AND e.deptype = 'e' AND e.classid = 'pg_namespace'::regclass)`

	// qRelations: tables, views and sequences; the parents of partitions and
	// inheritance children in pg_inherits order; the column a sequence belongs to
	// (pg_depend deptype 'a' for OWNED BY and serial, 'i' for identity).
	qRelations = `WITH parents AS (
  SELECT i.inhrelid, pg_catalog.array_agg(pn.nspname::text ORDER BY i.inhseqno) AS schemas,
         pg_catalog.array_agg(pc.relname::text ORDER BY i.inhseqno) AS names
  FROM pg_inherits i
  JOIN pg_class pc ON pc.oid = i.inhparent
  JOIN pg_namespace pn ON pn.oid = pc.relnamespace
  GROUP BY i.inhrelid
), owners AS (
  SELECT DISTINCT ON (d.objid) d.objid, tn.nspname::text AS nsp, tc.relname::text AS rel,
         a.attname::text AS col, d.deptype::text AS deptype
  FROM pg_sequence s
  JOIN pg_depend d ON d.objid = s.seqrelid
  JOIN pg_class tc ON tc.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
    AND d.objsubid = 0 AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
  ORDER BY d.objid, d.deptype DESC
)
SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.relispartition,
  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) ELSE '' END,
  CASE WHEN c.relkind IN ('v', 'm') THEN coalesce(pg_catalog.pg_get_viewdef(c.oid), '') ELSE '' END,
  coalesce(p.schemas, '{}'), coalesce(p.names, '{}'),
  coalesce(pg_catalog.format_type(s.seqtypid, NULL), ''),
  coalesce(o.nsp, ''), coalesce(o.rel, ''), coalesce(o.col, ''), coalesce(o.deptype, '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN parents p ON p.inhrelid = c.oid
LEFT JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN owners o ON o.objid = c.oid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ` + userSchema + `
  AND ` + `%s`

	// qColumns: the sequence a default draws from is the one its expression depends
	// on in pg_depend, which names it exactly, whatever search_path the default's
	// text would need. %s: the relation to render defaults against, %s: attgenerated.
	qColumnsBody = `, seqs AS (
  SELECT DISTINCT ON (d.objid) d.objid, sn.nspname::text AS nsp, sc.relname::text AS rel
  FROM pg_depend d
  JOIN pg_class sc ON sc.oid = d.refobjid AND sc.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = sc.relnamespace
  WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
  ORDER BY d.objid, sn.nspname, sc.relname
)
SELECT a.attrelid, a.attnum::int, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
  coalesce(pg_catalog.pg_get_expr(ad.adbin, %s), ''), a.attidentity::text, %s,
  coalesce(q.nsp, ''), coalesce(q.rel, '')
FROM rel
JOIN pg_attribute a ON a.attrelid = rel.oid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN seqs q ON q.objid = ad.oid
WHERE a.attnum > 0 AND NOT a.attisdropped`

	// qConstraints: the key columns are attribute numbers, in key order, named in Go
	// from the columns query (a join per key column costs more than the rest of the
	// read). The clones a partition gets from its parent (conparentid) and the
	// inherited copies (not conislocal) are left out, as the migrations never write
	// them.
	qConstraintsBody = `SELECT con.conrelid, con.oid, con.conname::text, con.contype::text, coalesce(con.conkey, '{}'),
  con.confrelid, coalesce(fn.nspname::text, ''), coalesce(fc.relname::text, ''), coalesce(con.confkey, '{}'),
  con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text,
  con.convalidated, con.condeferrable, con.condeferred
FROM rel
JOIN pg_constraint con ON con.conrelid = rel.oid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND con.conislocal`

	// qForeignColumns: the columns a foreign key references in a table the columns
	// query does not read (one an extension owns, say), in key order through
	// unnest WITH ORDINALITY. Usually no rows.
	qForeignColumnsBody = `SELECT con.confrelid, k.attnum::int, a.attname::text
FROM rel
JOIN pg_constraint con ON con.conrelid = rel.oid AND con.contype = 'f'
CROSS JOIN LATERAL pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
WHERE con.confrelid NOT IN (SELECT oid FROM rel)`

	// qTriggers: internal triggers (those of foreign keys) are left out, and so are
	// the clones a partition gets from its parent (%s: tgparentid, PostgreSQL 13+;
	// before 13 the clones are internal). pg_get_triggerdef, which opens the table,
	// runs only for the WHEN condition. The UPDATE OF columns are attribute numbers,
	// named in Go.
	qTriggersBody = `SELECT t.tgrelid, t.tgname::text, t.tgtype::int, t.tgattr::int2[],
  fn.nspname::text, f.proname::text, t.tgnargs::int, t.tgargs,
  CASE WHEN t.tgqual IS NOT NULL THEN pg_catalog.pg_get_triggerdef(t.oid) ELSE '' END, t.tgconstraint <> 0
FROM rel
JOIN pg_trigger t ON t.tgrelid = rel.oid
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal%s`

	// qFunctions: functions and procedures (prokind, PostgreSQL 11+), not
	// aggregates or window functions, whose definition pg_get_functiondef refuses.
	qFunctions = `WITH args AS (
  SELECT p.oid, pg_catalog.array_agg(pg_catalog.format_type(t.typ, NULL) ORDER BY t.ord) AS types
  FROM pg_proc p
  CROSS JOIN LATERAL pg_catalog.unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS t(typ, ord)
  GROUP BY p.oid
)
SELECT n.nspname::text, p.proname::text, p.prokind::text, l.lanname::text, coalesce(p.prosrc, ''),
  pg_catalog.pg_get_functiondef(p.oid), coalesce(pg_catalog.pg_get_function_result(p.oid), ''),
  coalesce(a.types, '{}'),
  coalesce(p.proargmodes::text[], '{}'), coalesce(p.proargnames::text[], '{}'), coalesce(p.proconfig, '{}')
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN args a ON a.oid = p.oid
WHERE p.prokind IN ('f', 'p') AND ` + userSchema + `
  AND ` + `%s`

	// qViewDeps: what a view's rewrite rule depends on: the relations, and the
	// columns of them, its query reads (as PostgreSQL bound them at creation).
	qViewDepsBody = `SELECT r.ev_class, dn.nspname::text, dc.relname::text, coalesce(a.attname::text, '')
FROM rel
JOIN pg_rewrite r ON r.ev_class = rel.oid
JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'
JOIN pg_class dc ON dc.oid = d.refobjid AND dc.relkind IN ('r', 'p', 'v', 'm', 'f')
JOIN pg_namespace dn ON dn.oid = dc.relnamespace
LEFT JOIN pg_attribute a ON d.refobjsubid > 0 AND a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.refobjid <> r.ev_class`
)

// catalogQueries returns the queries of one catalog read for a server version.
func catalogQueries(version int) []string {
	// A default is rendered without its table (relid 0), which spares PostgreSQL
	// opening and locking every table; only a generated column's expression names
	// columns and needs it.
	generated := "a.attgenerated::text" // PostgreSQL 12+
	exprRel := "CASE WHEN a.attgenerated = 's' THEN ad.adrelid ELSE 0 END"
	if version > 0 && version < 120000 {
		generated, exprRel = "''", "0"
	}
	parent := " AND t.tgparentid = 0" // PostgreSQL 13+
	if version > 0 && version < 130000 {
		parent = ""
	}
	return []string{
		qMeta,
		qSchemas,
		fmt.Sprintf(qRelations, notExtension("c.oid", "pg_class")),
		strings.TrimSuffix(relations("'r', 'p', 'v', 'm'"), "\n") + fmt.Sprintf(qColumnsBody, exprRel, generated),
		relations("'r', 'p'") + qConstraintsBody,
		relations("'r', 'p', 'v', 'm'") + qForeignColumnsBody,
		relations("'r', 'p', 'v'") + fmt.Sprintf(qTriggersBody, parent),
		fmt.Sprintf(qFunctions, notExtension("p.oid", "pg_proc")),
		relations("'v', 'm'") + qViewDepsBody,
	}
}

// reader builds a catalog from the rows of the catalog queries.
type reader struct {
	cat    *schema.Catalog
	source string // the redacted address of the database
	rels   map[uint32]*rel
	// attnames names the columns of each relation by attribute number, for the
	// keys of constraints and the UPDATE OF columns of triggers.
	attnames map[uint32]map[int16]string
	keys     []pendingKey
	trigs    []pendingTrigger
}

// rel is what the relation query says of one table or view.
type rel struct {
	table *schema.Table
	view  *schema.View
	// attnums are the attribute numbers of the columns, and conOids the oids of the
	// constraints, in the order they arrived: the rows are put in order in Go.
	attnums []int16
	conOids []uint32
}

// pendingKey is a constraint whose columns are still attribute numbers.
type pendingKey struct {
	k                *schema.Constraint
	relid, refRelid  uint32
	attnums, refNums []int16
}

// pendingTrigger is a trigger whose UPDATE OF columns are still attribute numbers.
type pendingTrigger struct {
	g       *schema.Trigger
	relid   uint32
	attnums []int16
}

// Catalog reads the database's schema: its tables (partitions and inheritance
// children included), columns, constraints, sequences, views, functions and triggers,
// leaving out system schemas and what extensions own.
//
// Like schema.Build for migrations, it then resolves the function bodies (prosrc, and
// pg_get_functiondef as Definition) with AnalyzeFunctions: errs are the bodies that
// could not be parsed, as *schema.Error values placed at their function, for
// coupling.Check to report. err is set when the catalog could not be read at all.
// Check constraints carry no expression (rendering one makes the server open and lock
// its table).
//
// Everything is read in one round trip, inside one read-only REPEATABLE READ
// transaction, so the catalog is one consistent snapshot.
func (s *Session) Catalog(ctx context.Context) (cat *schema.Catalog, errs []error, err error) {
	if s.conn == nil {
		return nil, nil, errors.New("live: Catalog on a closed session")
	}
	r := &reader{
		cat:      schema.New(),
		source:   s.source,
		rels:     map[uint32]*rel{},
		attnames: map[uint32]map[int16]string{},
	}
	err = s.batch(ctx, "reading the catalog", catalogQueries(s.version), []func(pgx.Rows) error{
		r.meta, r.schema, r.relation, r.column, r.constraint, r.foreignColumn, r.trigger, r.function, r.viewDep,
	})
	if err != nil {
		return nil, nil, err
	}
	r.finish()
	return r.cat, r.cat.AnalyzeFunctions(), nil
}

// finish names the key and trigger columns and puts everything in order.
func (r *reader) finish() {
	for _, p := range r.keys {
		p.k.Columns = r.names(p.relid, p.attnums)
		if p.k.Type == schema.ForeignKey {
			p.k.RefColumns = r.names(p.refRelid, p.refNums)
		}
	}
	for _, p := range r.trigs {
		p.g.Columns = r.names(p.relid, p.attnums)
	}
	for _, x := range r.rels {
		if x.table != nil {
			sortBy(x.table.Columns, x.attnums)
			sortBy(x.table.Constraints, x.conOids)
			slices.SortFunc(x.table.Triggers, func(a, b *schema.Trigger) int { return strings.Compare(a.Name, b.Name) })
		}
		if x.view != nil {
			sortBy(x.view.Columns, x.attnums)
			slices.SortFunc(x.view.Triggers, func(a, b *schema.Trigger) int { return strings.Compare(a.Name, b.Name) })
			sortReads(&x.view.Query)
		}
	}
}

// at is the position of a live object: the database's address with the object's
// qualified name as fragment, e.g. postgres://127.0.0.1:5432/shop#public.stock.stock_sku_fkey
// (see Relocate).
func (r *reader) at(parts ...string) schema.Pos {
	return schema.Pos{File: r.source + "#" + strings.Join(parts, ".")}
}

// names turns attribute numbers of relation relid into column names, in order;
// nil when there are none.
func (r *reader) names(relid uint32, attnums []int16) []string {
	var out []string
	for _, n := range attnums {
		if name, ok := r.attnames[relid][n]; ok {
			out = append(out, name)
		}
	}
	return out
}

func (r *reader) addAttname(relid uint32, attnum int16, name string) {
	m := r.attnames[relid]
	if m == nil {
		m = map[int16]string{}
		r.attnames[relid] = m
	}
	m[attnum] = name
}

// sortBy sorts items by the keys at the same index.
func sortBy[T any, K cmp.Ordered](items []T, keys []K) {
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
	sorted := make([]T, len(items))
	for i, j := range idx {
		sorted[i] = items[j]
	}
	copy(items, sorted)
}

// batch runs queries in one round trip inside BEGIN READ ONLY with the session's
// timeouts, handing each query's rows to the scan function at the same index. It is
// the one way the session sends SQL: every setting it makes is LOCAL to the
// transaction, which ends in the same message (COMMIT), so nothing is left behind on
// the server connection, even behind a pooler in transaction mode.
func (s *Session) batch(ctx context.Context, doing string, queries []string, scans []func(pgx.Rows) error) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	b.Queue(fmt.Sprintf("SET LOCAL statement_timeout = %d", s.opts.StatementTimeout.Milliseconds()))
	b.Queue(fmt.Sprintf("SET LOCAL lock_timeout = %d", s.opts.LockTimeout.Milliseconds()))
	// Catalog queries are cheap but look expensive to the planner: compiling them
	// would cost more than running them.
	b.Queue("SET LOCAL jit = off")
	// Every function, operator, type and table the read names resolves in
	// pg_catalog first and only: a database owner cannot plant a function ahead of
	// the catalog's and have it run in this session (the queries also qualify
	// every function they call). Temporary objects come last, after the catalog.
	b.Queue("SET LOCAL search_path = pg_catalog, pg_temp")
	for _, q := range queries {
		b.Queue(q)
	}
	b.Queue("COMMIT")
	err := s.runBatch(ctx, b, queries, scans)
	if err != nil {
		if st := s.conn.PgConn().TxStatus(); st == 'T' || st == 'E' {
			// Leave no transaction open behind a failed read.
			_, _ = s.conn.PgConn().Exec(context.WithoutCancel(ctx), "ROLLBACK").ReadAll()
		}
		return s.wrap(doing, err)
	}
	return nil
}

func (s *Session) runBatch(ctx context.Context, b *pgx.Batch, queries []string, scans []func(pgx.Rows) error) (err error) {
	br := s.conn.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	for range 5 {
		if _, err := br.Exec(); err != nil {
			return err
		}
	}
	for i := range queries {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scans[i](rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	_, err = br.Exec()
	return err
}

func (r *reader) meta(rows pgx.Rows) error {
	var db, path string
	if err := rows.Scan(&db, &path); err != nil {
		return err
	}
	r.cat.SearchPath = parseSearchPath(path)
	return nil
}

func (r *reader) schema(rows pgx.Rows) error {
	var name string
	if err := rows.Scan(&name); err != nil {
		return err
	}
	if r.cat.Schemas[name] == nil {
		r.cat.Schemas[name] = &schema.Schema{
			Name:      name,
			Tables:    map[string]*schema.Table{},
			Views:     map[string]*schema.View{},
			Sequences: map[string]*schema.Sequence{},
			Functions: map[string]*schema.Function{},
			Pos:       r.at(name),
		}
	}
	return nil
}

func (r *reader) relation(rows pgx.Rows) error {
	var (
		oid                                     uint32
		nsp, name, kind, partKey, viewDef       string
		isPartition                             bool
		parentSchemas, parentNames              []string
		seqType, ownSchema, ownTable, ownColumn string
		ownDep                                  string
	)
	if err := rows.Scan(&oid, &nsp, &name, &kind, &isPartition, &partKey, &viewDef,
		&parentSchemas, &parentNames, &seqType, &ownSchema, &ownTable, &ownColumn, &ownDep); err != nil {
		return err
	}
	sch := r.cat.Schemas[nsp]
	if sch == nil {
		return nil // in a schema an extension owns
	}
	switch kind {
	case "r", "p":
		t := &schema.Table{Schema: nsp, Name: name, PartitionKey: partKey, Pos: r.at(nsp, name)}
		for i := range parentNames {
			parent := schema.Name{Schema: parentSchemas[i], Name: parentNames[i]}
			if isPartition && i == 0 {
				t.PartitionOf = parent
			} else {
				t.Inherits = append(t.Inherits, parent)
			}
		}
		sch.Tables[name] = t
		r.rels[oid] = &rel{table: t}
	case "v", "m":
		v := &schema.View{Schema: nsp, Name: name, Materialized: kind == "m", Definition: strings.TrimSpace(viewDef), Pos: r.at(nsp, name)}
		v.Query = query.Statement{Text: v.Definition, Command: "select"}
		sch.Views[name] = v
		r.rels[oid] = &rel{view: v}
	case "S":
		q := &schema.Sequence{Schema: nsp, Name: name, Type: seqType, Pos: r.at(nsp, name)}
		if ownTable != "" {
			q.OwnedBy = schema.Name{Schema: ownSchema, Name: ownTable}
			q.OwnedByColumn = ownColumn
			q.Identity = ownDep == "i"
		}
		sch.Sequences[name] = q
	}
	return nil
}

func (r *reader) column(rows pgx.Rows) error {
	var (
		oid                                 uint32
		attnum                              int16
		name, typ, def, identity, generated string
		seqSchema, seqName                  string
		notNull                             bool
	)
	if err := rows.Scan(&oid, &attnum, &name, &typ, &notNull, &def, &identity, &generated, &seqSchema, &seqName); err != nil {
		return err
	}
	x := r.rels[oid]
	if x == nil {
		return nil
	}
	r.addAttname(oid, attnum, name)
	x.attnums = append(x.attnums, attnum)
	if x.view != nil {
		x.view.Columns = append(x.view.Columns, name)
		return nil
	}
	c := &schema.Column{Name: name, Type: typ, NotNull: notNull, Default: def,
		Pos: r.at(x.table.Schema, x.table.Name, name)}
	switch identity {
	case "a":
		c.Identity = "ALWAYS"
	case "d":
		c.Identity = "BY DEFAULT"
	}
	if generated == "s" {
		c.Generated, c.Default = def, ""
	}
	if seqName != "" && c.Generated == "" {
		c.Sequence = schema.Name{Schema: seqSchema, Name: seqName}
	}
	x.table.Columns = append(x.table.Columns, c)
	return nil
}

// The codes of pg_constraint.
var (
	constraintTypes = map[string]schema.ConstraintType{
		"p": schema.PrimaryKey, "u": schema.Unique, "f": schema.ForeignKey,
		"c": schema.Check, "x": schema.Exclusion,
	}
	referentialActions = map[string]string{
		"a": schema.NoAction, "r": schema.Restrict, "c": schema.Cascade,
		"n": schema.SetNull, "d": schema.SetDefault,
	}
	matchTypes = map[string]string{"s": schema.MatchSimple, "f": schema.MatchFull, "p": schema.MatchPartial}
)

func (r *reader) constraint(rows pgx.Rows) error {
	var (
		oid, conOid, refOid                  uint32
		name, typ, refSchema, refTable       string
		keys, refKeys                        []int16
		onUpdate, onDelete, match            string
		validated, deferrable, deferredFirst bool
	)
	if err := rows.Scan(&oid, &conOid, &name, &typ, &keys, &refOid, &refSchema, &refTable, &refKeys,
		&onUpdate, &onDelete, &match, &validated, &deferrable, &deferredFirst); err != nil {
		return err
	}
	x := r.rels[oid]
	if x == nil || x.table == nil {
		return nil
	}
	t := x.table
	k := &schema.Constraint{
		Name:              name,
		Type:              constraintTypes[typ],
		Table:             t.QualifiedName(),
		NotValid:          !validated,
		Deferrable:        deferrable,
		InitiallyDeferred: deferredFirst,
		Pos:               r.at(t.Schema, t.Name, name),
	}
	switch k.Type {
	case schema.ForeignKey:
		k.RefTable = schema.Name{Schema: refSchema, Name: refTable}
		k.OnUpdate = referentialActions[onUpdate]
		k.OnDelete = referentialActions[onDelete]
		k.Match = matchTypes[match]
	case schema.Check:
		// The model keeps no columns for a check. Its expression is left empty:
		// rendering it (pg_get_constraintdef) makes PostgreSQL open and lock the
		// table, for every table, and a check cannot reach another table anyway.
		keys = nil
	}
	r.keys = append(r.keys, pendingKey{k: k, relid: oid, refRelid: refOid, attnums: keys, refNums: refKeys})
	t.Constraints = append(t.Constraints, k)
	x.conOids = append(x.conOids, conOid)
	return nil
}

func (r *reader) foreignColumn(rows pgx.Rows) error {
	var (
		oid    uint32
		attnum int16
		name   string
	)
	if err := rows.Scan(&oid, &attnum, &name); err != nil {
		return err
	}
	r.addAttname(oid, attnum, name)
	return nil
}

// tgRow is pg_trigger.tgtype's FOR EACH ROW bit; schema.TriggerType decodes the rest.
const tgRow = 1 << 0

func (r *reader) trigger(rows pgx.Rows) error {
	var (
		oid                     uint32
		name, fnSchema, fn, def string
		tgtype, nargs           int32
		cols                    []int16
		args                    []byte
		constraint              bool
	)
	if err := rows.Scan(&oid, &name, &tgtype, &cols, &fnSchema, &fn, &nargs, &args, &def, &constraint); err != nil {
		return err
	}
	x := r.rels[oid]
	if x == nil {
		return nil
	}
	g := &schema.Trigger{
		Name:       name,
		ForEachRow: tgtype&tgRow != 0,
		Function:   schema.Name{Schema: fnSchema, Name: fn},
		When:       triggerWhen(def),
		Constraint: constraint,
	}
	g.Timing, g.Events = schema.TriggerType(tgtype)
	if nargs > 0 {
		// tgargs holds each argument followed by a NUL byte.
		parts := bytes.Split(args, []byte{0})
		for i := 0; i < int(nargs) && i < len(parts); i++ {
			g.Args = append(g.Args, string(parts[i]))
		}
	}
	r.trigs = append(r.trigs, pendingTrigger{g: g, relid: oid, attnums: cols})
	switch {
	case x.table != nil:
		g.Table = x.table.QualifiedName()
		x.table.Triggers = append(x.table.Triggers, g)
	case x.view != nil:
		g.Table = x.view.QualifiedName()
		x.view.Triggers = append(x.view.Triggers, g)
	}
	g.Pos = r.at(g.Table.Schema, g.Table.Name, name)
	return nil
}

// triggerWhen extracts the WHEN condition from pg_get_triggerdef's output, without
// the parentheses around it; "" when there is none.
func triggerWhen(def string) string {
	// The condition follows FOR EACH ROW/STATEMENT, which follows the table name;
	// searching from there keeps a table or trigger named "when" out of the way.
	i := strings.Index(def, " FOR EACH ")
	if i < 0 {
		return ""
	}
	j := strings.Index(def[i:], " WHEN (")
	if j < 0 {
		return ""
	}
	return stripParens(schema.ParenText(def, i+j))
}

// argModes maps pg_proc.proargmodes to the model's modes.
var argModes = map[string]string{"i": "IN", "o": "OUT", "b": "INOUT", "v": "VARIADIC", "t": "TABLE"}

func (r *reader) function(rows pgx.Rows) error {
	var (
		nsp, name, kind, lang, src, def, result string
		types, modes, names, config             []string
	)
	if err := rows.Scan(&nsp, &name, &kind, &lang, &src, &def, &result, &types, &modes, &names, &config); err != nil {
		return err
	}
	sch := r.cat.Schemas[nsp]
	if sch == nil {
		return nil
	}
	f := &schema.Function{
		Schema:     nsp,
		Name:       name,
		Returns:    result,
		Procedure:  kind == "p",
		Language:   lang,
		Body:       src,
		Definition: def,
		SearchPath: slices.Clone(r.cat.SearchPath),
	}
	if f.Body == "" {
		f.Body = sqlBody(def)
	}
	for i, typ := range types {
		a := schema.Arg{Type: typ, Mode: "IN"}
		if i < len(modes) {
			a.Mode = argModes[modes[i]]
		}
		if i < len(names) {
			a.Name = names[i]
		}
		f.Args = append(f.Args, a)
	}
	for _, c := range config {
		if v, ok := strings.CutPrefix(c, "search_path="); ok {
			f.SearchPath = parseSearchPath(v)
		}
	}
	f.Pos = r.at(nsp, f.Signature())
	sch.Functions[f.Signature()] = f
	return nil
}

// sqlBody extracts the BEGIN ATOMIC block or RETURN clause of a SQL-standard function
// body (PostgreSQL 14+, whose prosrc is empty) from pg_get_functiondef's output.
func sqlBody(def string) string {
	for _, marker := range []string{"\nBEGIN ATOMIC", "\n RETURN ", "\nRETURN "} {
		if i := strings.Index(def, marker); i >= 0 {
			return strings.TrimSpace(def[i:])
		}
	}
	return ""
}

func (r *reader) viewDep(rows pgx.Rows) error {
	var (
		oid                uint32
		nsp, name, colname string
	)
	if err := rows.Scan(&oid, &nsp, &name, &colname); err != nil {
		return err
	}
	x := r.rels[oid]
	if x == nil || x.view == nil {
		return nil
	}
	q := &x.view.Query
	i := slices.IndexFunc(q.Tables, func(t query.Table) bool { return t.Schema == nsp && t.Name == name })
	if i < 0 {
		q.Tables = append(q.Tables, query.Table{Schema: nsp, Name: name, Read: true})
		i = len(q.Tables) - 1
	}
	t := &q.Tables[i]
	if colname != "" && !slices.ContainsFunc(t.Columns, func(c query.Column) bool { return c.Name == colname }) {
		t.Columns = append(t.Columns, query.Column{Name: colname, Read: true})
	}
	return nil
}

// stripParens removes the parentheses around a whole expression, as many pairs as
// there are: "((a > 0))" is "a > 0".
func stripParens(expr string) string {
	expr = strings.TrimSpace(expr)
	for len(expr) >= 2 && expr[0] == '(' && expr[len(expr)-1] == ')' && balanced(expr[1:len(expr)-1]) {
		expr = expr[1 : len(expr)-1]
	}
	return expr
}

// balanced reports whether the parentheses of s (outside quotes) pair up.
func balanced(s string) bool {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// sortReads orders a statement's tables by schema and name and their columns by
// name, as query.Statement promises, whatever collation the server sorted with.
func sortReads(st *query.Statement) {
	slices.SortFunc(st.Tables, func(a, b query.Table) int {
		return cmp.Or(strings.Compare(a.Schema, b.Schema), strings.Compare(a.Name, b.Name))
	})
	for i := range st.Tables {
		slices.SortFunc(st.Tables[i].Columns, func(a, b query.Column) int { return strings.Compare(a.Name, b.Name) })
	}
}

// parseSearchPath splits a search_path setting ("$user", public) into its schemas:
// quoted names keep their case, unquoted ones are folded to lower case.
func parseSearchPath(s string) []string {
	var out []string
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\n")
		if s == "" {
			break
		}
		var name strings.Builder
		if s[0] == '"' {
			i := 1
			for ; i < len(s); i++ {
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						name.WriteByte('"')
						i++
						continue
					}
					break
				}
				name.WriteByte(s[i])
			}
			s = s[min(i+1, len(s)):]
		} else {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				i = len(s)
			}
			name.WriteString(strings.ToLower(strings.TrimSpace(s[:i])))
			s = s[i:]
		}
		if n := name.String(); n != "" {
			out = append(out, n)
		}
		s = strings.TrimLeft(s, " \t\n")
		s = strings.TrimPrefix(s, ",")
	}
	return out
}
