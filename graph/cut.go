package graph

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// StepNames are the extraction steps, in order: step i+1 is StepNames[i].
var StepNames = []string{
	"identify",
	"separate logic",
	"split tables",
	"new service on old tables",
	"move clients",
	"new database",
	"sync",
	"switch",
	"remove from monolith",
}

// CutStep is one extraction step and what has to be cut or moved in it.
type CutStep struct {
	Step  int       `json:"step"`
	Name  string    `json:"name"`
	Items []CutItem `json:"items"`
}

// CutItem is one thing to cut or move, with its evidence.
type CutItem struct {
	// Action says what to do, e.g. "drop the foreign key".
	Action  string `json:"action"`
	Kind    string `json:"kind,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Subject string `json:"subject"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Object  string `json:"object,omitempty"`
	Fix     string `json:"fix,omitempty"`
	// DDL is the exact statement to run, when there is one (a table split).
	DDL string `json:"ddl,omitempty"`
}

// Position renders file:line:col, or the catalog object when there is no file.
func (i CutItem) Position() string {
	return finding.Finding{File: i.File, Line: i.Line, Column: i.Column, Object: i.Object}.Position()
}

func item(ev Evidence, action string) CutItem {
	return CutItem{
		Action: action, Kind: ev.Kind, From: ev.From, To: ev.To, Subject: ev.Subject,
		File: ev.File, Line: ev.Line, Column: ev.Column, Object: ev.Object, Fix: ev.Fix,
	}
}

// statementItem is a statement working on a context's own columns of a shared
// table: after the split it must address the new table.
func statementItem(ev Evidence, st finding.Statement) CutItem {
	verb := "reads"
	if st.Access == finding.Write {
		verb = "writes"
	}
	what := "rows of " + st.Table
	if len(st.Columns) > 0 {
		cols := make([]string, len(st.Columns))
		for i, c := range st.Columns {
			cols[i] = strings.TrimPrefix(c, st.Table+".")
		}
		noun := "columns "
		if len(cols) == 1 {
			noun = "column "
		}
		what = noun + strings.Join(cols, ", ") + " of " + st.Table
	}
	return CutItem{
		Action: fmt.Sprintf("point this statement at %s's new table: it %s %s's own %s", ev.From, verb, ev.From, what),
		Kind:   ev.Kind, From: ev.From, To: ev.To,
		Subject: access.Subject(st.Object, string(st.Access)+" "+st.Table),
		File:    st.File, Line: st.Line, Column: st.Column, Object: st.Object,
	}
}

// CutSet lists, step by step, everything that welds context x to the rest of the
// monolith and has to be cut or moved to extract it:
//
//  1. identify: its packages, tables and columns, and the tables to split;
//  2. separate logic: calls into internals (both ways) to route through an API,
//     joins to move into code, foreign keys, triggers, views, functions and
//     sequences to drop or replace, foreign writes and cross-context
//     transactions;
//  3. split tables: the shared tables, with the DDL, and the triggers that move
//     with the columns;
//  4. new service on old tables: x's reads of other contexts and its API calls,
//     which become calls back into the monolith;
//  5. move clients: the call sites into x, from other contexts and from code in
//     no context (a facade, main);
//  6. new database: the tables and columns that move;
//  7. sync: the other contexts reading x's data, which need a copy or events;
//  8. switch: x's code and queries, pointed at its own database;
//  9. remove from monolith: the columns, tables and packages to delete.
//
// Every step is present, possibly without items.
func CutSet(g *Graph, x string) []CutStep {
	if g.Level != LevelContext {
		g = g.AtLevel(LevelContext)
	}
	steps := make([]CutStep, len(StepNames))
	for i, n := range StepNames {
		steps[i] = CutStep{Step: i + 1, Name: n, Items: []CutItem{}}
	}
	add := func(step int, it CutItem) { steps[step-1].Items = append(steps[step-1].Items, it) }
	var cx *config.Context
	if g.Config != nil {
		cx = g.Config.Context(x)
	}
	splitTables := g.splitTables(x)

	// 1. What belongs to x.
	if cx != nil {
		for _, e := range cx.Packages {
			add(1, g.configItem("package of "+x, e))
		}
		for _, e := range cx.Tables {
			add(1, g.configItem("table of "+x, e))
		}
		for _, e := range cx.Columns {
			add(1, g.configItem("column of "+x+" in another context's table", e))
		}
	}

	var edges []*Edge
	edges = append(edges, g.Out(x)...)
	edges = append(edges, g.In(x)...)
	var shared []Evidence
	for _, e := range edges {
		for _, ev := range e.Evidence {
			inbound := ev.To == x
			other := ev.To
			if inbound {
				other = ev.From
			}
			if g.removedBySplit(ev, x, splitTables) {
				add(3, item(ev, fmt.Sprintf("move the trigger to %s's side with its columns: it fires on them", x)))
				continue
			}
			switch ev.Family {
			case string(finding.SharedTable):
				shared = append(shared, ev)
				it := item(ev, "table to split")
				it.Fix = ""
				add(1, it)
				it = item(ev, "split the table: "+x+"'s columns go to a table of their own")
				if ddl := splitDDL(ev.Fix); ddl != "" {
					it.Fix, it.DDL = "", ddl
				} else if ev.Fix != "" {
					// No statements to run as they stand (a table without a
					// primary key): the fix says what to do first.
					it.Action = "split the table: " + ev.Fix
					it.Fix = ""
				}
				add(3, it)
				for _, st := range ev.Statements {
					add(3, statementItem(ev, st))
				}
			default:
				if step, action := cutAction(ev.Family, other, x, inbound); step > 0 {
					add(step, item(ev, action))
				}
			}
		}
	}
	for _, r := range g.ClientsOf(x) {
		add(5, CutItem{
			Action: "move this call to " + x + "'s service", Kind: "reference", To: r.To,
			Subject: "use of " + cmpOr(r.Object, r.ToPackage) + " from " + cmpOr(r.FromPackage, "code in no context"),
			File:    r.File, Line: r.Line, Column: r.Column,
		})
	}

	// 6. What moves to x's own database.
	if cx != nil {
		for _, e := range cx.Tables {
			add(6, g.configItem("move table "+e.Value+" to "+x+"'s database", e))
		}
		for _, e := range cx.Columns {
			add(6, g.configItem("move column "+e.Value+" to "+x+"'s database", e))
		}
		// 8. Switch.
		var what []string
		for _, e := range cx.Packages {
			what = append(what, e.Value)
		}
		for _, e := range cx.Queries {
			what = append(what, e.Value)
		}
		if len(what) > 0 {
			it := g.configItem("point "+x+"'s code and queries at its own database and stop writing the old tables and columns", config.Entry{Value: strings.Join(what, ", "), Pos: cx.Pos})
			add(8, it)
		}
		// 9. Remove from the monolith.
		byTable := map[string][]string{}
		var tables []string
		for _, e := range cx.Columns {
			i := strings.LastIndex(e.Value, ".")
			if i <= 0 {
				continue
			}
			t := e.Value[:i]
			if byTable[t] == nil {
				tables = append(tables, t)
			}
			byTable[t] = append(byTable[t], e.Value[i+1:])
		}
		slices.Sort(tables)
		for _, t := range tables {
			var drops []string
			for _, c := range byTable[t] {
				drops = append(drops, "DROP COLUMN "+c)
			}
			it := CutItem{Action: "drop " + x + "'s columns from " + t, Subject: t + "(" + strings.Join(byTable[t], ", ") + ")",
				DDL: "ALTER TABLE " + t + " " + strings.Join(drops, ", ") + ";"}
			for _, ev := range shared {
				if slices.Contains(ev.Tables, t) || slices.ContainsFunc(ev.Tables, func(s string) bool { return unqualified(s) == t }) {
					it.File, it.Line, it.Column, it.Object = ev.File, ev.Line, ev.Column, ev.Object
					it.Kind = ev.Kind
					break
				}
			}
			add(9, it)
		}
		for _, e := range cx.Tables {
			it := g.configItem("drop table "+e.Value+" from the monolith's database", e)
			if !strings.ContainsAny(e.Value, "*?[") {
				it.DDL = "DROP TABLE " + e.Value + ";"
			}
			add(9, it)
		}
		for _, e := range cx.Packages {
			add(9, g.configItem("delete package "+e.Value+" from the monolith", e))
		}
	}
	for _, i := range []int{2, 3, 4, 5, 7} {
		slices.SortStableFunc(steps[i-1].Items, compareItem)
	}
	return steps
}

