package schema

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// lines maps byte offsets of one file to lines and columns.
type lines struct {
	file   string
	starts []int // offset of the first byte of each line
}

func newLines(file, text string) *lines {
	l := &lines{file: file, starts: make([]int, 1, 1+strings.Count(text, "\n"))}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// pos returns the position of byte offset off.
func (l *lines) pos(off int) Pos {
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Pos{File: l.file, Line: i + 1, Column: off - l.starts[i] + 1, Offset: off}
}

// skipSpace returns the offset of the first byte at or after i that is neither white
// space nor inside a comment.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v':
			i++
		case strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return len(s)
			}
			i += j + 1
		case strings.HasPrefix(s[i:], "/*"):
			depth := 0
			for i < len(s) {
				if strings.HasPrefix(s[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(s[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		default:
			return i
		}
	}
	return i
}

// charToByte converts a 0-based character index in s to a byte offset.
func charToByte(s string, chars int) int {
	off := 0
	for n := 0; n < chars && off < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}

// exprStop lists the words that end a column's DEFAULT expression at nesting depth 0.
var exprStop = map[string]bool{
	"not": true, "null": true, "constraint": true, "primary": true, "unique": true,
	"check": true, "references": true, "generated": true, "collate": true, "default": true,
	"deferrable": true, "initially": true,
}

// exprText returns the expression that starts at byte i of s: everything up to a
// comma, closing parenthesis or semicolon at depth 0, or a constraint keyword after
// the first word. Quoted strings, quoted identifiers, dollar quotes and comments are
// skipped whole.
func exprText(s string, i int) string {
	start := skipSpace(s, i)
	depth := 0
	j := start
	first := true
	for j < len(s) {
		c := s[j]
		switch {
		case c == '(' || c == '[':
			depth++
			j++
		case c == ')' || c == ']':
			if depth == 0 {
				return strings.TrimSpace(s[start:j])
			}
			depth--
			j++
		case (c == ',' || c == ';') && depth == 0:
			return strings.TrimSpace(s[start:j])
		case c == '\'':
			j = skipQuoted(s, j, '\'')
		case c == '"':
			j = skipQuoted(s, j, '"')
		case c == '$':
			j = skipDollar(s, j)
		case c == '-' && strings.HasPrefix(s[j:], "--"), c == '/' && strings.HasPrefix(s[j:], "/*"):
			j = skipSpace(s, j)
		case isIdentStart(c):
			k := j
			for k < len(s) && isIdentChar(s[k]) {
				k++
			}
			if depth == 0 && !first && exprStop[strings.ToLower(s[j:k])] {
				return strings.TrimSpace(s[start:j])
			}
			j = k
		default:
			j++
		}
		if j > start {
			first = false
		}
	}
	return strings.TrimSpace(s[start:j])
}

// ParenText returns the balanced parenthesized text starting at the first "(" at or
// after i, without the outer parentheses.
func ParenText(s string, i int) string {
	for i < len(s) && s[i] != '(' {
		i++
	}
	if i >= len(s) {
		return ""
	}
	start := i + 1
	depth := 0
	for j := i; j < len(s); {
		switch c := s[j]; {
		case c == '(':
			depth++
			j++
		case c == ')':
			depth--
			if depth == 0 {
				return strings.TrimSpace(s[start:j])
			}
			j++
		case c == '\'':
			j = skipQuoted(s, j, '\'')
		case c == '"':
			j = skipQuoted(s, j, '"')
		case c == '$':
			j = skipDollar(s, j)
		default:
			j++
		}
	}
	return strings.TrimSpace(s[start:])
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

// skipQuoted skips a quoted token starting at s[i] == q, doubled quotes included.
func skipQuoted(s string, i int, q byte) int {
	backslash := q == '\'' && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e')
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// skipDollar skips a dollar-quoted string starting at s[i] == '$', or the lone '$'
// of a parameter.
func skipDollar(s string, i int) int {
	j := i + 1
	for j < len(s) && s[j] != '$' && isIdentChar(s[j]) && s[j] != '$' {
		j++
	}
	if j >= len(s) || s[j] != '$' || (j > i+1 && s[i+1] >= '0' && s[i+1] <= '9') {
		return i + 1
	}
	tag := s[i : j+1]
	end := strings.Index(s[j+1:], tag)
	if end < 0 {
		return len(s)
	}
	return j + 1 + end + len(tag)
}
