// Package plan turns the cut set of one bounded context into an extraction
// plan: the nine steps with, for each thing to cut, its evidence, the context
// that does the work, what the code must do and the migration that does the
// data part; and it writes those migrations, each with its down migration, in
// the project's own migration format.
package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/schema"
)

// Input is what a plan is made from: one run's configuration, catalog,
// findings and references.
type Input struct {
	Config     *config.Config
	Catalog    *schema.Catalog
	Findings   []finding.Finding
	References []finding.Reference
}

// Plan is the extraction plan of one context.
type Plan struct {
	Context string `json:"context"`
	Steps   []Step `json:"steps"`
	// Migrations are in the order they are to be applied.
	Migrations []*Migration `json:"migrations"`
	// Config lists the changes to faultline.yaml once the migrations ran.
	Config []ConfigChange `json:"config"`
	// Layout says how the migrations are written; nil when the project's
	// migration format cannot take them (see LayoutError).
	Layout *Layout `json:"layout,omitempty"`
}

// Step is one extraction step and its items.
type Step struct {
	Step  int    `json:"step"`
	Name  string `json:"name"`
	Items []Item `json:"items"`
}

// Item is one thing to cut or move, with the work it takes.
type Item struct {
	graph.CutItem
	// Owner is the context whose code or schema changes; "" for code in no
	// context (a facade, main).
	Owner string `json:"owner"`
	// Code is what the code must do, when the action alone does not say it.
	Code string `json:"code,omitempty"`
	// Migrations are the IDs of the migrations doing the data part.
	Migrations []string `json:"migrations,omitempty"`
	// Cleanup are the statements of the asynchronous cleanup that replaces a
	// foreign key's action (a loose foreign key), for the owner's worker.
	Cleanup []string `json:"cleanup,omitempty"`
}

// Migration is one migration of the plan.
type Migration struct {
	// ID names the migration, e.g. "pricing_split_products"; the file names
	// add the number.
	ID      string   `json:"id"`
	Step    int      `json:"step"`
	Summary string   `json:"summary"`
	Up      []string `json:"up"`
	Down    []string `json:"down"`
	// Files are the files Emit writes for it, relative to the emit directory.
	Files []string `json:"files,omitempty"`
}

// ConfigChange is a change to one context's entries in faultline.yaml.
type ConfigChange struct {
	Context string `json:"context"`
	// AddTables are tables the context now owns; RemoveColumnsOf are tables
	// whose columns it no longer owns (they moved out with a split).
	AddTables       []string `json:"add_tables,omitempty"`
	RemoveColumnsOf []string `json:"remove_columns_of,omitempty"`
}

// UnknownContextError says the context named is not in faultline.yaml.
type UnknownContextError struct {
	Name  string
	Known []string
}

func (e *UnknownContextError) Error() string {
	return fmt.Sprintf("no context %q in faultline.yaml; the contexts are %s", e.Name, strings.Join(e.Known, ", "))
}

// NothingToCutError says the context is welded to no other.
type NothingToCutError struct{ Name string }

func (e *NothingToCutError) Error() string {
	return fmt.Sprintf("nothing to cut: no code, SQL or schema ties %s to another context, so it can be extracted as it is", e.Name)
}

// Build makes the plan of context x.
func Build(in Input, x string) (*Plan, error) {
	if in.Config == nil || in.Config.Context(x) == nil {
		var known []string
		if in.Config != nil {
			known = in.Config.Names()
		}
		return nil, &UnknownContextError{Name: x, Known: known}
	}
	g := graph.Build(graph.Input{Config: in.Config, Findings: in.Findings, References: in.References, Level: graph.LevelContext})
	cut := graph.CutSet(g, x)
	if nothingToCut(cut) {
		return nil, &NothingToCutError{Name: x}
	}
	b := &builder{in: in, x: x, p: &Plan{Context: x, Migrations: []*Migration{}, Config: []ConfigChange{}}, logs: map[schema.Name]bool{}}
	for _, s := range cut {
		st := Step{Step: s.Step, Name: s.Name, Items: make([]Item, 0, len(s.Items))}
		for _, it := range s.Items {
			st.Items = append(st.Items, Item{CutItem: it, Owner: b.owner(it)})
		}
		b.p.Steps = append(b.p.Steps, st)
	}
	if err := b.schemaSteps(); err != nil {
		return nil, err
	}
	b.configChanges()
	return b.p, nil
}

