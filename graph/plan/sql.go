package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/schema"
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The SQL writers: each turns typed catalog objects into the statements of one
// migration, up and down. None of them reads a finding's prose.

var q = schema.QuoteIdent

// quoteList quotes and joins column names.
func quoteList(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = q(c)
	}
	return strings.Join(out, ", ")
}

// literal quotes s as an SQL string literal.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// split is what it takes to move cols of table t into a table of ctx's own.
type split struct {
	t       *schema.Table
	ctx     string
	key     []string         // the shared identifier: t's primary key
	cols    []*schema.Column // the columns that move, in t's order
	checks  []*schema.Constraint
	newName schema.Name
}

// newSplit prepares the split of cols out of t; it fails when t has no
// primary key to key the new table by.
func newSplit(t *schema.Table, ctx string, colNames []string) (*split, error) {
	pk := t.PrimaryKey()
	if pk == nil || len(pk.Columns) == 0 {
		return nil, fmt.Errorf("table %s has no primary key: add one first (the identifier both contexts will share), then plan again", t.QualifiedName())
	}
	for _, k := range pk.Columns {
		if t.Column(k) == nil {
			return nil, fmt.Errorf("the primary key of table %s names column %s, which the table does not have", t.QualifiedName(), k)
		}
	}
	s := &split{t: t, ctx: ctx, key: pk.Columns, newName: schema.Name{Schema: t.Schema, Name: ctx + "_" + t.Name}}
	for _, c := range t.Columns {
		if slices.Contains(colNames, c.Name) && !slices.Contains(s.key, c.Name) {
			s.cols = append(s.cols, c)
		}
	}
	for _, k := range t.Constraints {
		if k.Type == schema.Check && refsOnly(k.Expr, s.colNames()) {
			s.checks = append(s.checks, k)
		}
	}
	return s, nil
}

func (s *split) colNames() []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.Name
	}
	return out
}

// refsOnly reports whether the expression refers to columns and all of them are
// in cols: a check that moves with them.
func refsOnly(expr string, cols []string) bool {
	refs, ok := columnRefs(expr)
	if !ok || len(refs) == 0 {
		return false
	}
	for _, r := range refs {
		if !slices.Contains(cols, r) {
			return false
		}
	}
	return true
}

// columnRefs lists the column names an expression reads, parsed by PostgreSQL's
// own grammar.
func columnRefs(expr string) ([]string, bool) {
	tree, err := pg_query.Parse("SELECT " + expr)
	if err != nil || len(tree.Stmts) != 1 {
		return nil, false
	}
	var out []string
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		if !m.IsValid() {
			return
		}
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			if f := cr.Fields; len(f) > 0 {
				out = append(out, f[len(f)-1].GetString_().GetSval())
			}
			return
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.Kind() != protoreflect.MessageKind || fd.IsMap():
			case fd.IsList():
				for i := 0; i < v.List().Len(); i++ {
					walk(v.List().Get(i).Message())
				}
			default:
				walk(v.Message())
			}
			return true
		})
	}
	walk(tree.Stmts[0].Stmt.ProtoReflect())
	return out, true
}

func columnDef(c *schema.Column) string {
	def := q(c.Name) + " " + c.Type
	if c.Default != "" && c.Sequence.IsZero() && c.Identity == "" && c.Generated == "" {
		def += " DEFAULT " + c.Default
	}
	if c.NotNull {
		def += " NOT NULL"
	}
	return def
}

func (s *split) fn(suffix string) schema.Name {
	return schema.Name{Schema: s.t.Schema, Name: s.newName.Name + "_" + suffix}
}

// createUp creates the new table keyed by the shared identifier, copies the
// rows, and installs the triggers that keep both tables in step while code
// moves: a write of the moved columns on either side reaches the other, and a
// deleted row of t deletes its part.
func (s *split) createUp() []string {
	var defs []string
	for _, k := range s.key {
		c := s.t.Column(k)
		defs = append(defs, q(k)+" "+c.Type+" NOT NULL")
	}
	for _, c := range s.cols {
		defs = append(defs, columnDef(c))
	}
	defs = append(defs, "PRIMARY KEY ("+quoteList(s.key)+")")
	for _, k := range s.checks {
		defs = append(defs, "CHECK ("+k.Expr+")")
	}
	all := quoteList(append(slices.Clone(s.key), s.colNames()...))
	return append([]string{
		fmt.Sprintf("CREATE TABLE %s (\n    %s\n)", s.newName.SQL(), strings.Join(defs, ",\n    ")),
		fmt.Sprintf("INSERT INTO %s (%s)\nSELECT %s FROM %s", s.newName.SQL(), all, all, s.t.QualifiedName().SQL()),
	}, s.syncUp()...)
}

