package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/queryfile"
)

// isVetTool reports whether go vet is calling: it asks `-V=full` and `-flags`,
// then hands over one unit.cfg per package.
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if _, isCommand := commands[args[0]]; isCommand {
		return false
	}
	for _, a := range args {
		if a == "-flags" || strings.HasPrefix(a, "-V=") {
			return true
		}
	}
	return strings.HasSuffix(args[len(args)-1], ".cfg")
}

// vetMemoryLimit is the heap size at which a go vet unit starts collecting garbage:
// most units never allocate that much, and go vet runs one unit per core.
const vetMemoryLimit = 256 << 20

// vetMain speaks the unitchecker protocol.
func vetMain() {
	if slices.Contains(os.Args[1:], "-V=full") {
		fmt.Printf("%s version devel faultline buildID=%x\n", filepath.Base(os.Args[0]), vetToolID())
		return
	}
	// A unit lives for milliseconds, and with a binary this size every garbage
	// collection rescans megabytes of globals: collect only when the heap gets big.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(vetMemoryLimit)
	}
	unitchecker.Main(check.Analyzers()...)
}

// vetToolID identifies what the analyzers will report: go vet keys its cache of
// results on the tool's ID alone, so besides the binary it covers the
// configuration and the schema, which change the findings without changing a
// line of Go.
func vetToolID() []byte {
	h := sha256.New()
	hashFile := func(path string) {
		if data, err := safefile.Read(path); err == nil {
			h.Write(data)
			h.Write([]byte{0})
		}
	}
	if exe, err := os.Executable(); err == nil {
		// The binary by its path, size and modification time rather than its 30 MB
		// of content: go vet asks on every run, and a rebuilt binary changes both.
		if st, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	// A plain go vet passes no flag saying which configuration and schema the
	// results depend on (faultline check does: -faultline.fingerprint), so the
	// ones found walking up from where go vet runs count here.
	var cfgFile string
	if wd, err := os.Getwd(); err == nil {
		cfgFile, _ = config.Find(wd)
	}
	if cfgFile == "" {
		return h.Sum(nil)
	}
	hashFile(cfgFile)
	// The analyzers look named queries up in the module's query files.
	queryfile.Stamp(filepath.Dir(cfgFile), h)
	if cfg, err := config.Load(cfgFile); err == nil {
		for _, e := range cfg.SQL.Migrations {
			root := filepath.Join(cfg.Dir, e.Value)
			filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					hashFile(path)
				}
				return nil
			})
		}
	}
	return h.Sum(nil)
}
