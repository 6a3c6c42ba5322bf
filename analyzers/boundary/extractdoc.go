package boundary

import (
	"go/parser"
	"go/token"
	"strings"
)

// extractDoc returns the section "# Analyzer <name>" of the package comment of
// the Go source src, without its leading "<name>:", as the Analyzer's Doc. It
// panics when the section is missing, which a test run catches at once.
func extractDoc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("boundary: doc.go has no package comment")
	}
	_, section, ok := strings.Cut(f.Doc.Text(), "\n# Analyzer "+name+"\n")
	if !ok {
		panic("boundary: doc.go has no \"# Analyzer " + name + "\" heading")
	}
	body, ok := strings.CutPrefix(strings.TrimSpace(section), name+":")
	if !ok {
		panic("boundary: the \"# Analyzer " + name + "\" section must start with \"" + name + ": summary\"")
	}
	if i := strings.Index(body, "\n# "); i >= 0 {
		body = body[:i]
	}
	return strings.TrimSpace(body)
}
