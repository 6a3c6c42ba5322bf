package migrations

import (
	"bytes"
	"strings"
)

// mark is what a line says about the sections of a migration file.
type mark int

const (
	noMark mark = iota
	upMark
	downMark
)

// lineEnd returns the offset of the \n that ends the line holding offset i, or len(b).
func lineEnd(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(b)
}

// annotation reads a tool's comment annotation: "--", optional blanks, the prefix
// (case-insensitive) and then a blank or the end of the line. It returns the word that
// follows, lower-cased. Like the tools, it wants the "--" at the start of the line.
func annotation(line []byte, prefix string) (word string, ok bool) {
	if !bytes.HasPrefix(line, []byte("--")) {
		return "", false
	}
	rest := bytes.TrimLeft(line[2:], " \t")
	if len(rest) < len(prefix) || !strings.EqualFold(string(rest[:len(prefix)]), prefix) {
		return "", false
	}
	rest = rest[len(prefix):]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\r' {
		return "", false
	}
	if f := bytes.Fields(rest); len(f) > 0 {
		word = strings.ToLower(string(f[0]))
	}
	return word, true
}

func gooseMarker(line []byte) mark { return upDown(annotation(line, "+goose")) }

func sqlMigrateMarker(line []byte) mark { return upDown(annotation(line, "+migrate")) }

func upDown(word string, ok bool) mark {
	switch {
	case ok && word == "up":
		return upMark
	case ok && word == "down":
		return downMark
	}
	return noMark
}

func dbmateMarker(line []byte) mark {
	if _, ok := annotation(line, "migrate:up"); ok {
		return upMark
	}
	if _, ok := annotation(line, "migrate:down"); ok {
		return downMark
	}
	return noMark
}

const ternSeparator = "---- create above / drop below ----"

func ternMarker(line []byte) mark {
	if string(bytes.TrimSpace(line)) == ternSeparator {
		return downMark
	}
	return noMark
}

// markers says which tools' annotations a file carries.
type markers struct{ goose, sqlMigrate, dbmate, tern bool }

func findMarkers(b []byte) markers {
	var m markers
	for start := 0; start < len(b); {
		end := lineEnd(b, start)
		line := b[start:end]
		start = end + 1
		if len(line) < 2 || line[0] != '-' || line[1] != '-' {
			continue // the common case, and cheap: annotations are comments at column 1
		}
		if _, ok := annotation(line, "+goose"); ok {
			m.goose = true
		}
		if _, ok := annotation(line, "+migrate"); ok {
			m.sqlMigrate = true
		}
		if dbmateMarker(line) != noMark {
			m.dbmate = true
		}
		if ternMarker(line) != noMark {
			m.tern = true
		}
	}
	return m
}

// keepUp blanks every line outside an up section; the marker lines themselves are
// comments and stay. up says whether the file starts in an up section. It reports
// whether an up marker was seen.
func keepUp(b []byte, markerOf func([]byte) mark, up bool) (sawUp bool) {
	for start := 0; start < len(b); {
		end := lineEnd(b, start)
		switch markerOf(b[start:end]) {
		case upMark:
			up, sawUp = true, true
		case downMark:
			up = false
		default:
			if !up {
				blank(b, start, end)
			}
		}
		start = end + 1
	}
	return sawUp
}

// psqlResult is what scrubPsql saw.
type psqlResult struct {
	sql  bool // a statement to apply survived
	psql bool // a meta-command or a COPY was blanked: the file is a psql script
	// openCopy is the offset of a COPY ... FROM stdin whose data has no closing
	// \. line, so that everything after it was taken as data; -1 when none.
	openCopy int
}

