package check

import (
	"context"
	"errors"
	"fmt"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/coupling"
	"github.com/faultline/faultline/schema/migrations"
)

// schema builds the catalog from sql.migrations and reports what spans contexts.
func (r *runner) schema(ctx context.Context) error {
	cfg := r.res.Config
	if len(cfg.SQL.Migrations) == 0 {
		return nil
	}
	var paths []string
	for _, e := range cfg.SQL.Migrations {
		paths = append(paths, e.Value)
	}
	r.progress("applying migrations %v", paths)
	scripts, problems, err := migrations.Load(cfg.Dir, paths)
	if err != nil {
		var pe *migrations.PathError
		if errors.As(err, &pe) && pe.Index < len(cfg.SQL.Migrations) {
			e := cfg.SQL.Migrations[pe.Index]
			return &Error{2, fmt.Errorf("%s: %w", e.Pos, err)}
		}
		return &Error{2, fmt.Errorf("loading migrations: %w", err)}
	}
	r.res.Stats.Migrations = len(scripts)
	cat, errs := schema.Build(scripts)
	for _, p := range problems {
		errs = append(errs, p)
	}
	r.res.Catalog = cat
	r.add(coupling.Check(cat, errs, cfg, r.resolver())...)
	r.dynamicFunctions(cat)
	return nil
}

// dynamicFunctions counts, and notes, the functions that run SQL built at run
// time (EXECUTE of a string that is not constant): what they touch is unknown.
func (r *runner) dynamicFunctions(cat *schema.Catalog) {
	for _, fn := range cat.Functions() {
		if !fn.Dynamic {
			continue
		}
		r.res.Stats.DynamicSQL++
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("%s:%d:%d: function %s runs SQL built at run time (EXECUTE), which was not analyzed",
			r.res.Config.Rel(fn.Pos.File), fn.Pos.Line, fn.Pos.Column, schema.Name{Schema: fn.Schema, Name: fn.Name}.String()))
	}
}

// resolver judges SQL against the configuration and the best catalog known.
func (r *runner) resolver() *access.Resolver {
	res := &access.Resolver{Config: r.res.Config}
	switch {
	case r.res.Catalog != nil:
		res.Catalog = r.res.Catalog
	case r.liveCatalog != nil:
		res.Catalog = r.liveCatalog
	}
	return res
}

// CatalogFromMigrations builds the catalog from sql.migrations for a plain go vet
// run, which has no faultline check to prepare it; problems are left to check to
// report. It returns nil when there are no migrations or they cannot be read.
func CatalogFromMigrations(cfg *config.Config) *schema.Catalog {
	if cfg == nil || len(cfg.SQL.Migrations) == 0 {
		return nil
	}
	var paths []string
	for _, e := range cfg.SQL.Migrations {
		paths = append(paths, e.Value)
	}
	scripts, _, err := migrations.Load(cfg.Dir, paths)
	if err != nil {
		return nil
	}
	cat, _ := schema.Build(scripts)
	return cat
}
