package guard

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
)

// Connector wraps a database/sql connector (pgx's stdlib.GetConnector,
// lib/pq's NewConnector, ...) so that every statement run through the
// connections it opens is judged first. In Fail mode a statement that breaks a
// rule is not sent: its Exec or Query returns the *Violation; a transaction
// that writes two contexts' tables is rolled back at Commit, which returns the
// *Violation.
func (g *Guard) Connector(c driver.Connector) driver.Connector {
	return &connector{g: g, inner: c}
}

type connector struct {
	g     *Guard
	inner driver.Connector
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &guardedConn{g: c.g, inner: conn}, nil
}

func (c *connector) Driver() driver.Driver { return c.inner.Driver() }

// Close closes the inner connector if it has a Close (database/sql calls it
// from DB.Close).
func (c *connector) Close() error {
	if cl, ok := c.inner.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// guardedConn is one guarded connection. database/sql never uses a connection from
// two goroutines at once, so tx needs no lock.
type guardedConn struct {
	g     *Guard
	inner driver.Conn
	tx    *txState
}

// frames between the guard's judging method and the code that called
// database/sql's method, which attribute walks past anyway; skip only the
// guard's own.
const driverSkip = 1

func (c *guardedConn) check(query string) error {
	if v := c.g.statement(query, driverSkip+1, c.tx); v != nil {
		return v
	}
	return nil
}

func (c *guardedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *guardedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.inner.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.inner.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &stmt{conn: c, inner: st, query: query}, nil
}

func (c *guardedConn) Close() error { return c.inner.Close() }

func (c *guardedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *guardedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var tx driver.Tx
	var err error
	if b, ok := c.inner.(driver.ConnBeginTx); ok {
		tx, err = b.BeginTx(ctx, opts)
	} else {
		//lint:ignore SA1019 the fallback database/sql itself uses
		tx, err = c.inner.Begin() //nolint:staticcheck
	}
	if err != nil {
		return nil, err
	}
	c.tx = c.g.begin(driverSkip + 1)
	return &guardedTx{conn: c, inner: tx}, nil
}

func (c *guardedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.inner.(driver.ExecerContext)
	if !ok {
		// database/sql prepares the statement instead; stmt judges it then.
		return nil, driver.ErrSkip
	}
	if err := c.check(query); err != nil {
		return nil, err
	}
	return e.ExecContext(ctx, query, args)
}

func (c *guardedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.inner.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	if err := c.check(query); err != nil {
		return nil, err
	}
	return q.QueryContext(ctx, query, args)
}

func (c *guardedConn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *guardedConn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *guardedConn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *guardedConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.inner.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// Unwrap returns the driver's own connection, for code that reaches it
// through sql.Conn.Raw.
func (c *guardedConn) Unwrap() driver.Conn { return c.inner }

// guardedTx is a guarded transaction.
type guardedTx struct {
	conn  *guardedConn
	inner driver.Tx
}

func (t *guardedTx) Commit() error {
	state := t.conn.tx
	t.conn.tx = nil
	if v := t.conn.g.commit(state); v != nil {
		if err := t.inner.Rollback(); err != nil {
			return errors.Join(v, err)
		}
		return v
	}
	return t.inner.Commit()
}

func (t *guardedTx) Rollback() error {
	t.conn.tx = nil
	return t.inner.Rollback()
}

// stmt is a guarded prepared statement: it is judged each time it runs, where
// it runs.
type stmt struct {
	conn  *guardedConn
	inner driver.Stmt
	query string
}

func (s *stmt) Close() error  { return s.inner.Close() }
func (s *stmt) NumInput() int { return s.inner.NumInput() }

func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	if err := s.conn.check(s.query); err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the interface database/sql falls back to
	return s.inner.Exec(args) //nolint:staticcheck
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	if err := s.conn.check(s.query); err != nil {
		return nil, err
	}
	//lint:ignore SA1019 the interface database/sql falls back to
	return s.inner.Query(args) //nolint:staticcheck
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.inner.(driver.StmtExecContext)
	if !ok {
		vals, err := values(args)
		if err != nil {
			return nil, err
		}
		return s.Exec(vals)
	}
	if err := s.conn.check(s.query); err != nil {
		return nil, err
	}
	return e.ExecContext(ctx, args)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.inner.(driver.StmtQueryContext)
	if !ok {
		vals, err := values(args)
		if err != nil {
			return nil, err
		}
		return s.Query(vals)
	}
	if err := s.conn.check(s.query); err != nil {
		return nil, err
	}
	return q.QueryContext(ctx, args)
}

func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.inner.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return s.conn.CheckNamedValue(nv)
}

// values turns named arguments into the positional ones of the old interface.
func values(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errors.New("guard: the driver does not support named arguments")
		}
		out[i] = a.Value
	}
	return out, nil
}
