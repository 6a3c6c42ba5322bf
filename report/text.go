package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/faultline/faultline/finding"
)

// TextOptions control the go vet-style text output.
type TextOptions struct {
	// Dir is the directory the paths in findings are relative to, and Cwd the one
	// the user runs in: positions are printed relative to Cwd so they can be clicked.
	Dir, Cwd string
	// Verbose adds each finding's fix and shows info and allowed findings.
	Verbose bool
}

// Text writes one line per finding, as go vet does:
// file:line:col: message [kind from->to].
func Text(w io.Writer, findings []finding.Finding, opts TextOptions) error {
	for _, f := range findings {
		if !opts.Verbose && (f.Severity == finding.Info || f.AllowedBy != "") {
			continue
		}
		pos := displayPos(f, opts)
		if _, err := fmt.Fprintf(w, "%s: %s %s\n", pos, f.Message, f.Tag()); err != nil {
			return err
		}
		if opts.Verbose {
			if f.Fix != "" {
				fmt.Fprintf(w, "\tfix: %s\n", indent(f.Fix))
			}
			if f.AllowedBy != "" {
				fmt.Fprintf(w, "\tallowed: %s\n", f.AllowedBy)
			}
		}
	}
	return nil
}

func displayPos(f finding.Finding, opts TextOptions) string {
	if f.File == "" {
		if f.Object != "" {
			return f.Object
		}
		return "faultline"
	}
	file := f.File
	if opts.Dir != "" && opts.Cwd != "" && !filepath.IsAbs(file) {
		abs := filepath.Join(opts.Dir, filepath.FromSlash(file))
		if rel, err := filepath.Rel(opts.Cwd, abs); err == nil {
			file = rel
		}
	}
	g := f
	g.File = file
	return g.Position()
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n\t     ") }
