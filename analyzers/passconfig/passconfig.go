// Package passconfig loads what the analyzers judge a package by — the faultline.yaml
// named by an analyzer's -config flag or found walking up from the package, and the
// schema its migrations build — once per process, so every analyzer reads the same
// configuration under go vet, golangci-lint, Bazel's nogo, analysistest or
// faultline check. It reads no environment variable and keeps no state a caller
// sets: what it keeps is a cache keyed by file path.
package passconfig

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
)

// Flags are the flags every faultline analyzer takes.
type Flags struct {
	// Config is the faultline.yaml to judge by; "" finds the one walking up from
	// the package's directory.
	Config string
}

// Register adds the -config flag to an analyzer.
func (f *Flags) Register(a *analysis.Analyzer) {
	a.Flags.StringVar(&f.Config, "config", "", "the faultline.yaml to judge packages by (default: the first found walking up from each package's directory)")
}

var loaded sync.Map // config file path -> *once[*config.Config]

type once[T any] struct {
	once sync.Once
	val  T
	err  error
}

func cached[T any](m *sync.Map, key string, load func() (T, error)) (T, error) {
	e, _ := m.LoadOrStore(key, &once[T]{})
	o := e.(*once[T])
	o.once.Do(func() { o.val, o.err = load() })
	return o.val, o.err
}

// For returns the configuration governing the pass's package: the file named by
// path, else the first faultline.yaml found walking up from the package's
// directory. It returns nil, nil when there is none, or when the package lies
// outside the configuration's directory or module (the standard library and
// dependencies, which go vet analyzes for facts, are not the monolith): those are
// turned away before the file is read.
func For(pass *analysis.Pass, path string) (*config.Config, error) {
	dir := packageDir(pass)
	if dir == "" {
		return nil, nil
	}
	file := path
	if file == "" {
		found, err := config.Find(dir)
		if err != nil {
			return nil, nil
		}
		file = found
	} else if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	// A package outside the tree the file governs is the monolith's only when the
	// file lies outside any module (kept elsewhere, as under Bazel) and the package
	// is in a module; the standard library never is. Say so without reading it.
	module := ""
	if pass.Module != nil {
		module = pass.Module.Path
	}
	inTree := within(dir, filepath.Dir(file), string(filepath.Separator))
	if !inTree && module == "" {
		return nil, nil
	}
	cfg, err := cached(&loaded, file, func() (*config.Config, error) { return load(file, "") })
	if cfg == nil || err != nil {
		return nil, err
	}
	if cfg.Module == "" && module != "" {
		// Package patterns of a file outside any module are relative to the
		// module of the packages it judges.
		if cfg, err = cached(&loaded, file+"\x00"+module, func() (*config.Config, error) { return load(file, module) }); err != nil {
			return nil, err
		}
	}
	if prefix := cfg.PackagePrefix(); prefix != "" && !within(strings.TrimSuffix(pass.Pkg.Path(), "_test"), prefix, "/") {
		return nil, nil
	}
	return cfg, nil
}

// load reads a configuration file; module, when set, is the module its package
// patterns are relative to.
func load(file, module string) (*config.Config, error) {
	cfg, err := config.Load(file)
	if err != nil {
		return nil, fmt.Errorf("faultline configuration: %w", err)
	}
	if module != "" {
		cfg.Module, cfg.ModuleDir = module, cfg.Dir
	}
	return cfg, nil
}

// within reports whether path is prefix or below it.
func within(path, prefix, sep string) bool {
	return path == prefix || strings.HasPrefix(path, strings.TrimSuffix(prefix, sep)+sep)
}

var catalogs sync.Map // catalog file or configuration file -> *once[query.Catalog]

// Catalog returns the tables and columns SQL is resolved against: the file a
// -catalog flag names (written by schema.WriteTableCatalog: faultline check
// prepares it once for every go vet process), else the schema cfg's migrations
// build, once per configuration file. It returns nil when there is neither; the
// problems of the migrations are faultline check's to report.
func Catalog(cfg *config.Config, file string) (query.Catalog, error) {
	if file != "" {
		return cached(&catalogs, "file:"+file, func() (query.Catalog, error) {
			tc, err := schema.ReadTableCatalog(file)
			if err != nil {
				return nil, err
			}
			return tc, nil
		})
	}
	if cfg == nil || len(cfg.SQL.Migrations) == 0 {
		return nil, nil
	}
	return cached(&catalogs, "config:"+cfg.File, func() (query.Catalog, error) {
		if cat := FromMigrations(cfg); cat != nil {
			return schema.NewTableCatalog(cat), nil
		}
		return nil, nil
	})
}

// FromMigrations builds the catalog of cfg's sql.migrations, or returns nil when
// there are none or they cannot be read.
func FromMigrations(cfg *config.Config) *schema.Catalog {
	if cfg == nil || len(cfg.SQL.Migrations) == 0 {
		return nil
	}
	paths := make([]string, len(cfg.SQL.Migrations))
	for i, e := range cfg.SQL.Migrations {
		paths[i] = e.Value
	}
	scripts, _, err := migrations.Load(cfg.Dir, paths)
	if err != nil {
		return nil
	}
	cat, _ := schema.Build(scripts)
	return cat
}

// packageDir is the directory of the package's first Go file.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil && filepath.Ext(tf.Name()) == ".go" {
			return filepath.Dir(tf.Name())
		}
	}
	return ""
}
