// Package passconfig finds the faultline.yaml that governs an analyzed package, so
// every analyzer reads the same configuration whether it runs under go vet, golangci-lint
// or faultline check.
package passconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/faultline/faultline/config"
)

// EnvVar names a configuration file to use instead of searching for one.
const EnvVar = "FAULTLINE_CONFIG"

var (
	fixed  atomic.Pointer[config.Config]
	loaded sync.Map // config file path -> *entry
)

type entry struct {
	once sync.Once
	cfg  *config.Config
	err  error
}

// Use makes every later For return cfg; faultline check calls it with the
// configuration it loaded, so the analyzers do not read the file again.
func Use(cfg *config.Config) { fixed.Store(cfg) }

// For returns the configuration governing the pass's package: the one set by Use,
// else the file named by $FAULTLINE_CONFIG, else the first faultline.yaml found
// walking up from the package's directory. It returns nil, nil when there is none,
// or when the package lies outside the configuration's module: a package outside
// the configured module is not checked.
func For(pass *analysis.Pass) (*config.Config, error) {
	cfg, err := find(pass)
	if cfg == nil || err != nil {
		return cfg, err
	}
	// The standard library and other modules are not the monolith: analyzing
	// them (go vet does, for facts) would only cost time.
	if prefix := cfg.PackagePrefix(); prefix != "" && !within(pass.Pkg.Path(), prefix) {
		return nil, nil
	}
	return cfg, nil
}

// within reports whether an import path is prefix or below it.
func within(path, prefix string) bool {
	path = strings.TrimSuffix(path, "_test")
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func find(pass *analysis.Pass) (*config.Config, error) {
	if cfg := fixed.Load(); cfg != nil {
		return cfg, nil
	}
	file := os.Getenv(EnvVar)
	if file == "" {
		dir := packageDir(pass)
		if dir == "" {
			return nil, nil
		}
		found, err := config.Find(dir)
		if err != nil {
			return nil, nil
		}
		file = found
	}
	e, _ := loaded.LoadOrStore(file, &entry{})
	ent := e.(*entry)
	ent.once.Do(func() {
		ent.cfg, ent.err = config.Load(file)
		if ent.err != nil {
			ent.err = fmt.Errorf("faultline configuration: %w", ent.err)
		}
	})
	return ent.cfg, ent.err
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
