package sqlaccess

import (
	"cmp"
	"fmt"
	"go/types"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
)

// Helper is the fact a function or method exports when it issues SQL, directly or
// through other helpers: what its callers answer for, and which statements run on
// the connection or transaction it is handed.
type Helper struct {
	// Stmts are the resolved statements, each once.
	Stmts []HelperStmt
	// SQLArg is 1 + the index of a parameter the function runs as SQL, 0 when
	// none: a wrapper such as func (d *DB) Exec(q string) is a driver of its own.
	SQLArg int
	// SQLConn is 1 + the index of the parameter that SQL runs on, 0 when none.
	SQLConn int
	// Txs are the transactions the helper begins that write the data of two or
	// more contexts, when its callers answer for them (Own statements).
	Txs []HelperTx
}

// HelperTx is one transaction a helper begins, by the statements run in it.
type HelperTx struct {
	Stmts []query.Statement
}

// HelperStmt is one statement a helper issues.
type HelperStmt struct {
	Stmt query.Statement
	// Param is the index of the parameter whose connection or transaction the
	// statement runs on, -1 when it runs on none of them; Recv is set when it runs
	// on a connection the receiver carries (sqlc's Queries.WithTx(tx)).
	Param int
	Recv  bool
	// Own is set when the callers answer for the statement: the helper belongs to
	// the shared kernel or to no context, so its SQL is its callers' SQL.
	Own bool
	// Query is the named query of a query file the statement is, if any.
	Query *finding.QueryRef
}

// AFact marks Helper as a go/analysis fact.
func (*Helper) AFact() {}

func (h *Helper) String() string {
	var parts []string
	if h.SQLArg > 0 {
		parts = append(parts, fmt.Sprintf("sql arg %d", h.SQLArg-1))
	}
	for _, s := range h.Stmts {
		var tables []string
		for _, t := range s.Stmt.Tables {
			mode := "r"
			if t.Write {
				mode = "w"
			}
			tables = append(tables, t.QualifiedName()+":"+mode)
		}
		where := ""
		switch {
		case s.Param >= 0:
			where = fmt.Sprintf(" on param %d", s.Param)
		case s.Recv:
			where = " on receiver"
		}
		own := ""
		if s.Own {
			own = " own"
		}
		parts = append(parts, fmt.Sprintf("%s %s%s%s", s.Stmt.Command, strings.Join(tables, ","), where, own))
	}
	for _, tx := range h.Txs {
		parts = append(parts, fmt.Sprintf("tx of %d statements", len(tx.Stmts)))
	}
	return "sql(" + strings.Join(parts, "; ") + ")"
}

func (h *Helper) empty() bool { return h.SQLArg == 0 && len(h.Stmts) == 0 && len(h.Txs) == 0 }

// add records a statement once.
func (h *Helper) add(s HelperStmt) {
	for _, x := range h.Stmts {
		if x.Param == s.Param && x.Recv == s.Recv && x.Own == s.Own && x.Stmt.Text == s.Stmt.Text {
			return
		}
	}
	h.Stmts = append(h.Stmts, s)
}

// sort orders the statements so facts are encoded deterministically.
func (h *Helper) sort() {
	slices.SortStableFunc(h.Stmts, func(a, b HelperStmt) int {
		return cmp.Or(
			cmp.Compare(a.Stmt.Text, b.Stmt.Text),
			cmp.Compare(a.Param, b.Param),
			boolCmp(a.Recv, b.Recv),
			boolCmp(a.Own, b.Own),
		)
	})
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// helperName names a function as a user reads it: store.LoadProduct, or
// store.Store.Load for a method.
func helperName(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}
