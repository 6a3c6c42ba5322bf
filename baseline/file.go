package baseline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/internal/safefile"
)

// header opens every file Write produces.
const header = `# faultline.baseline.yaml: the couplings across bounded contexts this project
# already had when the file was written. ` + "`faultline check`" + ` lets them through and
# fails only on new ones, and on entries here that no longer occur.
#
# An entry is a finding's key (kind, the context that depends, to, subject) and
# count, how many findings share that key. Line numbers are not recorded, so
# moving code does not disturb it. When a check finds more of a key than its
# count, the last ones in file order are new.
#
# Do not add to this file by hand. To shrink it, cut a coupling and run
# ` + "`faultline baseline`" + `: entries that no longer occur go away. In CI (CI=true) the
# file may shrink but is never created or grown.
`

// Error is a problem in a baseline file at a position.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg) }

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Read reads a baseline file. A missing file is an error that wraps fs.ErrNotExist
// (test with errors.Is); problems in the file are returned as Errors, each with its
// file:line:column.
func Read(file string) (*Baseline, error) {
	data, err := safefile.Read(file)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	return Parse(file, data)
}

// Load reads the baseline of the configuration directory dir and sets its File to
// FileName, so that stale-baseline findings carry a path relative to dir as every
// finding of check.Result does. Errors name the full path.
func Load(dir string) (*Baseline, error) {
	b, err := Read(Path(dir))
	if err != nil {
		return nil, err
	}
	b.File = FileName
	return b, nil
}

// Parse validates the bytes of a baseline file named file.
func Parse(file string, data []byte) (*Baseline, error) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{p.syntaxError(err)}
	}
	b := &Baseline{File: file}
	if len(doc.Content) == 0 {
		return nil, Errors{{file, 1, 1, "the file is empty: run `faultline baseline` to write it"}}
	}
	p.document(doc.Content[0], b)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	slices.SortFunc(b.Entries, compareEntries)
	return b, nil
}

type parser struct {
	file string
	errs Errors
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{p.file, n.Line, n.Column, fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func (p *parser) syntaxError(err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return &Error{p.file, line, 1, "invalid YAML: " + msg + "; fix the syntax, or delete the file and run `faultline baseline` outside CI to write it again"}
}

// mapping calls set for each key of a mapping node, reporting repeated keys and
// keys not in known.
func (p *parser) mapping(n *yaml.Node, where string, known []string, set func(key string, k, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a map, not %s", where, describe(n))
		return false
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case seen[k.Value]:
			p.errorf(k, "%q appears twice in %s: keep one", k.Value, where)
		case known != nil && !slices.Contains(known, k.Value):
			p.errorf(k, "unknown key %q in %s: the keys are %s", k.Value, where, strings.Join(known, ", "))
		default:
			seen[k.Value] = true
			set(k.Value, k, v)
		}
	}
	return true
}

func (p *parser) document(n *yaml.Node, b *Baseline) {
	var version, findings *yaml.Node
	if !p.mapping(n, "the baseline", []string{"version", "findings"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "version":
			version = v
		case "findings":
			findings = v
		}
	}) {
		return
	}
	switch {
	case version == nil:
		p.errorf(n, "missing `version: %d`", Version)
	case version.Kind != yaml.ScalarNode || version.Value != strconv.Itoa(Version):
		p.errorf(version, "unsupported version %q: this faultline reads version %d; run `faultline baseline` to rewrite the file", version.Value, Version)
	}
	if findings == nil || isNull(findings) {
		return
	}
	seen := map[string]*yaml.Node{}
	p.mapping(findings, "findings", nil, func(from string, _, v *yaml.Node) {
		if isNull(v) {
			return
		}
		if v.Kind != yaml.SequenceNode {
			p.errorf(v, "the entries of context %q must be a list, not %s", from, describe(v))
			return
		}
		for _, item := range v.Content {
			e, ok := p.entry(item, from)
			if !ok {
				continue
			}
			if prev, dup := seen[e.Key()]; dup {
				p.errorf(item, "this entry repeats the one at line %d (same kind, to and subject): keep one, with the counts added", prev.Line)
				continue
			}
			seen[e.Key()] = item
			b.Entries = append(b.Entries, e)
		}
	})
}

func (p *parser) entry(n *yaml.Node, from string) (Entry, bool) {
	e := Entry{From: from, Count: 1, Line: n.Line, Column: n.Column}
	ok := true
	var hasKind bool
	p.mapping(n, "a baseline entry", []string{"kind", "to", "subject", "count"}, func(key string, _, v *yaml.Node) {
		if key == "kind" {
			hasKind = true
		}
		if v.Kind != yaml.ScalarNode {
			p.errorf(v, "%s must be a single value, not %s", key, describe(v))
			ok = false
			return
		}
		switch key {
		case "kind":
			if v.Value == "" {
				p.errorf(v, "kind must not be empty")
				ok = false
			}
			e.Kind = finding.Kind(v.Value)
		case "to":
			e.To = v.Value
		case "subject":
			e.Subject = v.Value
		case "count":
			n, err := strconv.Atoi(v.Value)
			if err != nil || n < 1 {
				p.errorf(v, "count must be a whole number of at least 1, not %q (delete the entry instead)", v.Value)
				ok = false
				return
			}
			e.Count = n
		}
	})
	if n.Kind != yaml.MappingNode {
		return e, false
	}
	if !hasKind {
		p.errorf(n, "a baseline entry needs a kind")
		ok = false
	}
	return e, ok
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

// Write writes the baseline in the file format: a header comment, then the
// entries grouped by the context that depends, one entry per line, sorted.
func (b *Baseline) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(header)
	fmt.Fprintf(bw, "version: %d\n", Version)
	if len(b.Entries) == 0 {
		bw.WriteString("findings: {}\n")
		return bw.Flush()
	}
	bw.WriteString("findings:\n")
	entries := slices.Clone(b.Entries)
	slices.SortFunc(entries, compareEntries)
	for i, e := range entries {
		if i == 0 || entries[i-1].From != e.From {
			fmt.Fprintf(bw, "  %s:\n", scalar(e.From))
		}
		fmt.Fprintf(bw, "    - {kind: %s, ", scalar(string(e.Kind)))
		if e.To != "" {
			fmt.Fprintf(bw, "to: %s, ", scalar(e.To))
		}
		fmt.Fprintf(bw, "subject: %s, count: %d}\n", quote(e.Subject), e.Count)
	}
	return bw.Flush()
}

// WriteFile writes the baseline to path through a temporary file in the same
// directory, so a reader never sees half a file.
func (b *Baseline) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".faultline.baseline-*.yaml")
	if err != nil {
		return fmt.Errorf("writing baseline: %w", err)
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing baseline: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing baseline: %w", err)
	}
	return nil
}

// plain matches the names that need no quotes in a YAML flow mapping.
var plain = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// scalar renders a name plainly when YAML reads it back as the same string.
func scalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return quote(s)
	}
	if plain.MatchString(s) {
		return s
	}
	return quote(s)
}

// quote renders s as a double-quoted scalar: a JSON string is one in YAML.
func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}