// syncUp creates the two sync triggers. Each writes the other side only where
// the values differ, so a write echoes back once and stops.
func (s *split) syncUp() []string {
	cols := s.colNames()
	all := append(slices.Clone(s.key), cols...)
	var newVals, sets, distinctOld, distinctNew, keyMatch, keyMatchT []string
	for _, c := range all {
		newVals = append(newVals, "NEW."+q(c))
	}
	for _, c := range cols {
		sets = append(sets, q(c)+" = EXCLUDED."+q(c))
		distinctOld = append(distinctOld, s.newName.SQL()+"."+q(c))
		distinctNew = append(distinctNew, "EXCLUDED."+q(c))
	}
	var oldKeys, newKeys, keySets []string
	for _, k := range s.key {
		oldKeys = append(oldKeys, "OLD."+q(k))
		newKeys = append(newKeys, "NEW."+q(k))
		keySets = append(keySets, q(k)+" = NEW."+q(k))
		keyMatch = append(keyMatch, q(k)+" = OLD."+q(k))
		keyMatchT = append(keyMatchT, q(k)+" = NEW."+q(k))
	}
	var back, backOld, backNew []string
	for _, c := range cols {
		back = append(back, q(c)+" = NEW."+q(c))
		backOld = append(backOld, q(c))
		backNew = append(backNew, "NEW."+q(c))
	}
	forward := fmt.Sprintf(`CREATE FUNCTION %s() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM %s WHERE %s;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND (%s) IS DISTINCT FROM (%s) THEN
        UPDATE %s SET %s WHERE %s;
    END IF;
    INSERT INTO %s (%s)
    VALUES (%s)
    ON CONFLICT (%s) DO UPDATE SET %s
    WHERE (%s) IS DISTINCT FROM (%s);
    RETURN NEW;
END;
$$`, s.fn("from_"+s.t.Name).SQL(),
		s.newName.SQL(), strings.Join(keyMatch, " AND "),
		strings.Join(oldKeys, ", "), strings.Join(newKeys, ", "),
		s.newName.SQL(), strings.Join(keySets, ", "), strings.Join(keyMatch, " AND "),
		s.newName.SQL(), quoteList(all), strings.Join(newVals, ", "),
		quoteList(s.key), strings.Join(sets, ", "),
		strings.Join(distinctOld, ", "), strings.Join(distinctNew, ", "))
	backward := fmt.Sprintf(`CREATE FUNCTION %s() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE %s SET %s
    WHERE %s AND (%s) IS DISTINCT FROM (%s);
    RETURN NEW;
END;
$$`, s.fn("to_"+s.t.Name).SQL(),
		s.t.QualifiedName().SQL(), strings.Join(back, ", "),
		strings.Join(keyMatchT, " AND "), strings.Join(backOld, ", "), strings.Join(backNew, ", "))
	return []string{
		forward,
		fmt.Sprintf("CREATE TRIGGER %s\n    AFTER INSERT OR DELETE OR UPDATE OF %s ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s()",
			q(s.newName.Name+"_sync_from_"+s.t.Name), quoteList(all), s.t.QualifiedName().SQL(), s.fn("from_"+s.t.Name).SQL()),
		backward,
		fmt.Sprintf("CREATE TRIGGER %s\n    AFTER INSERT OR UPDATE OF %s ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s()",
			q(s.newName.Name+"_sync_to_"+s.t.Name), quoteList(cols), s.newName.SQL(), s.fn("to_"+s.t.Name).SQL()),
	}
}

// syncDown removes the sync triggers and their functions.
func (s *split) syncDown() []string {
	return []string{
		fmt.Sprintf("DROP TRIGGER %s ON %s", q(s.newName.Name+"_sync_to_"+s.t.Name), s.newName.SQL()),
		fmt.Sprintf("DROP FUNCTION %s()", s.fn("to_"+s.t.Name).SQL()),
		fmt.Sprintf("DROP TRIGGER %s ON %s", q(s.newName.Name+"_sync_from_"+s.t.Name), s.t.QualifiedName().SQL()),
		fmt.Sprintf("DROP FUNCTION %s()", s.fn("from_"+s.t.Name).SQL()),
	}
}

