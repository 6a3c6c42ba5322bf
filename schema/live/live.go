// Package live reads the catalog of a running PostgreSQL database (12 to 17) into the
// same schema.Catalog model the migrations build, and reads pg_stat_statements for the
// statements the database actually runs.
//
// # Safety
//
// A Session never writes. Its connection starts with default_transaction_read_only,
// statement_timeout and lock_timeout (Options) in the startup packet, and every read
// runs inside BEGIN READ ONLY with the timeouts set again LOCAL to that transaction:
// nothing is ever SET at session level, so nothing lingers on a server connection a
// pooler (PgBouncer in transaction mode) gives the application next. It reads only
// what every role may read (pg_catalog, and pg_stat_statements as far as the role is
// allowed to see it), so a role without superuser rights is enough.
//
// Every read also sets search_path LOCAL to pg_catalog, pg_temp, and every
// function it calls is written pg_catalog.name: a database owner who plants
// look-alike functions or operators ahead of pg_catalog in the database's
// search_path cannot make them run in faultline's session. The database's own
// search_path (its value at session start) is still read, to resolve names in
// view and function bodies.
//
// The catalog functions that render views (pg_get_viewdef), WHEN conditions of
// triggers and generated columns take an ACCESS SHARE lock on the tables involved,
// until the read's transaction ends (one round trip later); a migration holding an
// exclusive lock makes the read give up after the lock timeout, with an error that
// says so.
//
// The password of a DSN never appears in an error: errors name the database by Redact,
// which keeps the user, host, port and database only, and any occurrence of the password
// is scrubbed from the text of the errors the driver returns. A server that cannot be
// reached, a rejected password or a missing database is a *ConnectError, one sentence
// that says what to check.
//
// # Round trips
//
// Open only connects (the handshake's round trips are not counted); Catalog sends one
// batch of set-based catalog queries, one per kind of object, whatever the size of the
// schema: one round trip; Statements takes two. RoundTrips counts what was actually
// exchanged on the socket.
//
// # Positions
//
// The objects of a live catalog have no file and line. Their Pos has Line 0 and File =
// the redacted address of the database with the object's qualified name as fragment:
// postgres://127.0.0.1:5432/shop#public.stock.stock_sku_fkey (a table, column,
// constraint, trigger, sequence, view, or function with its signature). Findings that
// schema/coupling builds from such objects therefore point at the object as they are;
// Relocate moves that name into finding.Finding.Object and leaves File empty, as the
// finding contract has it for live objects.
package live

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faultline/faultline/finding"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Options tune a Session. The zero value gives the defaults.
type Options struct {
	// StatementTimeout bounds every statement the session runs; 30s when zero,
	// no limit when negative.
	StatementTimeout time.Duration
	// LockTimeout bounds the wait for a lock (a catalog read waits behind an
	// ALTER TABLE that holds an exclusive lock); 5s when zero, no limit when negative.
	LockTimeout time.Duration
	// ConnectTimeout bounds establishing the connection when the DSN sets no
	// connect_timeout; 10s when zero, no limit when negative.
	ConnectTimeout time.Duration
}

// Default timeouts.
const (
	DefaultStatementTimeout = 30 * time.Second
	DefaultLockTimeout      = 5 * time.Second
	DefaultConnectTimeout   = 10 * time.Second
)

func (o Options) withDefaults() Options {
	pick := func(d, def time.Duration) time.Duration {
		switch {
		case d == 0:
			return def
		case d < 0:
			return 0
		}
		return d
	}
	o.StatementTimeout = pick(o.StatementTimeout, DefaultStatementTimeout)
	o.LockTimeout = pick(o.LockTimeout, DefaultLockTimeout)
	o.ConnectTimeout = pick(o.ConnectTimeout, DefaultConnectTimeout)
	return o
}

// Session is one read-only connection to a database. It is not safe for concurrent
// use.
type Session struct {
	conn     *pgx.Conn
	opts     Options
	redacted string // user@host:port/db, for errors
	source   string // host:port/db without the user, for positions
	password string // to scrub from error text; never printed
	version  int    // server_version_num, e.g. 150004 (0 when unknown)
	trips    *tripCounter
	base     int64 // round trips spent connecting
}

// Open connects to the database dsn names (a URL or keyword/value string, as libpq
// takes) and makes the session read-only. The error is a *ConnectError when the
// server cannot be reached or refuses the connection.
func Open(ctx context.Context, dsn string, opts Options) (*Session, error) {
	opts = opts.withDefaults()
	password := dsnPassword(dsn)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, malformed(dsn, err)
	}
	if cfg.Password != "" {
		password = cfg.Password
	}
	s := &Session{opts: opts, redacted: redactConfig(cfg.User, cfg.Host, cfg.Port, cfg.Database), password: password, trips: &tripCounter{}}
	s.source = sourceOf(cfg.Host, cfg.Port, cfg.Database)

	// Simple protocol: a batch goes out as one message, so it costs one round trip,
	// and it works through poolers in transaction mode.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	cfg.StatementCacheCapacity = 0
	cfg.DescriptionCacheCapacity = 0
	if cfg.ConnectTimeout == 0 && opts.ConnectTimeout > 0 {
		cfg.ConnectTimeout = opts.ConnectTimeout
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "faultline"
	}
	dial := cfg.DialFunc
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: c, trips: s.trips}, nil
	}
	// The session is read-only and bounded from its first statement: the settings go
	// in the startup packet, which costs no round trip and, unlike a SET, never
	// lingers on a server connection a pooler hands to the application next. Every
	// read also sets them again, LOCAL to its own transaction (see batch), for
	// poolers that refuse unknown startup parameters: PgBouncer does, and Open then
	// connects again without them.
	safety := map[string]string{
		"default_transaction_read_only": "on",
		"statement_timeout":             strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10),
		"lock_timeout":                  strconv.FormatInt(opts.LockTimeout.Milliseconds(), 10),
	}
	maps.Copy(cfg.RuntimeParams, safety)
	conn, err := connect(ctx, cfg)
	if err != nil && unsupportedStartupParameter(err) {
		for k := range safety {
			delete(cfg.RuntimeParams, k)
		}
		conn, err = connect(ctx, cfg)
	}
	if err != nil {
		return nil, newConnectError(s.redacted, password, err)
	}
	s.conn = conn
	s.version = parseVersion(conn.PgConn().ParameterStatus("server_version"))
	s.base = s.trips.count()
	return s, nil
}

