package suppress

import "github.com/faultline/faultline/finding"

// Files answers, finding by finding, whether a faultline:ignore comment covers
// it, reading each file once: the analyzers use it so that go vet and
// golangci-lint honour the comments as faultline check does.
type Files struct {
	read   func(string) ([]byte, error)
	byFile map[string][]Directive
}

// NewFiles returns a Files that reads source through read (an analysis pass's
// ReadFile, for instance).
func NewFiles(read func(string) ([]byte, error)) *Files {
	return &Files{read: read, byFile: map[string][]Directive{}}
}

// Covers reports whether a well-formed directive in f's file suppresses f.
func (fs *Files) Covers(f finding.Finding) bool {
	if f.File == "" {
		return false
	}
	ds, ok := fs.byFile[f.File]
	if !ok {
		if src, err := fs.read(f.File); err == nil {
			ds = Parse(f.File, src)
		}
		fs.byFile[f.File] = ds
	}
	for _, d := range ds {
		if d.Covers(f) {
			return true
		}
	}
	return false
}
