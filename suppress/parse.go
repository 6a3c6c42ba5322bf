package suppress

import (
	"go/scanner"
	"go/token"
	"path"
	"slices"
	"strings"

	"github.com/faultline/faultline/finding"
)

// All is the kind that matches every kind of finding.
const All finding.Kind = "all"

// prefix opens a directive, after // in Go or -- in SQL and any spaces.
const prefix = "faultline:ignore"

// Directive is one faultline:ignore comment.
type Directive struct {
	// File is the file's name as given to Parse; Line and Column locate the comment.
	File         string
	Line, Column int
	// Kinds are the kinds it names (All for every kind), in the order written.
	Kinds  []finding.Kind
	Reason string
	// First and Last are the lines whose findings it covers, inclusive: its own line
	// when it trails code, else the line below the comment block it sits in, and in
	// SQL the whole statement when that line starts one. Both are 0 when a blank
	// line or the end of the file follows the comment block: it covers nothing.
	First, Last int
	// Problem says why the directive is malformed (no kind, an unknown kind, no
	// reason); "" when it is well-formed. A malformed directive covers nothing.
	Problem string
}

// Covers reports whether the directive suppresses f.
func (d Directive) Covers(f finding.Finding) bool {
	if d.Problem != "" || d.First == 0 || f.File != d.File || f.Line < d.First || f.Line > d.Last || !Suppressible(f.Kind) {
		return false
	}
	return slices.Contains(d.Kinds, All) || slices.Contains(d.Kinds, f.Kind)
}

// Suppressible reports whether a faultline:ignore comment can suppress findings of
// kind k: every kind but faultline's reports on its own files and comments.
func Suppressible(k finding.Kind) bool { return finding.Excusable(k) }

// Parse finds the directives of a Go (.go) or SQL (.sql) file; other files have none.
func Parse(filename string, src []byte) []Directive {
	switch strings.ToLower(path.Ext(filename)) {
	case ".go":
		return ParseGo(filename, src)
	case ".sql":
		return ParseSQL(filename, src)
	}
	return nil
}

// lines is what a file's lexer learned: which lines hold code, the line comments
// with their text, and (for SQL) where statements start and end.
type lines struct {
	code     map[int]bool
	comment  map[int]bool
	comments []lineComment
	// stmtEnd maps the first line of each statement to its last line.
	stmtEnd map[int]int
}

type lineComment struct {
	line, column int
	text         string // after the // or --
}

func newLines() *lines {
	return &lines{code: map[int]bool{}, comment: map[int]bool{}, stmtEnd: map[int]int{}}
}

func (l *lines) markCode(from, to int) {
	for i := from; i <= to; i++ {
		l.code[i] = true
	}
}

func (l *lines) markComment(from, to int) {
	for i := from; i <= to; i++ {
		l.comment[i] = true
	}
}

// ParseGo finds the //faultline:ignore (or // faultline:ignore) comments of a Go
// file. A directive covers its own line when it trails code there, else the first
// line of code below the run of comment lines it belongs to.
func ParseGo(filename string, src []byte) []Directive {
	fset := token.NewFileSet()
	file := fset.AddFile(filename, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, scanner.ScanComments)
	l := newLines()
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		start := file.Position(pos)
		end := start.Line
		if n := strings.Count(lit, "\n"); n > 0 && tok != token.SEMICOLON {
			end += n
		}
		switch {
		case tok == token.COMMENT:
			l.markComment(start.Line, end)
			if text, ok := strings.CutPrefix(lit, "//"); ok {
				l.comments = append(l.comments, lineComment{start.Line, start.Column, text})
			}
		case tok == token.SEMICOLON && lit == "\n":
			// Inserted at a line's end: not code of its own.
		default:
			l.markCode(start.Line, end)
		}
	}
	return l.directives(filename, "//")
}

// ParseSQL finds the -- faultline:ignore comments of an SQL file (migrations and
// query files). A directive covers the line below its run of comment lines, or its
// own line when it trails code; when that line starts a statement, it covers the
// whole statement, so a foreign key reported on its REFERENCES line is covered by
// a directive above the CREATE TABLE.
func ParseSQL(filename string, src []byte) []Directive {
	return lexSQL(src).directives(filename, "--")
}

// directives turns the line comments that are directives into Directives.
func (l *lines) directives(filename, marker string) []Directive {
	var out []Directive
	last := 0
	for line := range l.code {
		last = max(last, line)
	}
	for _, c := range l.comments {
		text := strings.TrimLeft(c.text, " \t")
		rest, ok := strings.CutPrefix(text, prefix)
		if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			continue
		}
		d := Directive{File: filename, Line: c.line, Column: c.column}
		d.parse(strings.TrimSpace(rest), marker)
		target := 0
		if l.code[c.line] {
			target = c.line
		} else {
			t := c.line + 1
			for t <= last && l.comment[t] && !l.code[t] {
				t++
			}
			if l.code[t] {
				target = t
			}
		}
		if target > 0 {
			d.First, d.Last = target, target
			if end, ok := l.stmtEnd[target]; ok {
				d.Last = max(end, target)
			}
		}
		out = append(out, d)
	}
	return out
}