// nothingToCut reports whether no step past identification holds evidence.
func nothingToCut(cut []graph.CutStep) bool {
	for _, s := range cut {
		if s.Step == 1 || s.Step == 6 || s.Step == 8 || s.Step == 9 {
			continue
		}
		if len(s.Items) > 0 {
			return false
		}
	}
	return true
}

type builder struct {
	in     Input
	x      string
	p      *Plan
	splits []*splitWork
	logs   map[schema.Name]bool // deletion logs created so far
	tables map[string][]string  // context -> tables it gains
}

// splitWork is one shared table's split with the triggers moving along.
type splitWork struct {
	*split
	item  *Item
	moves []*Item
	trigs []*schema.Trigger
}

// owner is the context doing the work of an item: the one depending, or x
// for its own configuration entries.
func (b *builder) owner(it graph.CutItem) string {
	switch {
	case it.Kind == "config":
		return b.x
	}
	return it.From
}

func (b *builder) item(step, i int) *Item { return &b.p.Steps[step-1].Items[i] }

func (b *builder) add(m *Migration) *Migration {
	m.ID = fileSafe(m.ID)
	b.p.Migrations = append(b.p.Migrations, m)
	return m
}

// schemaSteps attaches a migration to each schema item: step 2's foreign
// keys, functions, views, sequences and triggers, then step 3's splits, then
// step 9's end of the sync and drop of the moved columns.
func (b *builder) schemaSteps() error {
	for i := range b.p.Steps[1].Items {
		if err := b.separate(b.item(2, i)); err != nil {
			return err
		}
	}
	for i := range b.p.Steps[2].Items {
		if err := b.splitItem(b.item(3, i)); err != nil {
			return err
		}
	}
	for _, s := range b.splits {
		b.splitMigrations(s)
	}
	return nil
}

// pos reports whether a catalog position is where an item's evidence sits.
func at(p schema.Pos, it *Item) bool {
	return p.File != "" && p.File == it.File && p.Line == it.Line && p.Column == it.Column
}

// separate handles one item of step 2.
func (b *builder) separate(it *Item) error {
	cat := b.in.Catalog
	if cat == nil {
		return nil
	}
	switch finding.Kind(it.Kind) {
	case finding.ForeignKey:
		return b.foreignKey(it)
	case finding.Function:
		for _, f := range cat.Functions() {
			if at(f.Pos, it) {
				if strings.TrimSpace(f.Definition) == "" {
					return fmt.Errorf("%s: the catalog has no definition of function %s to restore in the down migration", f.Pos, f.Name)
				}
				m := b.add(&Migration{ID: b.x + "_drop_function_" + f.Name, Step: 2,
					Summary: "drop " + functionLabel(f) + ", which " + it.Owner + "'s code takes over",
					Up:      []string{"DROP " + functionRef(f)}, Down: []string{strings.TrimSpace(f.Definition)}})
				it.Migrations = []string{m.ID}
				it.Action = "move the function into " + it.Owner + "'s code"
				it.Code = fmt.Sprintf("do what %s does in %s's code, reading other contexts' data through their APIs; deploy that before the migration drops the function", f.Name, it.Owner)
			}
		}
	case finding.View:
		for _, v := range cat.Views() {
			if at(v.Pos, it) {
				if v.Definition == "" {
					return fmt.Errorf("%s: the catalog has no definition of view %s to restore in the down migration", v.Pos, v.Name)
				}
				m := b.add(&Migration{ID: b.x + "_drop_view_" + v.Name, Step: 2,
					Summary: "drop view " + v.QualifiedName().SQL() + " over two contexts",
					Up:      []string{dropView(v)}, Down: []string{viewDDL(v)}})
				it.Migrations = []string{m.ID}
				it.Action = "replace the view with code over each context's data"
				it.Code = fmt.Sprintf("build what %s returns in %s's code from each context's API (or a read model fed by events); deploy that before the migration drops the view", v.Name, it.Owner)
			}
		}
	case finding.Sequence:
		b.sequence(it)
	case finding.Trigger:
		b.trigger(it)
	}
	return nil
}

