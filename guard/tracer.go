package guard

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

// Tracer returns a pgx v5 QueryTracer (set it as pgx.ConnConfig.Tracer) that
// judges every statement a pgx connection runs. A tracer cannot fail a query,
// so in Fail mode the violations are kept for Violations; transactions are
// followed through the begin, commit and rollback statements pgx sends.
// Batches (SendBatch) and CopyFrom do not pass through a QueryTracer and are
// not judged.
func (g *Guard) Tracer() pgx.QueryTracer {
	return &tracer{g: g}
}

type tracer struct {
	g *Guard
	// txs holds the open transaction of each *pgx.Conn that has one.
	txs sync.Map
}

// tracerSkip skips TraceQueryStart; attribute walks past pgx's own frames.
const tracerSkip = 1

func (t *tracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	ctl := txNone
	if mayControl(data.SQL) {
		ctl = t.g.parse(data.SQL).ctl
	}
	switch ctl {
	case txBegin:
		t.g.statements.Add(1)
		t.txs.Store(conn, t.g.begin(tracerSkip))
		return ctx
	case txCommit:
		t.g.statements.Add(1)
		if tx, ok := t.txs.LoadAndDelete(conn); ok {
			t.g.commit(tx.(*txState))
		}
		return ctx
	case txRollback:
		t.g.statements.Add(1)
		t.txs.Delete(conn)
		return ctx
	}
	var tx *txState
	if v, ok := t.txs.Load(conn); ok {
		tx = v.(*txState)
	}
	t.g.statement(data.SQL, tracerSkip, tx)
	return ctx
}

func (t *tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