// parse reads "<kind>[,<kind>...] <reason>".
func (d *Directive) parse(s, marker string) {
	kinds, reason := s, ""
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		kinds, reason = s[:i], s[i+1:]
	}
	d.Reason = strings.TrimSpace(reason)
	syntax := marker + prefix + " <kind> <reason>"
	if marker == "--" {
		syntax = "-- " + prefix + " <kind> <reason>"
	}
	if kinds == "" {
		d.Problem = "needs a kind and a reason: write " + syntax
		return
	}
	for _, k := range strings.Split(kinds, ",") {
		k := finding.Kind(strings.TrimSpace(k))
		if k == "" {
			continue
		}
		if k != All && !slices.Contains(finding.Kinds, k) {
			d.Problem = "names " + quoted(string(k)) + ", which is not a kind of finding: use one of " + kindList() + ", or all"
			return
		}
		if !Suppressible(k) {
			d.Problem = "cannot suppress " + string(k) + ": fix the file that finding points at instead"
			return
		}
		if !slices.Contains(d.Kinds, k) {
			d.Kinds = append(d.Kinds, k)
		}
	}
	if d.Reason == "" {
		d.Problem = "needs a reason after the kind, saying why the coupling stays (a ticket, the extraction step that removes it): write " + syntax
	}
}

func kindList() string {
	var ks []string
	for _, k := range finding.Kinds {
		if Suppressible(k) {
			ks = append(ks, string(k))
		}
	}
	return strings.Join(ks, ", ")
}

func quoted(s string) string { return "\"" + s + "\"" }

// lexSQL walks PostgreSQL text: quoted strings and identifiers, dollar quotes,
// nested block comments and line comments, and the semicolons between statements.
func lexSQL(src []byte) *lines {
	l := newLines()
	line, col0 := 1, 0 // col0: offset where the current line starts
	stmtStart := 0
	lastCode := 0
	endStmt := func() {
		if stmtStart > 0 {
			l.stmtEnd[stmtStart] = max(l.stmtEnd[stmtStart], lastCode)
			stmtStart = 0
		}
	}
	code := func(from, to int) {
		l.markCode(from, to)
		if stmtStart == 0 {
			stmtStart = from
		}
		lastCode = to
	}
	// skip advances over src[i:j], counting lines, and returns the line j is on.
	skip := func(i, j int) int {
		for k := i; k < j && k < len(src); k++ {
			if src[k] == '\n' {
				line++
				col0 = k + 1
			}
		}
		return line
	}
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
			col0 = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < n && src[i+1] == '-':
			end := i + 2
			for end < n && src[end] != '\n' {
				end++
			}
			l.markComment(line, line)
			text := strings.TrimSuffix(string(src[i+2:end]), "\r")
			l.comments = append(l.comments, lineComment{line, i - col0 + 1, text})
			i = end
		case c == '/' && i+1 < n && src[i+1] == '*':
			start := line
			depth, j := 1, i+2
			for j < n && depth > 0 {
				switch {
				case src[j] == '*' && j+1 < n && src[j+1] == '/':
					depth--
					j += 2
				case src[j] == '/' && j+1 < n && src[j+1] == '*':
					depth++
					j += 2
				default:
					j++
				}
			}
			l.markComment(start, skip(i, j))
			i = j
		case c == '\'':
			backslash := i > 0 && (src[i-1] == 'E' || src[i-1] == 'e') && (i < 2 || !identByte(src[i-2]))
			j := i + 1
			for j < n {
				if backslash && src[j] == '\\' {
					j += 2
					continue
				}
				if src[j] == '\'' {
					if j+1 < n && src[j+1] == '\'' {
						j += 2
						continue
					}
					j++
					break
				}
				j++
			}
			start := line
			code(start, skip(i, j))
			i = j
		case c == '"':
			j := i + 1
			for j < n {
				if src[j] == '"' {
					if j+1 < n && src[j+1] == '"' {
						j += 2
						continue
					}
					j++
					break
				}
				j++
			}
			start := line
			code(start, skip(i, j))
			i = j
		case c == '$' && (i == 0 || !identByte(src[i-1])):
			tag, ok := dollarTag(src[i:])
			if !ok {
				code(line, line)
				i++
				continue
			}
			j := i + len(tag)
			if k := strings.Index(string(src[j:]), tag); k >= 0 {
				j += k + len(tag)
			} else {
				j = n
			}
			start := line
			code(start, skip(i, j))
			i = j
		case c == ';':
			code(line, line)
			endStmt()
			i++
		default:
			code(line, line)
			i++
		}
	}
	endStmt()
	return l
}

// dollarTag returns the $tag$ that opens a dollar-quoted string at the start of b.
func dollarTag(b []byte) (string, bool) {
	for j := 1; j < len(b); j++ {
		switch {
		case b[j] == '$':
			return string(b[:j+1]), true
		case b[j] == '_' || b[j] >= 'a' && b[j] <= 'z' || b[j] >= 'A' && b[j] <= 'Z' || b[j] >= 0x80:
		case b[j] >= '0' && b[j] <= '9' && j > 1:
		default:
			return "", false
		}
	}
	return "", false
}

func identByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