// foreignKey replaces a cross-context foreign key by a loose one.
func (b *builder) foreignKey(it *Item) error {
	for _, k := range b.in.Catalog.ForeignKeys() {
		if !at(k.Pos, it) {
			continue
		}
		ref := b.in.Catalog.FindTable(k.RefTable.Schema, k.RefTable.Name)
		if ref == nil {
			return fmt.Errorf("%s: foreign key %s references %s, which the catalog does not have", k.Pos, k.Name, k.RefTable)
		}
		l := newLooseFK(k, ref)
		withLog := !b.logs[l.log]
		b.logs[l.log] = true
		summary := "replace foreign key " + k.Name + " of " + k.Table.SQL() + " by a loose foreign key"
		if withLog {
			summary += "; create the deletion log " + l.log.SQL() + " of " + ref.QualifiedName().SQL()
			b.gain(b.in.Config.TableOwner(ref.Schema, ref.Name).Context, l.log)
		}
		m := b.add(&Migration{ID: b.x + "_loose_fk_" + k.Name, Step: 2, Summary: summary, Up: l.up(withLog), Down: l.down(withLog)})
		it.Migrations = []string{m.ID}
		verb := "delete"
		if k.OnDelete == schema.SetNull || k.OnDelete == schema.SetDefault {
			verb = "update"
		}
		it.Code = fmt.Sprintf("check that %s(%s) exists through %s's API before writing %s; a worker of %s reads %s in batches and does the %s below for each deleted key (GitLab's loose foreign keys), marking it cleaned",
			k.RefTable.SQL(), quoteList(k.RefColumns), it.To, k.Table.SQL(), it.Owner, l.log.SQL(), verb)
		it.Cleanup = l.cleanup()
	}
	return nil
}

// sequence gives a column drawing from another context's sequence a
// successor of its own.
func (b *builder) sequence(it *Item) {
	for _, t := range b.in.Catalog.Tables() {
		for _, c := range t.Columns {
			if !at(c.Pos, it) || c.Sequence.IsZero() {
				continue
			}
			s := successor{table: t.QualifiedName(), col: c, old: c.Sequence,
				seq: schema.Name{Schema: t.Schema, Name: t.Name + "_" + c.Name + "_seq"}}
			m := b.add(&Migration{ID: b.x + "_sequence_" + t.Name + "_" + c.Name, Step: 2,
				Summary: fmt.Sprintf("give %s.%s its own sequence %s, succeeding %s", t.QualifiedName().SQL(), q(c.Name), s.seq.SQL(), c.Sequence.SQL()),
				Up:      s.up(), Down: s.down()})
			it.Migrations = []string{m.ID}
			it.Code = "nothing, unless ids must stay unique across both contexts for good: then ask " + it.To + "'s API for them"
		}
	}
}

// trigger drops a trigger that spans contexts, with its function when no
// other trigger runs it.
func (b *builder) trigger(it *Item) {
	cat := b.in.Catalog
	for _, g := range cat.Triggers() {
		if !at(g.Pos, it) {
			continue
		}
		up, down := []string{dropTrigger(g, g.Table)}, []string{createTrigger(g, g.Table)}
		if f := cat.TriggerFunction(g); f != nil && b.onlyUser(g) {
			up = append(up, "DROP "+functionRef(f))
			down = append([]string{strings.TrimSpace(f.Definition)}, down...)
		}
		m := b.add(&Migration{ID: b.x + "_drop_trigger_" + g.Name, Step: 2,
			Summary: "drop trigger " + g.Name + " on " + g.Table.SQL() + ", whose function reaches another context",
			Up:      up, Down: down})
		it.Migrations = []string{m.ID}
		it.Code = fmt.Sprintf("the owner of %s publishes an event for what the trigger reacted to, and %s's code does the trigger's work on it; deploy that before the migration drops the trigger", g.Table.SQL(), it.Owner)
	}
}

// onlyUser reports whether g is the only trigger running its function.
func (b *builder) onlyUser(g *schema.Trigger) bool {
	for _, o := range b.in.Catalog.Triggers() {
		if o != g && o.Function == g.Function {
			return false
		}
	}
	return true
}

// splitItem handles one item of step 3: a table split, or a trigger that
// moves with the split columns.
func (b *builder) splitItem(it *Item) error {
	cat := b.in.Catalog
	if cat == nil {
		return nil
	}
	switch finding.Kind(it.Kind) {
	case finding.SharedTable:
		for _, t := range cat.Tables() {
			if !at(t.Pos, it) {
				continue
			}
			var cols []string
			for _, c := range t.Columns {
				if b.in.Config.ColumnOwner(t.Schema, t.Name, c.Name).Context == it.From {
					cols = append(cols, c.Name)
				}
			}
			s, err := newSplit(t, it.From, cols)
			if err != nil {
				return err
			}
			b.splits = append(b.splits, &splitWork{split: s, item: it})
		}
	case finding.Trigger:
		for _, g := range cat.Triggers() {
			if !at(g.Pos, it) {
				continue
			}
			for _, s := range b.splits {
				if s.t.QualifiedName() == g.Table {
					s.moves = append(s.moves, it)
					s.trigs = append(s.trigs, g)
				}
			}
		}
	}
	return nil
}