// copyBack writes the new table's values into t's columns: what a down
// migration runs before it removes the new table, so that nothing written
// there is lost.
func (s *split) copyBack() string {
	var sets, keys []string
	for _, c := range s.cols {
		sets = append(sets, q(c.Name)+" = n."+q(c.Name))
	}
	for _, k := range s.key {
		keys = append(keys, "t."+q(k)+" = n."+q(k))
	}
	return fmt.Sprintf("UPDATE %s AS t SET %s\nFROM %s AS n\nWHERE %s", s.t.QualifiedName().SQL(), strings.Join(sets, ", "), s.newName.SQL(), strings.Join(keys, " AND "))
}

// createDown undoes createUp: the values come back into t, the triggers and
// the new table go.
func (s *split) createDown() []string {
	return append(append([]string{s.copyBack()}, s.syncDown()...), "DROP TABLE "+s.newName.SQL())
}

// dropColumnsUp drops the moved columns from t: the last migration.
func (s *split) dropColumnsUp() []string {
	var drops []string
	for _, c := range s.cols {
		drops = append(drops, "DROP COLUMN "+q(c.Name))
	}
	return []string{fmt.Sprintf("ALTER TABLE %s\n    %s", s.t.QualifiedName().SQL(), strings.Join(drops, ",\n    "))}
}

// dropColumnsDown adds the columns back with their defaults and checks, fills
// them from the new table, and restores NOT NULL once they hold their values.
func (s *split) dropColumnsDown() []string {
	var adds, notNull []string
	for _, c := range s.cols {
		def := q(c.Name) + " " + c.Type
		if c.Default != "" && c.Sequence.IsZero() && c.Identity == "" && c.Generated == "" {
			def += " DEFAULT " + c.Default
		}
		adds = append(adds, "ADD COLUMN "+def)
		if c.NotNull {
			notNull = append(notNull, "ALTER COLUMN "+q(c.Name)+" SET NOT NULL")
		}
	}
	for _, k := range s.checks {
		notNull = append(notNull, "ADD CONSTRAINT "+q(k.Name)+" CHECK ("+k.Expr+")")
	}
	out := []string{
		fmt.Sprintf("ALTER TABLE %s\n    %s", s.t.QualifiedName().SQL(), strings.Join(adds, ",\n    ")),
		s.copyBack(),
	}
	if len(notNull) > 0 {
		out = append(out, fmt.Sprintf("ALTER TABLE %s\n    %s", s.t.QualifiedName().SQL(), strings.Join(notNull, ",\n    ")))
	}
	return out
}

// createTrigger renders a trigger as CREATE TRIGGER, on table on.
func createTrigger(g *schema.Trigger, on schema.Name) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if g.Constraint {
		b.WriteString("CONSTRAINT ")
	}
	fmt.Fprintf(&b, "TRIGGER %s\n    %s ", q(g.Name), g.Timing)
	for i, e := range g.Events {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(e)
		if e == "UPDATE" && len(g.Columns) > 0 {
			b.WriteString(" OF " + quoteList(g.Columns))
		}
	}
	fmt.Fprintf(&b, " ON %s\n    FOR EACH ", on.SQL())
	if g.ForEachRow {
		b.WriteString("ROW")
	} else {
		b.WriteString("STATEMENT")
	}
	if g.When != "" {
		b.WriteString("\n    WHEN (" + strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(g.When), "("), ")") + ")")
	}
	args := make([]string, len(g.Args))
	for i, a := range g.Args {
		args[i] = literal(a)
	}
	fmt.Fprintf(&b, "\n    EXECUTE FUNCTION %s(%s)", g.Function.SQL(), strings.Join(args, ", "))
	return b.String()
}

func dropTrigger(g *schema.Trigger, on schema.Name) string {
	return fmt.Sprintf("DROP TRIGGER %s ON %s", q(g.Name), on.SQL())
}

