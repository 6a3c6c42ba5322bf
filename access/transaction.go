package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
)

// TxWrites is what one transaction writes, per context, in the order written. The
// Go analyzer fills it from the statements it sees between BeginTx and Commit, the
// runtime guard from the statements a connection runs; both judge it with
// Findings, so a transaction is reported the same way by both.
type TxWrites struct {
	// Order lists the contexts in the order the transaction first wrote them.
	Order []string
	// Parts holds, per context, the parts written ("table" or "table(cols)"), in
	// the order first written.
	Parts map[string][]string
}

// Add records the writes among one statement's touches. Reads do not couple
// commits; the shared kernel's and unowned tables are no one's.
func (w *TxWrites) Add(touches []Touch) {
	for _, t := range touches {
		if !t.Write || t.Owner.Context == "" {
			continue
		}
		w.AddPart(t.Owner.Context, WrittenPart(t))
	}
}

// AddPart records that context ctx wrote part.
func (w *TxWrites) AddPart(ctx, part string) {
	if w.Parts == nil {
		w.Parts = map[string][]string{}
	}
	if _, ok := w.Parts[ctx]; !ok {
		w.Order = append(w.Order, ctx)
	}
	if !slices.Contains(w.Parts[ctx], part) {
		w.Parts[ctx] = append(w.Parts[ctx], part)
	}
}

// WrittenPart renders what a touch writes: the table, with the written columns
// when the statement names them.
func WrittenPart(t Touch) string {
	if len(t.WrittenCols) == 0 {
		return t.QualifiedName()
	}
	return t.QualifiedName() + "(" + strings.Join(t.WrittenCols, ", ") + ")"
}

// Crosses reports whether the transaction writes the data of two or more
// contexts; one context's transaction is that context's business.
func (w *TxWrites) Crosses() bool { return len(w.Order) >= 2 }

// Findings returns one cross-transaction finding per other context for a
// transaction that context from runs: where names the function the transaction
// is in, begun says who began it ("this transaction", or "the transaction F
// begins" for a helper), at is where it began. Allow entries are not applied.
// It returns nil when the transaction does not cross.
func (w *TxWrites) Findings(from, where, begun string, at Site) []finding.Finding {
	if !w.Crosses() {
		return nil
	}
	ctxs := slices.Sorted(slices.Values(w.Order))
	var parts, tables, steps []string
	for _, c := range ctxs {
		written := slices.Sorted(slices.Values(w.Parts[c]))
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(written, ", "), c))
		for _, p := range written {
			t, _, _ := strings.Cut(p, "(")
			if !slices.Contains(tables, t) {
				tables = append(tables, t)
			}
		}
	}
	slices.Sort(tables)
	// The saga's steps in the order the transaction wrote, each with the
	// compensation that undoes it when a later step fails.
	for i, c := range w.Order {
		written := slices.Sorted(slices.Values(w.Parts[c]))
		step := fmt.Sprintf("step %d: %s writes %s in its own transaction", i+1, c, strings.Join(written, ", "))
		if c != from {
			step += fmt.Sprintf(" (through %s's API)", c)
		}
		if i < len(w.Order)-1 {
			step += ", compensated by undoing those writes if a later step fails"
		}
		steps = append(steps, step)
	}
	// The subject names the function and the tables, not the columns, so a
	// write gaining a column keeps the finding's key.
	subject := Subject(where, "transaction writes "+strings.Join(tables, " + "))
	message := fmt.Sprintf("%s writes the data of contexts %s: %s; one commit welds them together", begun, strings.Join(ctxs, ", "), strings.Join(parts, ", "))
	fix := "turn it into a saga with compensations: " + strings.Join(steps, "; ")
	var out []finding.Finding
	for _, to := range ctxs {
		if to == from {
			continue
		}
		out = append(out, finding.Finding{
			Kind: finding.CrossTransaction, Severity: finding.Error,
			From: from, To: to, Subject: subject,
			File: at.File, Line: at.Line, Column: at.Column, Object: at.Object,
			Message: message, Fix: fix,
			Access: finding.Write, Tables: slices.Clone(tables),
		})
	}
	return out
}
