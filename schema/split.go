package schema

import "strings"

// span is one statement's byte range in a file, its terminating semicolon excluded.
type span struct{ start, end int }

// split cuts text into statements at the semicolons outside quoted strings, quoted
// identifiers, dollar quotes, comments and BEGIN ATOMIC bodies. Unlike the parser's
// own splitters it ignores parentheses, so an unbalanced one costs a single statement,
// not the rest of the file; an unterminated quote does run to the end of the text, as
// it would in PostgreSQL. Spans holding only space and comments are left out.
func split(text string) []span {
	var out []span
	start := 0
	atomic := 0 // BEGIN ATOMIC nesting, CASE ... END counted inside
	prev := ""  // the previous word, to spot BEGIN ATOMIC
	emit := func(end int) {
		if skipSpace(text[:end], start) < end {
			out = append(out, span{start, end})
		}
		start = end + 1
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\'':
			i = skipQuoted(text, i, '\'')
		case c == '"':
			i = skipQuoted(text, i, '"')
		case c == '$':
			i = skipDollar(text, i)
		case c == '-' && strings.HasPrefix(text[i:], "--"), c == '/' && strings.HasPrefix(text[i:], "/*"):
			i = skipSpace(text, i)
		case c == ';':
			if atomic == 0 {
				emit(i)
			}
			i++
		case isIdentStart(c):
			j := i
			for j < len(text) && isIdentChar(text[j]) {
				j++
			}
			w := strings.ToLower(text[i:j])
			switch {
			case w == "atomic" && prev == "begin":
				atomic++
			case atomic > 0 && w == "case":
				atomic++
			case atomic > 0 && w == "end":
				atomic--
			}
			prev = w
			i = j
		default:
			i++
		}
	}
	if start < len(text) {
		emit(len(text))
	}
	return out
}
