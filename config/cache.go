package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/faultline/faultline/internal/safefile"
)

// A faultline check starts one go vet process per package, and each loads
// faultline.yaml: parsing a large file in every one of them costs minutes where
// parsing it once costs a second. So Load keeps what Parse made of a file in the
// user's cache directory, keyed by the file's path and content and by the
// faultline binary, and the other processes of the run decode that instead.

// cacheEnv, set to "off", disables the cache (for measurements).
const cacheEnv = "FAULTLINE_CONFIG_CACHE"

// cacheOn is set by EnableCache. Off by default: a program that imports config
// (the runtime guard, a test) writes nothing to the user's cache directory.
var cacheOn atomic.Bool

// EnableCache makes Load keep and reuse parses in the user cache directory; the
// faultline binary calls it, in every process go vet starts too.
func EnableCache() { cacheOn.Store(true) }

// cacheMaxAge is how long an unused cache entry is kept.
const cacheMaxAge = 7 * 24 * time.Hour

// parseCached is Parse through the cache; a cache that cannot be read or written
// only costs the parse.
func parseCached(file string, data []byte) (*Config, error) {
	dir, key := cacheKey(file, data)
	if dir == "" {
		return Parse(file, data)
	}
	path := filepath.Join(dir, key+".gob")
	if cached, err := safefile.Read(path); err == nil {
		if cfg, err := decodeConfig(cached); err == nil {
			now := time.Now()
			os.Chtimes(path, now, now) // in use: keep it
			return cfg, nil
		}
	}
	cfg, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	if enc, err := encodeConfig(cfg); err == nil {
		writeCache(dir, path, enc)
	}
	return cfg, nil
}

// cacheKey returns the cache directory and the key of a file's parse, or "" when
// there is no usable cache.
func cacheKey(file string, data []byte) (string, string) {
	if !cacheOn.Load() || os.Getenv(cacheEnv) == "off" {
		return "", ""
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", ""
	}
	exe, err := os.Executable()
	if err != nil {
		return "", ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return "", ""
	}
	h := sha256.New()
	// The binary by path, size and time: a rebuilt faultline may parse differently.
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%s\x00", exe, st.Size(), st.ModTime().UnixNano(), file)
	h.Write(data)
	return filepath.Join(base, "faultline", "config"), hex.EncodeToString(h.Sum(nil))
}

func encodeConfig(cfg *Config) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cfg); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeConfig rebuilds a parsed configuration, with the index Parse keeps.
func decodeConfig(data []byte) (*Config, error) {
	var cfg Config
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&cfg); err != nil {
		return nil, err
	}
	cfg.byName = make(map[string]*Context, len(cfg.Contexts))
	for _, x := range cfg.Contexts {
		cfg.byName[x.Name] = x
	}
	return &cfg, nil
}

// writeCache stores an entry atomically (go vet runs units in parallel) and
// drops the entries nobody used for a week.
func writeCache(dir, path string, data []byte) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".gob") && time.Since(info.ModTime()) > cacheMaxAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