// splitMigrations writes the three migrations of a split: create and sync
// (with the triggers that move), end the sync, drop the moved columns.
func (b *builder) splitMigrations(s *splitWork) {
	up, down := s.createUp(), []string{}
	var moved []string
	for _, g := range s.trigs {
		u, d := moveTrigger(g, s.newName)
		up = append(up, u...)
		down = append(d, down...)
		moved = append(moved, g.Name)
	}
	down = append(down, s.createDown()...)
	summary := fmt.Sprintf("create %s keyed by %s, copy the columns %s of %s into it, and keep both in sync while code moves",
		s.newName.SQL(), quoteList(s.key), quoteList(s.colNames()), s.t.QualifiedName().SQL())
	if len(moved) > 0 {
		summary += "; move trigger " + strings.Join(moved, ", ") + " to " + s.newName.SQL()
	}
	create := b.add(&Migration{ID: s.ctx + "_split_" + s.t.Name, Step: 3, Summary: summary, Up: up, Down: down})
	s.item.Migrations = []string{create.ID}
	s.item.Code = fmt.Sprintf("%s reads and writes %s instead of its columns in %s; until the sync ends, writes on either side reach the other", s.ctx, s.newName.SQL(), s.t.QualifiedName().SQL())
	for _, m := range s.moves {
		m.Migrations = []string{create.ID}
		m.Code = "nothing: the trigger fires on " + s.newName.SQL() + " now"
	}
	b.gain(s.ctx, s.newName)

	stop := b.add(&Migration{ID: s.ctx + "_end_sync_" + s.t.Name, Step: 9,
		Summary: fmt.Sprintf("end the sync between %s and %s, once no code uses the old columns", s.t.QualifiedName().SQL(), s.newName.SQL()),
		Up:      s.syncDown(), Down: append([]string{s.copyBack()}, s.syncUp()...)})
	drop := b.add(&Migration{ID: s.ctx + "_drop_columns_" + s.t.Name, Step: 9,
		Summary: fmt.Sprintf("drop %s's columns %s from %s", s.ctx, quoteList(s.colNames()), s.t.QualifiedName().SQL()),
		Up:      s.dropColumnsUp(), Down: s.dropColumnsDown()})
	for i := range b.p.Steps[8].Items {
		it := b.item(9, i)
		if it.Kind == string(finding.SharedTable) && at(s.t.Pos, it) {
			it.Owner = b.in.Config.TableOwner(s.t.Schema, s.t.Name).Context
			it.Migrations = []string{stop.ID, drop.ID}
			it.Code = "no code reads or writes them any more: step 8 switched it to " + s.newName.SQL()
		}
	}
}

// fileSafe keeps what a file name may hold of an ID built from object names
// (which SQL lets quote into anything): letters, digits and underscores.
func fileSafe(id string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, id)
}

// gain records that context ctx owns a new table.
func (b *builder) gain(ctx string, t schema.Name) {
	if ctx == "" {
		return
	}
	if b.tables == nil {
		b.tables = map[string][]string{}
	}
	b.tables[ctx] = append(b.tables[ctx], configName(t))
}

// configName spells a table as faultline.yaml lists it: without the public
// schema.
func configName(t schema.Name) string {
	if t.Schema != "" && t.Schema != "public" {
		return t.String()
	}
	return t.Name
}

// configChanges collects what faultline.yaml must say after the migrations.
func (b *builder) configChanges() {
	removed := map[string][]string{}
	for _, s := range b.splits {
		removed[s.ctx] = append(removed[s.ctx], configName(s.t.QualifiedName()))
	}
	var ctxs []string
	for c := range b.tables {
		ctxs = append(ctxs, c)
	}
	for c := range removed {
		if b.tables[c] == nil {
			ctxs = append(ctxs, c)
		}
	}
	slices.Sort(ctxs)
	for _, c := range ctxs {
		b.p.Config = append(b.p.Config, ConfigChange{Context: c, AddTables: b.tables[c], RemoveColumnsOf: removed[c]})
	}
}
