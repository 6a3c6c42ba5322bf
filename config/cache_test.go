package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The configurations the cache must carry exactly: the test file and the
// catalog example.
func cacheSamples(t *testing.T) map[string][]byte {
	t.Helper()
	catalog, err := os.ReadFile(filepath.Join("..", "testdata", "catalog", FileName))
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"good": []byte(good), "catalog": catalog}
}

// TestCacheRoundTrip: what the cache gives back is exactly what Parse made,
// unexported fields included (reflect.DeepEqual sees them): a field a later
// change adds to Config and fills in Parse fails here unless the cache keeps it.
func TestCacheRoundTrip(t *testing.T) {
	for name, data := range cacheSamples(t) {
		cfg, err := Parse(FileName, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		enc, err := encodeConfig(cfg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, err := decodeConfig(enc)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(cfg, back) {
			t.Errorf("%s: the cache changes the configuration:\n%#v\n%#v", name, cfg, back)
		}
	}
}

// TestLoadUsesCache: the second Load of a file reads the cache entry the first
// wrote; an entry that does not decode is parsed again; an edit is a new key.
func TestLoadUsesCache(t *testing.T) {
	EnableCache()
	defer cacheOn.Store(false)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	file := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(file, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "faultline", "config", "*.gob"))
	if len(entries) != 1 {
		t.Fatalf("cache entries after one load: %v", entries)
	}
	second, err := Load(file)
	if err != nil || !reflect.DeepEqual(first, second) {
		t.Fatalf("cached load differs: %v", err)
	}
	if err := os.WriteFile(entries[0], []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	if third, err := Load(file); err != nil || !reflect.DeepEqual(first, third) {
		t.Fatalf("a corrupt cache entry is not parsed again: %v", err)
	}
	if err := os.WriteFile(file, []byte(good+"\n# edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(file); err != nil {
		t.Fatal(err)
	}
	if entries, _ = filepath.Glob(filepath.Join(cache, "faultline", "config", "*.gob")); len(entries) != 2 {
		t.Errorf("an edited file reuses the old entry: %v", entries)
	}
}
