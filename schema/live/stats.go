package live

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// StatStatement is one row of pg_stat_statements for the session's database: one
// normalized statement as one role ran it.
type StatStatement struct {
	// QueryID is pg_stat_statements' queryid, 0 when the server computes none.
	QueryID int64
	// Query is the normalized text, constants replaced by $1, $2, ...
	Query string
	// Role is the role that ran it (its oid when the role is gone).
	Role        string
	Calls       int64
	TotalMillis float64
}

// hiddenQuery is the text pg_stat_statements shows for other roles' statements to a
// role without pg_read_all_stats.
const hiddenQuery = "<insufficient privilege>"

// qStatsExtension says where pg_stat_statements is installed, how its time column is
// named (total_time before version 1.8, PostgreSQL 13), and who is reading.
const qStatsExtension = `SELECT n.nspname::text,
  EXISTS (SELECT FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE c.relnamespace = n.oid AND c.relname = 'pg_stat_statements'
            AND a.attname = 'total_exec_time' AND NOT a.attisdropped),
  pg_catalog.current_database()::text, current_user::text
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_stat_statements'`

// Statements reads pg_stat_statements for the session's database. When the extension
// is not installed, not loaded, or not readable by the session's role, it returns no
// statements and a note: one line saying so and what would change it, not an error.
// A note also says when other roles' statements are hidden from the role (it lacks
// pg_read_all_stats); the statements it can see are returned.
func (s *Session) Statements(ctx context.Context) (stmts []StatStatement, note string, err error) {
	if s.conn == nil {
		return nil, "", errors.New("live: Statements on a closed session")
	}
	var (
		installed  bool
		nsp, db    string
		user       string
		execColumn bool
	)
	err = s.batch(ctx, "looking for pg_stat_statements", []string{qStatsExtension}, []func(pgx.Rows) error{
		func(rows pgx.Rows) error {
			installed = true
			return rows.Scan(&nsp, &execColumn, &db, &user)
		},
	})
	if err != nil {
		return nil, "", err
	}
	if !installed {
		return nil, fmt.Sprintf("pg_stat_statements is not installed in database %s, so there are no runtime findings; "+
			"to get them, load it (shared_preload_libraries) and run CREATE EXTENSION pg_stat_statements", quoteIdent(s.dbName())), nil
	}

	total := "total_exec_time"
	if !execColumn {
		total = "total_time"
	}
	q := `SELECT coalesce(s.queryid, 0), coalesce(s.query, ''), coalesce(r.rolname::text, s.userid::text),
  s.calls, s.` + total + `
FROM ` + pgx.Identifier{nsp, "pg_stat_statements"}.Sanitize() + ` s
LEFT JOIN pg_roles r ON r.oid = s.userid
WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = pg_catalog.current_database())`
	hidden := 0
	err = s.batch(ctx, "reading pg_stat_statements", []string{q}, []func(pgx.Rows) error{
		func(rows pgx.Rows) error {
			var st StatStatement
			if err := rows.Scan(&st.QueryID, &st.Query, &st.Role, &st.Calls, &st.TotalMillis); err != nil {
				return err
			}
			if st.Query == hiddenQuery {
				hidden++
				return nil
			}
			if strings.TrimSpace(st.Query) != "" {
				stmts = append(stmts, st)
			}
			return nil
		},
	})
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == "55000":
		return nil, fmt.Sprintf("pg_stat_statements is installed in database %s but not loaded, so there are no runtime findings; "+
			"add it to shared_preload_libraries and restart the server", quoteIdent(db)), nil
	case errors.As(err, &pgErr) && pgErr.Code == "42501":
		return nil, fmt.Sprintf("role %s may not read pg_stat_statements, so there are no runtime findings; "+
			"grant it pg_read_all_stats", quoteIdent(user)), nil
	case err != nil:
		return nil, "", err
	}
	slices.SortFunc(stmts, func(a, b StatStatement) int {
		return cmp.Or(cmp.Compare(a.Query, b.Query), cmp.Compare(a.Role, b.Role), cmp.Compare(a.QueryID, b.QueryID))
	})
	if hidden > 0 {
		note = fmt.Sprintf("pg_stat_statements hides %d statements of other roles from role %s, so their runtime findings are missing; "+
			"grant it pg_read_all_stats to see them", hidden, quoteIdent(user))
	}
	return stmts, note, nil
}