// CheckDSN returns the error Open would return for a DSN that cannot be parsed
// (a *ConnectError with Malformed set, the password scrubbed), or nil, without
// connecting.
func CheckDSN(dsn string) error {
	if _, err := pgx.ParseConfig(dsn); err != nil {
		return malformed(dsn, err)
	}
	return nil
}

func malformed(dsn string, err error) error {
	return &ConnectError{DSN: Redact(dsn), Reason: "the DSN is malformed: " + scrub(parseReason(err), dsnPassword(dsn)), Malformed: true}
}

// connect connects within the configuration's connect timeout.
func connect(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	if cfg.ConnectTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.ConnectTimeout)
		defer cancel()
	}
	return pgx.ConnectConfig(ctx, cfg)
}

// unsupportedStartupParameter reports a pooler's refusal of a startup parameter, as
// PgBouncer words it (protocol_violation, "unsupported startup parameter: ...").
func unsupportedStartupParameter(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "08P01" && strings.Contains(pgErr.Message, "unsupported startup parameter")
}

// Close ends the session.
func (s *Session) Close(ctx context.Context) error {
	if s.conn == nil {
		return nil
	}
	err := s.conn.Close(ctx)
	s.conn = nil
	if err != nil {
		return s.wrap("closing the connection", err)
	}
	return nil
}

// RoundTrips is the number of times the session waited for the server since Open
// connected (the connection handshake not included): each exchange of requests and
// replies on the socket counts once.
func (s *Session) RoundTrips() int { return int(s.trips.count() - s.base) }

// ServerVersion is the server's version as server_version_num gives it, e.g. 150004,
// or 0 when the server did not say.
func (s *Session) ServerVersion() int { return s.version }

// Source is the address of the database without user or password, e.g.
// "postgres://127.0.0.1:5432/shop": the File of every position in a live catalog.
func (s *Session) Source() string { return s.source }

// wrap wraps err with what was being done and the redacted address, and scrubs the
// password from its text. A timeout says which one expired and what to do.
func (s *Session) wrap(doing string, err error) error {
	text := scrub(err.Error(), s.password)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "55P03": // lock_not_available
			text = fmt.Sprintf("another session holds a lock on a table it needs (a migration in progress?) and lock_timeout (%v) expired; "+
				"try again when it is done, or raise the lock timeout", s.opts.LockTimeout)
		case "57014": // query_canceled
			text = fmt.Sprintf("the server canceled the statement (%s, SQLSTATE 57014): statement_timeout (%v) expired, "+
				"or a pooler's query timeout or an administrator canceled it; raise --statement-timeout, or try again when the database is less busy",
				pgErr.Message, s.opts.StatementTimeout)
		}
	}
	return &queryError{msg: fmt.Sprintf("%s on %s: %s", doing, s.redacted, text), err: err}
}

// queryError is an error of a session already connected. Its text is scrubbed; the
// wrapped error stays available to errors.Is and errors.As.
type queryError struct {
	msg string
	err error
}

func (e *queryError) Error() string { return e.msg }
func (e *queryError) Unwrap() error { return e.err }

// parseVersion turns a server_version such as "15.4 (Debian 15.4-1)" or "17beta1"
// into a server_version_num (150004, 170000); 0 when it cannot.
func parseVersion(v string) int {
	i := 0
	num := func() int {
		j := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		n, _ := strconv.Atoi(v[j:i])
		return n
	}
	major := num()
	if major == 0 {
		return 0
	}
	minor := 0
	if i < len(v) && v[i] == '.' {
		i++
		minor = num()
	}
	if major < 10 {
		// 9.6.24 is 90624.
		patch := 0
		if i < len(v) && v[i] == '.' {
			i++
			patch = num()
		}
		return major*10000 + minor*100 + patch
	}
	return major*10000 + minor
}

// Relocate rewrites the findings whose File is the position of a live object
// (postgres://host:port/db#object) to name the object in Object, with no file, line or
// column; the others are left alone. It returns fs, changed in place.
func Relocate(fs []finding.Finding) []finding.Finding {
	for i := range fs {
		f := &fs[i]
		if !strings.HasPrefix(f.File, "postgres://") {
			continue
		}
		if _, obj, ok := strings.Cut(f.File, "#"); ok && obj != "" {
			f.Object = obj
			f.File, f.Line, f.Column = "", 0, 0
		}
	}
	return fs
}

// tripCounter counts round trips on one socket.
type tripCounter struct {
	n       atomic.Int64
	pending atomic.Bool // written since the last read
}

func (t *tripCounter) count() int64 { return t.n.Load() }

// countingConn counts a round trip each time a read follows a write.
type countingConn struct {
	net.Conn
	trips *tripCounter
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.trips.pending.Store(true)
	return c.Conn.Write(p)
}

func (c *countingConn) Read(p []byte) (int, error) {
	if c.trips.pending.CompareAndSwap(true, false) {
		c.trips.n.Add(1)
	}
	return c.Conn.Read(p)
}