// splitDDL returns the statements of step 3 in a shared-table finding's fix,
// one per line: the CREATE TABLE of the new table and the INSERT that fills it.
// The fix words them as "split the table: CREATE TABLE ...; INSERT INTO ...;
// then, once <context> reads and writes only <table>, ALTER TABLE ... DROP
// COLUMN ...; (...)"; what follows "then" is for later steps (the columns are
// dropped in step 9), and the prose around the statements is not SQL. A fix
// without a CREATE TABLE gives "". A fix that is only statements (one per line
// or separated by "; ") is kept as they are.
func splitDDL(fix string) string {
	i := strings.Index(fix, "CREATE TABLE ")
	if i < 0 {
		return ""
	}
	s := fix[i:]
	if j := strings.Index(s, "; then"); j >= 0 {
		s = s[:j+1]
	}
	s = strings.ReplaceAll(s, "; INSERT INTO ", ";\nINSERT INTO ")
	return strings.TrimSpace(s)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// configItem is an item whose evidence is an entry of faultline.yaml.
func (g *Graph) configItem(action string, e config.Entry) CutItem {
	file := e.Pos.File
	if g.Config != nil && g.Config.Dir != "" && file != "" {
		dir, err1 := filepath.Abs(g.Config.Dir)
		abs, err2 := filepath.Abs(file)
		if rel, err := filepath.Rel(dir, abs); err1 == nil && err2 == nil && err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
	}
	return CutItem{Action: action, Kind: "config", Subject: e.Value, File: file, Line: e.Pos.Line, Column: e.Pos.Column}
}

// compareItem orders items by position.
func compareItem(a, b CutItem) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := strings.Compare(a.Object, b.Object); c != 0 {
		return c
	}
	if a.Line != b.Line {
		return a.Line - b.Line
	}
	if a.Column != b.Column {
		return a.Column - b.Column
	}
	return strings.Compare(a.Kind+a.Subject+a.Action, b.Kind+b.Subject+b.Action)
}

// cutAction is the step and action the family table gives an edge of family fam
// between x, the context being extracted, and other; inbound when other depends on
// x. An unknown family is cut in step 2; step 0 means nothing to cut.
func cutAction(fam, other, x string, inbound bool) (int, string) {
	f, ok := finding.Family(fam)
	if !ok {
		return 2, "cut the dependency"
	}
	step, action := f.StepOut, f.ActionOut
	if inbound {
		step, action = f.StepIn, f.ActionIn
	}
	if !strings.Contains(action, "%[") {
		return step, action
	}
	return step, fmt.Sprintf(action, other, x)
}