// dbName is the session's database name, from its source address.
func (s *Session) dbName() string {
	i := strings.LastIndex(s.source, "/")
	return s.source[i+1:]
}

// RuntimeFindings judges the statements the database ran: each is analyzed with
// query.Analyze against res.Catalog and checked with res.CheckRuntime as issued by the
// context whose roles (faultline.yaml roles:) include the role that ran it ("" for a
// role no context lists). A statement spanning contexts is a runtime-cross-join; a
// context's role reaching another context's tables or columns is a foreign-table
// finding. Each finding carries the statement's calls and total time, and its Object
// is "pg_stat_statements queryid N".
//
// Rows of the same statement (same queryid and text) whose roles belong to the same
// context are judged once, with their calls and times added up. Statements that are
// not queries or DML (DDL, utility commands) and statements that do not parse are
// left out.
func RuntimeFindings(stmts []StatStatement, res *access.Resolver) []finding.Finding {
	roleContext := map[string]string{}
	if res.Config != nil {
		for _, c := range res.Config.Contexts {
			for _, r := range c.Roles {
				roleContext[r.Value] = c.Name
			}
		}
	}
	type key struct {
		id    int64
		query string
		from  string
	}
	type group struct {
		key
		calls  int64
		millis float64
		roles  []string
	}
	groups := map[key]*group{}
	for _, st := range stmts {
		k := key{st.QueryID, st.Query, roleContext[st.Role]}
		g := groups[k]
		if g == nil {
			g = &group{key: k}
			groups[k] = g
		}
		g.calls += st.Calls
		g.millis += st.TotalMillis
		if !slices.Contains(g.roles, st.Role) {
			g.roles = append(g.roles, st.Role)
		}
	}
	ordered := make([]*group, 0, len(groups))
	for _, g := range groups {
		slices.Sort(g.roles)
		ordered = append(ordered, g)
	}
	slices.SortFunc(ordered, func(a, b *group) int {
		return cmp.Or(cmp.Compare(a.query, b.query), cmp.Compare(a.id, b.id), cmp.Compare(a.from, b.from))
	})

	var out []finding.Finding
	for _, g := range ordered {
		analyzed := analyze(g.query, res.Catalog)
		site := access.Site{Object: "pg_stat_statements queryid " + strconv.FormatInt(g.id, 10)}
		if g.id == 0 {
			site.Object = "pg_stat_statements: " + abbreviate(g.query, 60)
		}
		for _, st := range analyzed {
			switch st.Command {
			case "select", "insert", "update", "delete", "merge", "copy":
			default:
				continue
			}
			for _, f := range res.CheckRuntime(g.from, st, site) {
				f.Calls = g.calls
				f.TotalMillis = g.millis
				f.Message += fmt.Sprintf(" (pg_stat_statements: %d calls, %s ms in total, as %s)",
					g.calls, millis(g.millis), strings.Join(g.roles, ", "))
				out = append(out, f)
			}
		}
	}
	return finding.Sort(out)
}

// analyze resolves a statement of pg_stat_statements. Statements that do not parse
// are left out (the others of the text are kept), and so is a statement the analyzer
// fails on: pg_stat_statements holds whatever SQL every client ever sent, and one
// statement must not stop the whole run.
func analyze(sql string, cat query.Catalog) (stmts []query.Statement) {
	defer func() {
		if recover() != nil {
			stmts = nil
		}
	}()
	stmts, _ = query.Analyze(sql, cat)
	return stmts
}

// millis renders a duration in milliseconds with the precision it deserves.
func millis(ms float64) string {
	if ms < 10 {
		return strconv.FormatFloat(ms, 'f', 2, 64)
	}
	return strconv.FormatFloat(ms, 'f', 0, 64)
}

// abbreviate shortens s to n bytes or so, on one line.
func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// quoteIdent quotes a name for a message when SQL would need quotes.
func quoteIdent(s string) string {
	return pgx.Identifier{s}.Sanitize()
}