// scrubPsql blanks what psql would not send to the server as schema SQL: meta-commands
// (a backslash outside quotes and comments, to the end of its line) and COPY statements
// with the data that follows COPY ... FROM stdin up to the line \. . It follows
// PostgreSQL's lexical rules for comments, strings, quoted identifiers and dollar quotes,
// so a backslash or a semicolon inside them is left alone.
func scrubPsql(b []byte) psqlResult {
	r := psqlResult{openCopy: -1}
	n := len(b)
	stmt := -1 // offset of the current statement's first token; -1 between statements
	isCopy, fromStdin := false, false
	var prev []byte // the previous word of a COPY statement, to see FROM STDIN
	for i := 0; i < n; {
		c := b[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < n && b[i+1] == '-':
			i = lineEnd(b, i)
		case c == '/' && i+1 < n && b[i+1] == '*':
			i = blockCommentEnd(b, i)
		case c == '\\':
			end := lineEnd(b, i)
			data := isCopyFromStdinMeta(b[i:end])
			blank(b, i, end)
			r.psql = true
			i = end
			if data {
				i = r.copyData(b, i, i)
			}
		case c == ';':
			switch {
			case stmt >= 0 && isCopy:
				blank(b, stmt, i+1)
				r.psql = true
				if fromStdin {
					i = r.copyData(b, i, stmt)
				}
			case stmt >= 0:
				r.sql = true
			}
			stmt, isCopy, fromStdin, prev = -1, false, false, nil
			i++
		default:
			if stmt < 0 {
				stmt = i
			}
			word := []byte(nil)
			switch {
			case c == '\'':
				i = stringEnd(b, i, false)
			case c == '"':
				i = quotedIdentEnd(b, i)
			case c == '$':
				i = dollarEnd(b, i)
			case isIdentStart(c):
				j := i + 1
				for j < n && isIdentChar(b[j]) {
					j++
				}
				word = b[i:j]
				if j < n && b[j] == '\'' && len(word) == 1 && (c == 'e' || c == 'E') {
					// E'...': the one kind of string where a backslash escapes a quote.
					i, word = stringEnd(b, j, true), nil
					break
				}
				if stmt == i {
					isCopy = equalFold(word, "copy")
				} else if isCopy && equalFold(prev, "from") && equalFold(word, "stdin") {
					fromStdin = true
				}
				i = j
			case c >= '0' && c <= '9':
				for i < n && (isIdentChar(b[i]) || b[i] == '.') {
					i++
				}
			default:
				i++
			}
			prev = word
		}
	}
	if stmt >= 0 && !isCopy {
		r.sql = true
	}
	return r
}

func equalFold(b []byte, s string) bool { return strings.EqualFold(string(b), s) }

// isIdentStart and isIdentChar follow PostgreSQL's scanner: any byte of a multi-byte
// UTF-8 character may be part of an identifier.
func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

// stringEnd returns the offset after the string literal opening at b[i]; escapes says
// whether a backslash escapes the next byte (E'...' strings).
func stringEnd(b []byte, i int, escapes bool) int {
	for j := i + 1; j < len(b); j++ {
		switch {
		case b[j] == '\\' && escapes:
			j++
		case b[j] == '\'':
			if j+1 < len(b) && b[j+1] == '\'' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(b)
}

func quotedIdentEnd(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		if b[j] == '"' {
			if j+1 < len(b) && b[j+1] == '"' {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(b)
}

// blockCommentEnd returns the offset after the comment opening at b[i]; PostgreSQL's block
// comments nest.
func blockCommentEnd(b []byte, i int) int {
	depth := 0
	for j := i; j+1 < len(b); {
		switch {
		case b[j] == '/' && b[j+1] == '*':
			depth++
			j += 2
		case b[j] == '*' && b[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		default:
			j++
		}
	}
	return len(b)
}

// dollarEnd returns the offset after the dollar-quoted string opening at b[i], or after a
// lone $ or a parameter such as $1.
func dollarEnd(b []byte, i int) int {
	j := i + 1
	if j < len(b) && b[j] >= '0' && b[j] <= '9' {
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j
	}
	for j < len(b) && b[j] != '$' {
		if !isIdentStart(b[j]) && (j == i+1 || b[j] < '0' || b[j] > '9') {
			return i + 1 // not a tag: a lone $
		}
		j++
	}
	if j >= len(b) {
		return i + 1
	}
	tag := b[i : j+1]
	if k := bytes.Index(b[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(b)
}

// isCopyFromStdinMeta reports a \copy ... from stdin meta-command, whose data follows in
// the script like COPY's.
func isCopyFromStdinMeta(line []byte) bool {
	f := bytes.Fields(line)
	if len(f) == 0 || !equalFold(f[0], `\copy`) {
		return false
	}
	for k := 1; k+1 < len(f); k++ {
		if equalFold(f[k], "from") && equalFold(bytes.TrimRight(f[k+1], ";"), "stdin") {
			return true
		}
	}
	return false
}

// copyData is blankCopyData that remembers a COPY (at offset at) left open.
func (r *psqlResult) copyData(b []byte, i, at int) int {
	end, closed := blankCopyData(b, i)
	if !closed && r.openCopy < 0 {
		r.openCopy = at
	}
	return end
}

// blankCopyData blanks the data of a COPY ... FROM stdin whose command ends at b[i]: the
// rest of that line and the lines up to and including the line \. (or to the end of the
// file, where psql stops too). It returns the offset after what it blanked, and
// whether the \. line closed the data.
func blankCopyData(b []byte, i int) (int, bool) {
	from := i
	if from < len(b) && b[from] == ';' {
		from++
	}
	start := lineEnd(b, i) + 1
	for start < len(b) {
		end := lineEnd(b, start)
		line := bytes.TrimSuffix(b[start:end], []byte("\r"))
		if string(line) == `\.` {
			blank(b, from, end)
			return end, true
		}
		start = end + 1
	}
	blank(b, from, len(b))
	return len(b), false
}