// moveTrigger moves a trigger from t to the new table of a split, where the
// columns it fires on now live.
func moveTrigger(g *schema.Trigger, to schema.Name) (up, down []string) {
	return []string{dropTrigger(g, g.Table), createTrigger(g, to)},
		[]string{dropTrigger(g, to), createTrigger(g, g.Table)}
}

// fkDef renders a foreign key as ADD CONSTRAINT reads it.
func fkDef(k *schema.Constraint) string {
	def := fmt.Sprintf("ALTER TABLE %s\n    ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)",
		k.Table.SQL(), q(k.Name), quoteList(k.Columns), k.RefTable.SQL(), quoteList(k.RefColumns))
	if k.Match == schema.MatchFull {
		def += " MATCH FULL"
	}
	if k.OnUpdate != "" && k.OnUpdate != schema.NoAction {
		def += " ON UPDATE " + k.OnUpdate
	}
	if k.OnDelete != "" && k.OnDelete != schema.NoAction {
		def += " ON DELETE " + k.OnDelete
	}
	if k.Deferrable {
		def += " DEFERRABLE"
		if k.InitiallyDeferred {
			def += " INITIALLY DEFERRED"
		}
	}
	if k.NotValid {
		def += " NOT VALID"
	}
	return def
}

// looseFK replaces a foreign key by GitLab's loose foreign key: the
// referenced table's owner records its deleted keys in a deletion log, and a
// worker of the referencing context deletes (or nulls) its rows for them later.
type looseFK struct {
	fk  *schema.Constraint
	ref *schema.Table
	log schema.Name
	id  string // the log's own key column, named apart from the keys it records
}

func newLooseFK(fk *schema.Constraint, ref *schema.Table) *looseFK {
	id := "log_id"
	for slices.Contains(fk.RefColumns, id) {
		id += "_"
	}
	return &looseFK{fk: fk, ref: ref, log: schema.Name{Schema: ref.Schema, Name: ref.Name + "_deleted_records"}, id: id}
}

func (l *looseFK) fn() schema.Name {
	return schema.Name{Schema: l.log.Schema, Name: "record_" + l.log.Name}
}

func (l *looseFK) trigger() string { return l.log.Name + "_record" }

