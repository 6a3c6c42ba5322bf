package guard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	faultlineverdict "github.com/faultline/faultline/verdict"
)

// txControl says whether a statement begins or ends a transaction (the pgx
// tracer sees these as statements; database/sql as driver calls).
type txControl int

const (
	txNone txControl = iota
	txBegin
	txCommit
	txRollback
)

// parsed is what the guard keeps of one statement text.
type parsed struct {
	stmts []query.Statement
	// failed is set when some of the text did not parse.
	failed bool
	ctl    txControl
	// writes are what the text writes, per context, for transactions.
	writes []written
}

type written struct{ ctx, part string }

// verdictKey names a judgement: subjects name the issuing function, so the
// verdict depends on it as well as on the context.
type verdictKey struct{ from, function, text string }

// verdict is the judgement of one text issued by one context: the findings
// check would report that no allow entry or baseline entry covers, without a
// position.
type verdict struct {
	parsed    *parsed
	violating []finding.Finding
}

// txState is one open transaction of a connection.
type txState struct {
	from   string
	site   Site
	short  string
	writes access.TxWrites
}

// statement judges one statement that the code above skip frames issues, and
// returns the violation to fail it with, if any. tx is the connection's open
// transaction, if any.
func (g *Guard) statement(sql string, skip int, tx *txState) *Violation {
	g.statements.Add(1)
	pc, fr := g.attribute(skip + 1)
	from, short := "", ""
	if fr != nil {
		from, short = fr.ctx, fr.short
	}
	// One cache lookup per statement: the record or verdict holds the parse.
	var p *parsed
	var v *verdict
	if g.mode == Record {
		p = g.count(pc, fr, sql)
	} else {
		v = g.verdict(from, short, sql)
		p = v.parsed
	}
	if p.failed {
		g.unparsed.Add(1)
	}
	if tx != nil {
		for _, w := range p.writes {
			tx.writes.AddPart(w.ctx, w.part)
		}
	}
	if v == nil || len(v.violating) == 0 {
		return nil
	}
	var site Site
	if fr != nil {
		site = fr.site
	}
	return g.violation(sql, site, short, v.violating)
}

// begin opens the state of a transaction begun by the code above skip frames.
func (g *Guard) begin(skip int) *txState {
	_, fr := g.attribute(skip + 1)
	tx := &txState{}
	if fr != nil {
		tx.from, tx.site, tx.short = fr.ctx, fr.site, fr.short
	}
	return tx
}

