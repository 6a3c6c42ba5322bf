package check

import (
	"context"
	"errors"
	"fmt"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/queryfile"
	"github.com/faultline/faultline/schema/coupling"
	"github.com/faultline/faultline/schema/drift"
	"github.com/faultline/faultline/schema/live"
)

// live reads the catalog and pg_stat_statements of the database that --db or
// sql.database names, read-only. With migrations too, the database adds drift
// findings and the couplings of objects only it has. A DSN that cannot be used
// (malformed, or naming an unset variable) is a configuration error; a database
// that cannot be read is kept in LiveError and the rest of the run goes on.
func (r *runner) live(ctx context.Context) error {
	dsn := r.opts.DB
	if dsn == "" {
		var err error
		if dsn, err = r.res.Config.DSN(); err != nil {
			return err
		}
	}
	if dsn == "" {
		return nil
	}
	if err := live.CheckDSN(dsn); err != nil {
		if r.opts.DB != "" {
			return &Error{2, fmt.Errorf("--db: %w", err)}
		}
		return config.Errors{{Pos: r.res.Config.SQL.DatabasePos, Msg: "sql.database: " + err.Error()}}
	}
	r.progress("reading the catalog of %s", live.Redact(dsn))
	if err := r.readLive(ctx, dsn); err != nil {
		r.res.LiveError = err
	}
	return nil
}

// readLive reads the database; findings read before a failure are kept.
func (r *runner) readLive(ctx context.Context, dsn string) error {
	s, err := live.Open(ctx, dsn, live.Options{StatementTimeout: r.opts.StatementTimeout, LockTimeout: r.opts.LockTimeout})
	if err != nil {
		return err
	}
	defer s.Close(context.WithoutCancel(ctx))
	cat, bodyErrs, err := s.Catalog(ctx)
	if err != nil {
		return err
	}
	r.liveCatalog = cat
	r.res.Stats.LiveCatalog = true
	dbFindings := live.Relocate(coupling.Check(cat, bodyErrs, r.res.Config, r.resolver()))
	if r.res.Catalog == nil {
		r.add(dbFindings...)
	} else {
		// The migrations' findings carry file positions; of the database's, keep
		// only the couplings no migration declares.
		known := map[string]bool{}
		for _, f := range r.res.Findings {
			known[f.Key()] = true
		}
		for _, f := range dbFindings {
			if !known[f.Key()] && f.Kind != finding.Config {
				r.add(f)
			}
		}
		r.add(drift.Compare(r.res.Catalog, cat)...)
	}
	stmts, note, err := s.Statements(ctx)
	if err != nil {
		var ce *live.ConnectError
		if errors.As(err, &ce) {
			return err
		}
		return fmt.Errorf("reading pg_stat_statements: %w", err)
	}
	if note != "" {
		r.res.Notes = append(r.res.Notes, note)
	}
	r.add(live.RuntimeFindings(stmts, r.resolver())...)
	return nil
}

// queryFiles judges the .sql query files each context lists under queries.
func (r *runner) queryFiles() error {
	cfg := r.res.Config
	qr, err := queryfile.CheckBound(cfg, r.resolver(), r.bound)
	if err != nil {
		if config.IsConfigError(err) {
			return &Error{2, err}
		}
		return &Error{3, err}
	}
	r.res.Stats.QueryFiles = qr.Files
	r.add(qr.Findings...)
	for _, d := range qr.Dynamic {
		r.res.Notes = append(r.res.Notes, cfg.Rel(d)+": a template placeholder of a query file was not analyzed")
	}
	r.res.Stats.DynamicSQL += len(qr.Dynamic)
	r.add(cfg.FileWarnings()...)
	return nil
}
