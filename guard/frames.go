package guard

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/faultline/faultline/config"
)

// maxDepth is how many frames the guard looks at above the driver: enough for
// database/sql, pgx, pools and ORMs between the statement and the code that
// issued it.
const maxDepth = 64

// firstWalk is how many frames the first step of a stack walk takes.
const firstWalk = 16

// frame is what the guard knows of one program counter: whether the code there
// belongs to a context, and where it is.
type frame struct {
	// ctx is the owning context, "" when none owns the code.
	ctx string
	// module is set for code of the configuration's module that no context owns
	// (a main, a facade): the call site of last resort.
	module bool
	site   Site
	// short names the function as the analyzers do: pkg.Type.Method.
	short string
}

// frameCache maps program counters to frames; it only grows, and it is read far
// more often than written.
type frameCache struct {
	cfg    *config.Config
	prefix string
	mu     sync.RWMutex
	m      map[uintptr]*frame
}

func (c *frameCache) init(cfg *config.Config) {
	c.cfg, c.prefix, c.m = cfg, cfg.PackagePrefix(), map[uintptr]*frame{}
}

// attribute walks the caller's stack (skip frames above attribute's caller) to
// the first frame in a package that a context owns. Without one it returns the
// first frame of the module's own code with ctx "", and without that nil.
// Code of the shared kernel is walked past: its SQL counts for its caller.
func (g *Guard) attribute(skip int) (uintptr, *frame) {
	var pcs [maxDepth]uintptr
	var fallbackPC uintptr
	var fallback *frame
	c := &g.frames
	// Walk the stack in two steps: the issuing code is usually within the
	// first frames, and a walk costs per frame.
	for start, end := 0, firstWalk; start < maxDepth; start, end = end, maxDepth {
		n := runtime.Callers(skip+2+start, pcs[start:end])
		c.mu.RLock()
		for _, pc := range pcs[start : start+n] {
			f, ok := c.m[pc]
			if !ok {
				c.mu.RUnlock()
				f = c.lookup(pc)
				c.mu.RLock()
			}
			if f.ctx != "" {
				c.mu.RUnlock()
				return pc, f
			}
			if f.module && fallback == nil {
				fallbackPC, fallback = pc, f
			}
		}
		c.mu.RUnlock()
		if n < end-start {
			break
		}
	}
	return fallbackPC, fallback
}

func (c *frameCache) lookup(pc uintptr) *frame {
	c.mu.RLock()
	f, ok := c.m[pc]
	c.mu.RUnlock()
	if ok {
		return f
	}
	f = c.resolve(pc)
	c.mu.Lock()
	c.m[pc] = f
	c.mu.Unlock()
	return f
}

// resolve judges the frames at one program counter: several when calls were
// inlined there, innermost first.
func (c *frameCache) resolve(pc uintptr) *frame {
	frames := runtime.CallersFrames([]uintptr{pc})
	var fallback *frame
	for {
		fr, more := frames.Next()
		if fr.Function != "" {
			pkg := funcPackage(fr.Function)
			site := Site{Function: fr.Function, Package: pkg, File: c.relFile(fr.File), Line: fr.Line}
			// A file that a context's files: globs claim is that context's,
			// whatever its package.
			owner := c.cfg.ObjectOwner(pkg, site.File)
			if owner.Context != "" {
				return &frame{ctx: owner.Context, site: site, short: shortName(fr.Function)}
			}
			if fallback == nil && !owner.Shared && c.inModule(pkg) {
				fallback = &frame{module: true, site: site, short: shortName(fr.Function)}
			}
		}
		if !more {
			break
		}
	}
	if fallback == nil {
		return &frame{}
	}
	return fallback
}

// inModule reports whether a package is the configuration's module's own code.
func (c *frameCache) inModule(pkg string) bool {
	return c.prefix != "" && (pkg == c.prefix || strings.HasPrefix(pkg, c.prefix+"/"))
}

// relFile renders a source path relative to the configuration's directory: an
// absolute path below it, or a -trimpath one (module path + file).
func (c *frameCache) relFile(file string) string {
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(c.cfg.Dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
		return filepath.ToSlash(file)
	}
	if rest, ok := strings.CutPrefix(file, c.prefix+"/"); ok && c.prefix != "" {
		return rest
	}
	return file
}

// funcPackage returns the import path of a function's full name:
// "example.com/a/b.(*T).M" → "example.com/a/b".
func funcPackage(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	if i := strings.IndexByte(fn[slash+1:], '['); i >= 0 {
		// A generic function's type arguments may hold paths of their own.
		slash = strings.LastIndexByte(fn[:slash+1+i], '/')
	}
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

// ShortName names a function as the analyzers do, for finding objects: see
// shortName.
func ShortName(fn string) string { return shortName(fn) }

// shortName names a function as the analyzers do: the package name, the
// receiver type without pointer and the method, closures folded into the
// function that holds them: "example.com/a/b.(*T).M.func1" → "b.T.M".
func shortName(fn string) string {
	pkg := funcPackage(fn)
	rest := strings.TrimPrefix(fn[len(pkg):], ".")
	name := pkg[strings.LastIndexByte(pkg, '/')+1:]
	if i := strings.Index(rest, ".func"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.NewReplacer("(*", "", "(", "", ")", "").Replace(rest)
	return name + "." + rest
}