// commit judges a transaction about to commit: one that writes two contexts'
// tables is a violation in Fail mode, unless allowed or in the baseline.
func (g *Guard) commit(tx *txState) *Violation {
	if g.mode == Record || tx == nil || !tx.writes.Crosses() {
		return nil
	}
	where := tx.short
	if where == "" {
		where = "unattributed code"
	}
	at := access.Site{File: tx.site.File, Line: tx.site.Line, Object: tx.short}
	var bad []finding.Finding
	for _, f := range tx.writes.Findings(tx.from, where, "this transaction", at) {
		if !g.excused(&f) {
			bad = append(bad, f)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	v := &Violation{From: bad[0].From, To: bad[0].To, Tables: bad[0].Tables, Site: tx.site, Findings: bad}
	g.keep(v)
	return v
}

// excused reports whether check would let f pass: covered by an allow entry or
// the baseline, or neither an error nor a warning.
func (g *Guard) excused(f *finding.Finding) bool {
	if f.AllowedBy != "" || faultlineverdict.Excused(g.cfg, nil, *f) || g.known[f.Key()] {
		return true
	}
	return f.Severity != finding.Error && f.Severity != finding.Warning
}

// violation builds and keeps the violation of a statement at site.
func (g *Guard) violation(sql string, site Site, short string, fs []finding.Finding) *Violation {
	v := &Violation{Statement: sql, Site: site, From: fs[0].From, To: fs[0].To}
	for _, f := range fs {
		f.File, f.Line, f.Object = site.File, site.Line, short
		v.Findings = append(v.Findings, f)
		for _, t := range f.Tables {
			if !slices.Contains(v.Tables, t) {
				v.Tables = append(v.Tables, t)
			}
		}
	}
	slices.Sort(v.Tables)
	g.keep(v)
	return v
}

// parse returns the cached analysis of a text, analyzing it on a miss.
func (g *Guard) parse(sql string) *parsed {
	g.mu.RLock()
	p, ok := g.parsed[sql]
	g.mu.RUnlock()
	if ok {
		return p
	}
	g.missMu.Lock()
	defer g.missMu.Unlock()
	p = g.analyze(sql)
	g.mu.Lock()
	if len(g.parsed) < maxCached {
		g.parsed[sql] = p
	}
	g.mu.Unlock()
	return p
}

// analyze parses a text and notes what it writes. A panic of the parser is a
// failure to parse like any other: the statement passes.
func (g *Guard) analyze(sql string) (p *parsed) {
	p = &parsed{ctl: control(sql)}
	defer func() {
		if recover() != nil {
			p.stmts, p.writes, p.failed = nil, nil, true
		}
	}()
	stmts, err := query.Analyze(sql, g.resolver.Catalog)
	p.stmts, p.failed = stmts, err != nil
	var w access.TxWrites
	for _, st := range stmts {
		w.Add(g.resolver.Touches(st))
	}
	for _, ctx := range w.Order {
		for _, part := range w.Parts[ctx] {
			p.writes = append(p.writes, written{ctx, part})
		}
	}
	return p
}

// verdict returns the cached judgement of a text issued by context from in the
// function short.
func (g *Guard) verdict(from, short, sql string) *verdict {
	key := verdictKey{from, short, sql}
	g.mu.RLock()
	v, ok := g.verdicts[key]
	g.mu.RUnlock()
	if ok {
		return v
	}
	v = &verdict{parsed: g.parse(sql)}
	g.missMu.Lock()
	defer g.missMu.Unlock()
	for _, st := range v.parsed.stmts {
		for _, f := range g.resolver.Check(from, st, access.Site{Object: short}) {
			if !g.excused(&f) {
				v.violating = append(v.violating, f)
			}
		}
	}
	// A join across contexts says the most; the foreign reads it makes follow.
	slices.SortStableFunc(v.violating, func(a, b finding.Finding) int {
		return cmp.Compare(rankKind(a.Kind), rankKind(b.Kind))
	})
	g.mu.Lock()
	if len(g.verdicts) < maxCached {
		g.verdicts[key] = v
	}
	g.mu.Unlock()
	return v
}

func rankKind(k finding.Kind) int {
	if k == finding.CrossJoin {
		return 0
	}
	return 1
}

// mayControl reports, without allocating, whether a text's first word is one
// that begins or ends a transaction; only those are classified by control.
func mayControl(sql string) bool {
	sql = strings.TrimLeft(sql, " \t\r\n")
	end := strings.IndexAny(sql, " \t\r\n;")
	if end < 0 {
		end = len(sql)
	}
	word := sql[:end]
	for _, w := range [...]string{"begin", "start", "commit", "end", "rollback", "abort"} {
		if strings.EqualFold(word, w) {
			return true
		}
	}
	return false
}

// control classifies the transaction statements a pgx connection sends for
// Begin, Commit and Rollback (and their spellings in SQL).
func control(sql string) txControl {
	words := strings.Fields(strings.ToLower(strings.TrimRight(strings.TrimSpace(sql), ";")))
	if len(words) == 0 {
		return txNone
	}
	switch words[0] {
	case "begin":
		return txBegin
	case "start":
		if len(words) > 1 && words[1] == "transaction" {
			return txBegin
		}
	case "commit", "end":
		if len(words) > 1 && words[1] == "prepared" {
			return txNone
		}
		return txCommit
	case "rollback", "abort":
		for _, w := range words[1:] {
			if w == "to" || w == "prepared" {
				return txNone
			}
		}
		return txRollback
	}
	return txNone
}

// String renders a site as file:line (function).
func (s Site) String() string {
	if s.File == "" {
		return "(no call site in the module)"
	}
	return fmt.Sprintf("%s:%d (%s)", s.File, s.Line, s.Function)
}
