package sqlaccess

import (
	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/finding"
)

// crossTransaction reports a transaction that writes the tables or columns of two
// or more contexts: one commit couples them, and it must become a saga. In a
// package of no context its callers answer for it: it goes into the fact. via
// names the helper that begins the transaction, if it is not this function.
func (w *walker) crossTransaction(s *scope, via string) {
	a := w.a
	var writes access.TxWrites
	for _, st := range s.stmts {
		writes.Add(a.resolver.Touches(st))
	}
	// A transaction within one context's data is that context's business.
	if !writes.Crosses() {
		return
	}
	if a.owner.Context == "" {
		w.fn.helper.Txs = append(w.fn.helper.Txs, HelperTx{Stmts: s.stmts})
		return
	}
	where, begun := w.name, "this transaction"
	if via != "" {
		where, begun = via, "the transaction "+via+" begins"
	}
	p := a.pass.Fset.Position(s.pos)
	at := access.Site{File: p.Filename, Line: p.Line, Column: p.Column, Object: w.name}
	for _, f := range writes.Findings(a.owner.Context, where, begun, at) {
		a.report(s.pos, f)
	}
}

// parseErrorFinding is SQL the parser rejects: nothing in it could be checked.
func parseErrorFinding(from, object, msg, file string, line, col int) finding.Finding {
	return finding.Finding{
		Kind: finding.ParseError, Severity: finding.Warning,
		From: from, Subject: object + ": " + msg,
		File: file, Line: line, Column: col, Object: object,
		Message: "the SQL does not parse as PostgreSQL: " + msg + "; faultline cannot check what it touches",
		Fix:     "fix the SQL (or, if PostgreSQL accepts it, report the statement to faultline)",
	}
}
