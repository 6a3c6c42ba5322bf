package sqlaccess

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/finding"
)

// crossTransaction reports a transaction that writes the tables or columns of two
// or more contexts: one commit couples them, and it must become a saga. In a
// package of no context its callers answer for it: it goes into the fact. via
// names the helper that begins the transaction, if it is not this function.
func (w *walker) crossTransaction(s *scope, via string) {
	a := w.a
	// What each context has written in the transaction, in the order written.
	var order []string
	writes := map[string][]string{}
	for _, st := range s.stmts {
		for _, t := range a.resolver.Touches(st) {
			// Reads do not couple commits; the kernel and unowned tables are no one's.
			if !t.Write || t.Owner.Context == "" {
				continue
			}
			ctx := t.Owner.Context
			part := t.QualifiedName()
			if len(t.WrittenCols) > 0 {
				part += "(" + strings.Join(t.WrittenCols, ", ") + ")"
			}
			if _, ok := writes[ctx]; !ok {
				order = append(order, ctx)
			}
			if !slices.Contains(writes[ctx], part) {
				writes[ctx] = append(writes[ctx], part)
			}
		}
	}
	// A transaction within one context's data is that context's business.
	if len(order) < 2 {
		return
	}
	ctxs := slices.Sorted(func(yield func(string) bool) {
		for _, c := range order {
			if !yield(c) {
				return
			}
		}
	})
	if a.owner.Context == "" {
		w.fn.helper.Txs = append(w.fn.helper.Txs, HelperTx{Stmts: s.stmts})
		return
	}
	from := a.owner.Context
	var parts, tables, steps []string
	for _, c := range ctxs {
		slices.Sort(writes[c])
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(writes[c], ", "), c))
	}
	for _, c := range ctxs {
		for _, p := range writes[c] {
			t, _, _ := strings.Cut(p, "(")
			if !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
	}
	slices.Sort(tables)
	// The saga's steps in the order the transaction wrote, each with the
	// compensation that undoes it when a later step fails.
	for i, c := range order {
		step := fmt.Sprintf("step %d: %s writes %s in its own transaction", i+1, c, strings.Join(writes[c], ", "))
		if c != from {
			step += fmt.Sprintf(" (through %s's API)", c)
		}
		if i < len(order)-1 {
			step += ", compensated by undoing those writes if a later step fails"
		}
		steps = append(steps, step)
	}
	p := a.pass.Fset.Position(s.pos)
	where, begun := w.name, "this transaction"
	if via != "" {
		where, begun = via, "the transaction "+via+" begins"
	}
	// The subject names the function and the tables, not the columns, so a
	// write gaining a column keeps the finding's key.
	subject := access.Subject(where, "transaction writes "+strings.Join(tables, " + "))
	message := fmt.Sprintf("%s writes the data of contexts %s: %s; one commit welds them together", begun, strings.Join(ctxs, ", "), strings.Join(parts, ", "))
	fix := "turn it into a saga with compensations: " + strings.Join(steps, "; ")
	for _, to := range ctxs {
		if to == from {
			continue
		}
		f := finding.Finding{
			Kind: finding.CrossTransaction, Severity: finding.Error,
			From: from, To: to, Subject: subject,
			File: p.Filename, Line: p.Line, Column: p.Column, Object: w.name,
			Message: message, Fix: fix,
			Access: finding.Write, Tables: tables,
		}
		a.cfg.Allowed(&f)
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
