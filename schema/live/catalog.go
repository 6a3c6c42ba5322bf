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

// notExtension leaves out the members of an extension (deptype 'e'); %s is the
// catalog the object lives in and %s the column holding its oid.
const notExtension = `NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '%s'::regclass AND e.objid = %s AND e.deptype = 'e')`

// relations is the CTE of the user relations of the given kinds, extension members
// left out.
func relations(kinds string) string {
	return `WITH rel AS (
  SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN (` + kinds + `) AND ` + userSchema + `
    AND ` + fmt.Sprintf(notExtension, "pg_class", "c.oid") + `
)
`
}

// The catalog queries, one per kind of object. Every query is set-based: its cost
// does not grow with round trips as the schema grows. Names are cast to text and
// NULLs coalesced so that rows scan into plain Go values.
const (
	qMeta = `SELECT current_database()::text, current_setting('search_path')`

	qSchemas = `SELECT n.nspname::text FROM pg_namespace n
WHERE ` + userSchema + ` AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY 1`

	qRelations = `SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::text, c.relispartition,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) ELSE '' END,
  CASE WHEN c.relkind IN ('v', 'm') THEN coalesce(pg_get_viewdef(c.oid), '') ELSE '' END,
  ARRAY(SELECT pn.nspname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
        JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
  ARRAY(SELECT pc.relname::text FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
        WHERE i.inhrelid = c.oid ORDER BY i.inhseqno),
  coalesce((SELECT format_type(s.seqtypid, NULL) FROM pg_sequence s WHERE s.seqrelid = c.oid), ''),
  coalesce(own.nspname, ''), coalesce(own.relname, ''), coalesce(own.attname, ''), coalesce(own.deptype, '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT tn.nspname::text, tc.relname::text, a.attname::text, d.deptype::text
  FROM pg_depend d
  JOIN pg_class tc ON tc.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = tc.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.objsubid = 0
    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  ORDER BY d.deptype DESC LIMIT 1
) own ON true
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ` + userSchema + `
  AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 2, 3`

	// qColumns: the sequence a default draws from is the one its expression depends
	// on in pg_depend, which names it exactly, whatever search_path the default's
	// text would need.
	qColumnsBody = `SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
  coalesce(pg_get_expr(ad.adbin, ad.adrelid), ''), a.attidentity::text, %s,
  coalesce(seq.nspname, ''), coalesce(seq.relname, '')
FROM rel
JOIN pg_attribute a ON a.attrelid = rel.oid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT sn.nspname::text, sc.relname::text
  FROM pg_depend d
  JOIN pg_class sc ON sc.oid = d.refobjid AND sc.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = sc.relnamespace
  WHERE d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass
  ORDER BY 1, 2 LIMIT 1
) seq ON true
WHERE a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`

	// qConstraints: key columns in key order through unnest WITH ORDINALITY; the
	// clones a partition gets from its parent (conparentid) and the inherited copies
	// (not conislocal) are left out, as the migrations never write them.
	qConstraintsBody = `SELECT con.conrelid, con.conname::text, con.contype::text,
  ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
  coalesce(fn.nspname::text, ''), coalesce(fc.relname::text, ''),
  ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
  con.confupdtype::text, con.confdeltype::text, con.confmatchtype::text,
  con.convalidated, con.condeferrable, con.condeferred,
  CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) ELSE '' END
FROM rel
JOIN pg_constraint con ON con.conrelid = rel.oid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND con.conislocal
ORDER BY con.conrelid, con.oid`

	// qTriggers: internal triggers (those of foreign keys) are left out, and so are
	// the clones a partition gets from its parent (%s: tgparentid, PostgreSQL 13+;
	// before 13 the clones are internal).
	qTriggersBody = `SELECT t.tgrelid, t.tgname::text, t.tgtype::int,
  ARRAY(SELECT a.attname::text FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY k.ord),
  fn.nspname::text, f.proname::text, t.tgnargs::int, t.tgargs, pg_get_triggerdef(t.oid), t.tgconstraint <> 0
FROM rel
JOIN pg_trigger t ON t.tgrelid = rel.oid
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal%s
ORDER BY t.tgrelid, t.tgname`

	// qFunctions: functions and procedures (prokind, PostgreSQL 11+), not
	// aggregates or window functions, whose definition pg_get_functiondef refuses.
	qFunctions = `SELECT n.nspname::text, p.proname::text, p.prokind::text, l.lanname::text, coalesce(p.prosrc, ''),
  pg_get_functiondef(p.oid), coalesce(pg_get_function_result(p.oid), ''),
  ARRAY(SELECT format_type(t.typ, NULL) FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS t(typ, ord) ORDER BY t.ord),
  coalesce(p.proargmodes::text[], '{}'), coalesce(p.proargnames::text[], '{}'), coalesce(p.proconfig, '{}')
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p') AND ` + userSchema + `
  AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
ORDER BY 1, 2, p.oid`

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
WHERE d.refobjid <> r.ev_class
ORDER BY 1, 2, 3, 4`
)

// catalogQueries returns the queries of one catalog read for a server version.
func catalogQueries(version int) []string {
	generated := "a.attgenerated::text" // PostgreSQL 12+
	if version > 0 && version < 120000 {
		generated = "''"
	}
	parent := " AND t.tgparentid = 0" // PostgreSQL 13+
	if version > 0 && version < 130000 {
		parent = ""
	}
	return []string{
		qMeta,
		qSchemas,
		qRelations,
		relations("'r', 'p', 'v', 'm'") + fmt.Sprintf(qColumnsBody, generated),
		relations("'r', 'p'") + qConstraintsBody,
		relations("'r', 'p', 'v'") + fmt.Sprintf(qTriggersBody, parent),
		qFunctions,
		relations("'v', 'm'") + qViewDepsBody,
	}
}

// rel is what the relation query says of one table, view or sequence.
type rel struct {
	kind  string
	table *schema.Table
	view  *schema.View
}

// Catalog reads the database's schema: its tables (partitions and inheritance
// children included), columns, constraints, sequences, views, functions and triggers,
// leaving out system schemas and what extensions own.
//
// Function bodies are kept (prosrc, and pg_get_functiondef as Definition) but not
// resolved yet: call AnalyzeFunctions on the catalog, as after the last Apply of the
// migrations, to resolve them and learn which could not be parsed.
//
// Everything is read in one round trip, inside one read-only REPEATABLE READ
// transaction, so the catalog is one consistent snapshot.
func (s *Session) Catalog(ctx context.Context) (*schema.Catalog, error) {
	if s.conn == nil {
		return nil, errors.New("live: Catalog on a closed session")
	}
	pos := schema.Pos{File: s.source}
	cat := schema.New()
	oids := map[uint32]*rel{}

	err := s.batch(ctx, "reading the catalog", catalogQueries(s.version), []func(pgx.Rows) error{
		func(rows pgx.Rows) error { return s.scanMeta(rows, cat) },
		func(rows pgx.Rows) error { return scanSchemas(rows, cat, pos) },
		func(rows pgx.Rows) error { return scanRelations(rows, cat, oids, pos) },
		func(rows pgx.Rows) error { return scanColumns(rows, oids, pos) },
		func(rows pgx.Rows) error { return scanConstraints(rows, oids, pos) },
		func(rows pgx.Rows) error { return scanTriggers(rows, oids, pos) },
		func(rows pgx.Rows) error { return scanFunctions(rows, cat, pos) },
		func(rows pgx.Rows) error { return scanViewDeps(rows, oids) },
	})
	if err != nil {
		return nil, err
	}
	for _, t := range cat.Tables() {
		slices.SortFunc(t.Triggers, func(a, b *schema.Trigger) int { return strings.Compare(a.Name, b.Name) })
	}
	for _, v := range cat.Views() {
		slices.SortFunc(v.Triggers, func(a, b *schema.Trigger) int { return strings.Compare(a.Name, b.Name) })
	}
	for _, v := range cat.Views() {
		sortReads(&v.Query)
	}
	return cat, nil
}

// batch runs queries in one round trip inside BEGIN READ ONLY with the session's
// timeouts, handing each query's rows to the scan function at the same index.
func (s *Session) batch(ctx context.Context, doing string, queries []string, scans []func(pgx.Rows) error) error {
	b := &pgx.Batch{}
	b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
	b.Queue(fmt.Sprintf("SET LOCAL statement_timeout = %d", s.opts.StatementTimeout.Milliseconds()))
	b.Queue(fmt.Sprintf("SET LOCAL lock_timeout = %d", s.opts.LockTimeout.Milliseconds()))
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
	for range 3 {
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

func (s *Session) scanMeta(rows pgx.Rows, cat *schema.Catalog) error {
	var db, path string
	if err := rows.Scan(&db, &path); err != nil {
		return err
	}
	cat.SearchPath = parseSearchPath(path)
	return nil
}

func scanSchemas(rows pgx.Rows, cat *schema.Catalog, pos schema.Pos) error {
	var name string
	if err := rows.Scan(&name); err != nil {
		return err
	}
	if cat.Schemas[name] == nil {
		cat.Schemas[name] = &schema.Schema{
			Name:      name,
			Tables:    map[string]*schema.Table{},
			Views:     map[string]*schema.View{},
			Sequences: map[string]*schema.Sequence{},
			Functions: map[string]*schema.Function{},
			Pos:       pos,
		}
	}
	return nil
}

func scanRelations(rows pgx.Rows, cat *schema.Catalog, oids map[uint32]*rel, pos schema.Pos) error {
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
	sch := cat.Schemas[nsp]
	if sch == nil {
		return nil // in a schema an extension owns
	}
	switch kind {
	case "r", "p":
		t := &schema.Table{Schema: nsp, Name: name, PartitionKey: partKey, Pos: pos}
		for i := range parentNames {
			parent := schema.Name{Schema: parentSchemas[i], Name: parentNames[i]}
			if isPartition && i == 0 {
				t.PartitionOf = parent
			} else {
				t.Inherits = append(t.Inherits, parent)
			}
		}
		sch.Tables[name] = t
		oids[oid] = &rel{kind: kind, table: t}
	case "v", "m":
		v := &schema.View{Schema: nsp, Name: name, Materialized: kind == "m", Definition: strings.TrimSpace(viewDef), Pos: pos}
		v.Query = query.Statement{Text: v.Definition, Command: "select"}
		sch.Views[name] = v
		oids[oid] = &rel{kind: kind, view: v}
	case "S":
		q := &schema.Sequence{Schema: nsp, Name: name, Type: seqType, Pos: pos}
		if ownTable != "" {
			q.OwnedBy = schema.Name{Schema: ownSchema, Name: ownTable}
			q.OwnedByColumn = ownColumn
			q.Identity = ownDep == "i"
		}
		sch.Sequences[name] = q
	}
	return nil
}

func scanColumns(rows pgx.Rows, oids map[uint32]*rel, pos schema.Pos) error {
	var (
		oid                                 uint32
		name, typ, def, identity, generated string
		seqSchema, seqName                  string
		notNull                             bool
	)
	if err := rows.Scan(&oid, &name, &typ, &notNull, &def, &identity, &generated, &seqSchema, &seqName); err != nil {
		return err
	}
	r := oids[oid]
	switch {
	case r == nil:
		return nil
	case r.view != nil:
		r.view.Columns = append(r.view.Columns, name)
		return nil
	}
	c := &schema.Column{Name: name, Type: typ, NotNull: notNull, Default: def, Pos: pos}
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
	r.table.Columns = append(r.table.Columns, c)
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

func scanConstraints(rows pgx.Rows, oids map[uint32]*rel, pos schema.Pos) error {
	var (
		oid                                  uint32
		name, typ, refSchema, refTable       string
		cols, refCols                        []string
		onUpdate, onDelete, match, checkDef  string
		validated, deferrable, deferredFirst bool
	)
	if err := rows.Scan(&oid, &name, &typ, &cols, &refSchema, &refTable, &refCols,
		&onUpdate, &onDelete, &match, &validated, &deferrable, &deferredFirst, &checkDef); err != nil {
		return err
	}
	r := oids[oid]
	if r == nil || r.table == nil {
		return nil
	}
	t := r.table
	k := &schema.Constraint{
		Name:              name,
		Type:              constraintTypes[typ],
		Table:             t.QualifiedName(),
		Columns:           cols,
		NotValid:          !validated,
		Deferrable:        deferrable,
		InitiallyDeferred: deferredFirst,
		Pos:               pos,
	}
	switch k.Type {
	case schema.ForeignKey:
		k.RefTable = schema.Name{Schema: refSchema, Name: refTable}
		k.RefColumns = refCols
		k.OnUpdate = referentialActions[onUpdate]
		k.OnDelete = referentialActions[onDelete]
		k.Match = matchTypes[match]
	case schema.Check:
		// The model keeps no columns for a check, only its expression.
		k.Columns = nil
		k.Expr = checkExpr(checkDef)
	}
	t.Constraints = append(t.Constraints, k)
	return nil
}

// checkExpr turns pg_get_constraintdef's "CHECK ((a > 0)) NOT VALID" into "a > 0".
func checkExpr(def string) string {
	def = strings.TrimSuffix(strings.TrimSpace(def), " NOT VALID")
	def = strings.TrimSuffix(def, " NO INHERIT")
	def = strings.TrimPrefix(def, "CHECK ")
	for len(def) >= 2 && def[0] == '(' && def[len(def)-1] == ')' && balanced(def[1:len(def)-1]) {
		def = def[1 : len(def)-1]
	}
	return def
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

// Trigger type bits of pg_trigger.tgtype.
const (
	tgRow      = 1 << 0
	tgBefore   = 1 << 1
	tgInsert   = 1 << 2
	tgDelete   = 1 << 3
	tgUpdate   = 1 << 4
	tgTruncate = 1 << 5
	tgInstead  = 1 << 6
)

func scanTriggers(rows pgx.Rows, oids map[uint32]*rel, pos schema.Pos) error {
	var (
		oid                     uint32
		name, fnSchema, fn, def string
		tgtype, nargs           int32
		cols                    []string
		args                    []byte
		constraint              bool
	)
	if err := rows.Scan(&oid, &name, &tgtype, &cols, &fnSchema, &fn, &nargs, &args, &def, &constraint); err != nil {
		return err
	}
	r := oids[oid]
	if r == nil {
		return nil
	}
	g := &schema.Trigger{
		Name:       name,
		Columns:    cols,
		ForEachRow: tgtype&tgRow != 0,
		Function:   schema.Name{Schema: fnSchema, Name: fn},
		When:       triggerWhen(def),
		Constraint: constraint,
		Pos:        pos,
	}
	switch {
	case tgtype&tgInstead != 0:
		g.Timing = "INSTEAD OF"
	case tgtype&tgBefore != 0:
		g.Timing = "BEFORE"
	default:
		g.Timing = "AFTER"
	}
	for _, e := range []struct {
		bit  int32
		name string
	}{{tgInsert, "INSERT"}, {tgUpdate, "UPDATE"}, {tgDelete, "DELETE"}, {tgTruncate, "TRUNCATE"}} {
		if tgtype&e.bit != 0 {
			g.Events = append(g.Events, e.name)
		}
	}
	if nargs > 0 {
		// tgargs holds each argument followed by a NUL byte.
		parts := bytes.Split(args, []byte{0})
		for i := 0; i < int(nargs) && i < len(parts); i++ {
			g.Args = append(g.Args, string(parts[i]))
		}
	}
	if len(g.Columns) == 0 {
		g.Columns = nil
	}
	switch {
	case r.table != nil:
		g.Table = r.table.QualifiedName()
		r.table.Triggers = append(r.table.Triggers, g)
	case r.view != nil:
		g.Table = r.view.QualifiedName()
		r.view.Triggers = append(r.view.Triggers, g)
	}
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
	start := i + j + len(" WHEN (")
	depth := 1
	var quote byte
	for k := start; k < len(def); k++ {
		c := def[k]
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
			if depth == 0 {
				return checkExpr(def[start-1 : k+1])
			}
		}
	}
	return ""
}

// argModes maps pg_proc.proargmodes to the model's modes.
var argModes = map[string]string{"i": "IN", "o": "OUT", "b": "INOUT", "v": "VARIADIC", "t": "TABLE"}

func scanFunctions(rows pgx.Rows, cat *schema.Catalog, pos schema.Pos) error {
	var (
		nsp, name, kind, lang, src, def, result string
		types, modes, names, config             []string
	)
	if err := rows.Scan(&nsp, &name, &kind, &lang, &src, &def, &result, &types, &modes, &names, &config); err != nil {
		return err
	}
	sch := cat.Schemas[nsp]
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
		SearchPath: slices.Clone(cat.SearchPath),
		Pos:        pos,
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

func scanViewDeps(rows pgx.Rows, oids map[uint32]*rel) error {
	var (
		oid                uint32
		nsp, name, colname string
	)
	if err := rows.Scan(&oid, &nsp, &name, &colname); err != nil {
		return err
	}
	r := oids[oid]
	if r == nil || r.view == nil {
		return nil
	}
	q := &r.view.Query
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