// up drops the foreign key and, unless an earlier one did, creates the
// deletion log of the referenced table and the trigger that fills it.
func (l *looseFK) up(withLog bool) []string {
	out := []string{fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", l.fk.Table.SQL(), q(l.fk.Name))}
	if !withLog {
		return out
	}
	var defs, vals []string
	for _, c := range l.fk.RefColumns {
		typ := "text"
		if col := l.ref.Column(c); col != nil {
			typ = col.Type
		}
		defs = append(defs, q(c)+" "+typ+" NOT NULL")
		vals = append(vals, "OLD."+q(c))
	}
	return append(out,
		fmt.Sprintf("CREATE TABLE %s (\n    %s bigserial PRIMARY KEY,\n    %s,\n    deleted_at timestamp with time zone NOT NULL DEFAULT now(),\n    cleaned_at timestamp with time zone\n)",
			l.log.SQL(), q(l.id), strings.Join(defs, ",\n    ")),
		fmt.Sprintf(`CREATE FUNCTION %s() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO %s (%s) VALUES (%s);
    RETURN OLD;
END;
$$`, l.fn().SQL(), l.log.SQL(), quoteList(l.fk.RefColumns), strings.Join(vals, ", ")),
		fmt.Sprintf("CREATE TRIGGER %s\n    AFTER DELETE ON %s\n    FOR EACH ROW EXECUTE FUNCTION %s()", q(l.trigger()), l.ref.QualifiedName().SQL(), l.fn().SQL()),
	)
}

// down restores the foreign key (it fails, as it should, while rows of the
// referencing table still point at deleted keys: run the cleanup first) and
// removes the log with the migration that created it.
func (l *looseFK) down(withLog bool) []string {
	var out []string
	if withLog {
		out = append(out,
			fmt.Sprintf("DROP TRIGGER %s ON %s", q(l.trigger()), l.ref.QualifiedName().SQL()),
			fmt.Sprintf("DROP FUNCTION %s()", l.fn().SQL()),
			"DROP TABLE "+l.log.SQL())
	}
	return append(out, fkDef(l.fk))
}

// cleanup is the asynchronous work that replaces the foreign key's action, as
// the statements the referencing context's worker runs: one read of the log
// (through the owner's API once the databases are separate), one delete or
// update of its own rows, one mark.
func (l *looseFK) cleanup() []string {
	var keys []string
	for i, c := range l.fk.Columns {
		keys = append(keys, fmt.Sprintf("%s = $%d", q(c), i+1))
	}
	var act string
	switch l.fk.OnDelete {
	case schema.SetNull, schema.SetDefault:
		var sets []string
		verb := "NULL"
		if l.fk.OnDelete == schema.SetDefault {
			verb = "DEFAULT"
		}
		for _, c := range l.fk.Columns {
			sets = append(sets, q(c)+" = "+verb)
		}
		act = fmt.Sprintf("UPDATE %s SET %s WHERE %s", l.fk.Table.SQL(), strings.Join(sets, ", "), strings.Join(keys, " AND "))
	default:
		act = fmt.Sprintf("DELETE FROM %s WHERE %s", l.fk.Table.SQL(), strings.Join(keys, " AND "))
	}
	return []string{
		fmt.Sprintf("SELECT %s, %s FROM %s WHERE cleaned_at IS NULL ORDER BY %s LIMIT 1000", q(l.id), quoteList(l.fk.RefColumns), l.log.SQL(), q(l.id)),
		act,
		fmt.Sprintf("UPDATE %s SET cleaned_at = now() WHERE %s = $1", l.log.SQL(), q(l.id)),
	}
}

// viewDDL renders CREATE VIEW for v from its typed definition.
func viewDDL(v *schema.View) string {
	kind := "VIEW"
	if v.Materialized {
		kind = "MATERIALIZED VIEW"
	}
	return fmt.Sprintf("CREATE %s %s (%s) AS\n%s", kind, v.QualifiedName().SQL(), quoteList(v.Columns), v.Definition)
}

func dropView(v *schema.View) string {
	if v.Materialized {
		return "DROP MATERIALIZED VIEW " + v.QualifiedName().SQL()
	}
	return "DROP VIEW " + v.QualifiedName().SQL()
}

// functionRef names a function with its argument types, as DROP FUNCTION
// takes it.
func functionRef(f *schema.Function) string {
	var args []string
	for _, a := range f.Args {
		if a.Mode == "OUT" || a.Mode == "TABLE" {
			continue
		}
		args = append(args, a.Type)
	}
	kind := "FUNCTION"
	if f.Procedure {
		kind = "PROCEDURE"
	}
	return fmt.Sprintf("%s %s(%s)", kind, f.QualifiedName().SQL(), strings.Join(args, ", "))
}

// functionLabel names a function for sentences: "function f(text)".
func functionLabel(f *schema.Function) string {
	kind, rest, _ := strings.Cut(functionRef(f), " ")
	return strings.ToLower(kind) + " " + rest
}

// successor gives a column that draws from another context's sequence a
// sequence of its own, starting past every id either has handed out, so ids
// stay unique across both.
type successor struct {
	table schema.Name
	col   *schema.Column
	old   schema.Name
	seq   schema.Name
}

func (s successor) up() []string {
	typ := s.col.Type
	if typ != "smallint" && typ != "integer" {
		typ = "bigint"
	}
	return []string{
		fmt.Sprintf("CREATE SEQUENCE %s AS %s OWNED BY %s.%s", s.seq.SQL(), typ, s.table.SQL(), q(s.col.Name)),
		fmt.Sprintf("SELECT setval(%s, greatest((SELECT max(%s) FROM %s), (SELECT last_value FROM %s), 1))",
			literal(s.seq.SQL()), q(s.col.Name), s.table.SQL(), s.old.SQL()),
		fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval(%s::regclass)", s.table.SQL(), q(s.col.Name), literal(s.seq.SQL())),
	}
}

// down points the column back at the old sequence, first moving it past
// every id the successor handed out.
func (s successor) down() []string {
	return []string{
		fmt.Sprintf("SELECT setval(%s, greatest((SELECT last_value FROM %s), (SELECT last_value FROM %s)))",
			literal(s.old.SQL()), s.old.SQL(), s.seq.SQL()),
		fmt.Sprintf("ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", s.table.SQL(), q(s.col.Name), s.col.Default),
		"DROP SEQUENCE " + s.seq.SQL(),
	}
}
