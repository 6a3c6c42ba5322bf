package queryfile

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/query"
)

// Named is one named query of a query file, as goyesql, dotsql and sqlc name
// them (`-- name: get-subscriber`).
type Named struct {
	Name string
	// File is the query file, slash-separated, relative to the directory the
	// index was built for; Line and Column are where the query's SQL starts.
	File         string
	Line, Column int
	Text         string
}

// Index holds the named queries of the query files under one directory.
type Index struct {
	byName map[string][]Named
}

// maxQueryFile is the largest file the index reads: query files are small, and
// a huge .sql file (a dump) is no query file.
const maxQueryFile = 4 << 20

var indexes sync.Map // directory -> *indexEntry

type indexEntry struct {
	once sync.Once
	idx  *Index
}

// IndexFor returns the index of dir, built on first use and shared after that
// (every package of one go vet run asks for the same directory).
func IndexFor(dir string) *Index {
	e, _ := indexes.LoadOrStore(dir, &indexEntry{})
	ent := e.(*indexEntry)
	ent.once.Do(func() { ent.idx = BuildIndex(dir) })
	return ent.idx
}

// skipDir reports whether a directory holds no query files of the project.
func skipDir(name string) bool {
	return name == "vendor" || name == "node_modules" || name == "testdata" ||
		(strings.HasPrefix(name, ".") && name != ".") || strings.HasPrefix(name, "_")
}

// Stamp writes the path, size and modification time of every file BuildIndex
// would read under dir to w, so a cache of analysis results (go vet's) can be
// keyed on the query files the analyzers look named queries up in.
func Stamp(dir string, w io.Writer) {
	walkQueryFiles(dir, func(path string, info fs.FileInfo) {
		fmt.Fprintf(w, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
	})
}

// walkQueryFiles calls f for each .sql file under dir that the index reads, in
// lexical order.
func walkQueryFiles(dir string, f func(path string, info fs.FileInfo)) {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(filepath.Ext(path), ".sql") || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() <= maxQueryFile {
			f(path, info)
		}
		return nil
	})
}

// BuildIndex reads every .sql file under dir (vendor, testdata, node_modules,
// hidden directories and unreadable files left out) that names its queries.
// Files are read in lexical order, so the result does not depend on the file
// system.
func BuildIndex(dir string) *Index {
	idx := &Index{byName: map[string][]Named{}}
	walkQueryFiles(dir, func(path string, _ fs.FileInfo) {
		src, err := safefile.Read(path)
		if err != nil {
			return
		}
		if rel, err := filepath.Rel(dir, path); err == nil {
			idx.add(filepath.ToSlash(rel), string(src))
		}
	})
	return idx
}

// add indexes the named blocks of one file.
func (idx *Index) add(rel, src string) {
	for _, b := range Split(src) {
		if b.Name == "" {
			continue
		}
		start := b.Offset + sqlStart(b.Text)
		line, col := query.Position(src, min(start, len(src)))
		idx.byName[b.Name] = append(idx.byName[b.Name], Named{Name: b.Name, File: rel, Line: line, Column: col, Text: b.Text})
	}
}

// Lookup returns the query called name. When several files name a query so,
// the one in the file whose path sorts first is taken and ambiguous is set.
func (idx *Index) Lookup(name string) (q Named, ok, ambiguous bool) {
	if idx == nil {
		return Named{}, false, false
	}
	qs := idx.byName[name]
	if len(qs) == 0 {
		return Named{}, false, false
	}
	i := slices.IndexFunc(qs[1:], func(o Named) bool { return o.File != qs[0].File })
	return qs[0], true, i >= 0
}

// sqlStart is the offset of the first byte of s that is neither white space nor
// part of a -- comment line.
func sqlStart(s string) int {
	off := 0
	for line := range strings.Lines(s) {
		t := strings.TrimLeft(line, " \t\r\n")
		if t != "" && !strings.HasPrefix(t, "--") {
			return off + len(line) - len(t)
		}
		off += len(line)
	}
	return len(s)
}
