package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ConnectError reports that the database could not be used at all: the server is
// unreachable, refused the credentials, or has no such database. Its text is one
// sentence naming the database by its redacted DSN; it never holds the password.
// A command maps it to exit status 3 ("could not run").
type ConnectError struct {
	// DSN is the redacted address, as Redact renders it.
	DSN string
	// Reason says what went wrong and what to check, e.g. "connection refused; is the
	// server running and is --db right?".
	Reason string
	// Malformed is set when the DSN itself cannot be parsed: a configuration
	// error, not a database that cannot be reached.
	Malformed bool
	err       error
}

// Error renders "cannot connect to DSN: reason".
func (e *ConnectError) Error() string { return "cannot connect to " + e.DSN + ": " + e.Reason }

// Unwrap returns the cause (a *pgconn.PgError, a network error, a context error), or
// nil when the DSN could not be parsed. It never returns the driver's own connect
// error, which carries the whole configuration, password included.
func (e *ConnectError) Unwrap() error { return e.err }

// Redact renders a DSN without its password: postgres://user@host:port/db, with the
// defaults libpq would apply filled in. A DSN that cannot be parsed renders as
// "the database (malformed DSN)".
func Redact(dsn string) string {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return redactMalformed(dsn)
	}
	return redactConfig(cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// redactMalformed renders a URL that does not parse as scheme://user@host/path,
// without the password and the query string; other DSNs as "the database (malformed
// DSN)".
func redactMalformed(dsn string) string {
	rest, ok := strings.CutPrefix(dsn, "postgres://")
	if !ok {
		rest, ok = strings.CutPrefix(dsn, "postgresql://")
	}
	if !ok {
		return "the database (malformed DSN)"
	}
	rest, _, _ = strings.Cut(rest, "?")
	hostPath := rest
	user := ""
	// The userinfo ends at the last '@' before the path.
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		slash = len(rest)
	}
	if at := strings.LastIndex(rest[:slash], "@"); at >= 0 {
		user, _, _ = strings.Cut(rest[:at], ":")
		hostPath = rest[at+1:]
	} else if at := strings.LastIndex(rest, "@"); at >= 0 {
		// A '/' in the password: the userinfo ends at the last '@' of all.
		user, _, _ = strings.Cut(rest[:at], ":")
		hostPath = rest[at+1:]
	}
	if user != "" {
		user += "@"
	}
	return "postgres://" + user + hostPath
}

// redactConfig renders postgres://user@host:port/db.
func redactConfig(user, host string, port uint16, db string) string {
	src := sourceOf(host, port, db)
	if user == "" {
		return src
	}
	return "postgres://" + url.PathEscape(user) + "@" + strings.TrimPrefix(src, "postgres://")
}

// sourceOf renders postgres://host:port/db; a unix socket directory is percent-encoded,
// as libpq's URLs spell it.
func sourceOf(host string, port uint16, db string) string {
	if strings.HasPrefix(host, "/") {
		host = url.PathEscape(host)
	}
	return "postgres://" + net.JoinHostPort(host, strconv.Itoa(int(port))) + "/" + url.PathEscape(db)
}

// dsnPassword finds the password written in a DSN, URL or keyword/value, even when
// the DSN does not parse as a whole.
func dsnPassword(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if u, err := url.Parse(dsn); err == nil {
			if p, ok := u.User.Password(); ok {
				return p
			}
			if p := u.Query().Get("password"); p != "" {
				return p
			}
			return ""
		}
		// Unparseable URL: the password is between the first ':' after the scheme and
		// the last '@' before the path.
		rest := dsn[strings.Index(dsn, "://")+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, p, ok := strings.Cut(rest[:at], ":"); ok {
				return p
			}
		}
		return ""
	}
	// keyword=value pairs; values may be single-quoted with \' and \\ escapes.
	s := dsn
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\n\r")
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return ""
		}
		key := strings.TrimSpace(s[:eq])
		s = strings.TrimLeft(s[eq+1:], " \t\n\r")
		var val strings.Builder
		if strings.HasPrefix(s, "'") {
			i := 1
			for ; i < len(s) && s[i] != '\''; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				val.WriteByte(s[i])
			}
			s = s[min(i+1, len(s)):]
		} else {
			i := 0
			for ; i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				val.WriteByte(s[i])
			}
			s = s[i:]
		}
		if key == "password" {
			return val.String()
		}
	}
	return ""
}

// scrub removes every occurrence of the password (raw and percent-encoded) from text.
func scrub(text, password string) string {
	if password == "" {
		return text
	}
	for _, p := range []string{password, url.QueryEscape(password), url.PathEscape(password)} {
		text = strings.ReplaceAll(text, p, "xxxxx")
	}
	return text
}

// parseReason extracts the driver's reason from a DSN parse error, without the DSN.
func parseReason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "`: "); i >= 0 && strings.HasPrefix(msg, "cannot parse `") {
		msg = msg[i+3:]
	}
	return msg
}

// newConnectError classifies a failure to connect into one sentence.
func newConnectError(redacted, password string, err error) *ConnectError {
	ce := &ConnectError{DSN: redacted, err: cause(err)}
	var pgErr *pgconn.PgError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &pgErr):
		ce.Reason = serverReason(pgErr)
	case errors.Is(err, context.Canceled):
		ce.Reason = "interrupted"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		ce.Reason = "timed out; is the host reachable, is the server running and is --db right?"
	case errors.As(err, &dnsErr):
		ce.Reason = fmt.Sprintf("unknown host %q; is --db right?", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		ce.Reason = "connection refused; is the server running and is --db right?"
	case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOENT):
		ce.Reason = "no server listens on that socket; is the server running and is --db right?"
	default:
		ce.Reason = scrub(innermost(err), password) + "; is the server running and is --db right?"
	}
	return ce
}

// serverReason words an error the server sent while the connection was set up.
func serverReason(e *pgconn.PgError) string {
	switch e.Code {
	case "28P01":
		return e.Message + "; check the user and password in --db"
	case "28000":
		return e.Message + "; check the user in --db and the server's pg_hba.conf"
	case "3D000":
		return e.Message + "; create it or fix the database name in --db"
	case "57P03":
		return e.Message + "; try again once the server is up"
	case "53300":
		return e.Message + "; try again later or raise max_connections"
	case "42501":
		return e.Message + "; the role needs the CONNECT privilege on the database"
	}
	return e.Message + " (SQLSTATE " + e.Code + ")"
}

// cause digs out the error worth keeping for errors.Is and errors.As: a server error,
// a network error or a context error; never pgconn's connect error, whose Config
// holds the password.
func cause(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr
	}
	for _, target := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, target) {
			return target
		}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return opErr
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr
	}
	return nil
}

// innermost returns the text of the deepest error in err's first chain.
func innermost(err error) string {
	for {
		var next error
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			next = u.Unwrap()
		case interface{ Unwrap() []error }:
			if es := u.Unwrap(); len(es) > 0 {
				next = es[0]
			}
		}
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
