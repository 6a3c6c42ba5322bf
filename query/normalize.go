package query

import (
	"strconv"
	"strings"
)

// maxNesting bounds the nesting a statement may have before it is handed to libpg_query.
// The C side of libpg_query recurses over the parse tree without a stack check, so a left-deep
// chain of some tens of thousands of operators (1+1+1..., a UNION of thousands of arms) crashes
// the process; protobuf decoding refuses trees deeper than 10,000 messages anyway. The scan below
// estimates the depth from above, so it refuses such input before libpg_query sees it.
const maxNesting = 5000

// scanned is SQL text after the lexical pre-pass: parameter markers rewritten to $n, split into
// statements at top-level semicolons, with the nesting of each statement estimated.
type scanned struct {
	orig   string
	text   string  // the text handed to libpg_query
	edits  []edit  // parameter marker rewrites, in order
	pieces []piece // statements, by offsets into text
	bad    bool    // some piece must not reach libpg_query
}

// edit is one parameter marker rewrite: text[norm:norm+normLen] replaced orig[orig:orig+origLen].
type edit struct {
	norm, normLen int
	orig, origLen int
}

// piece is one statement of the scanned text, split at a top-level semicolon.
type piece struct {
	start, end int // offsets into scanned.text, semicolon excluded
	badAt      int // offset into the original text where the piece became unparseable, or -1
	badMsg     string
}

// origOffset maps an offset into the rewritten text back to the original text. An offset inside
// a rewritten parameter marker maps to the parameter marker's start.
func (s *scanned) origOffset(p int) int {
	// Binary search for the last edit starting at or before p.
	lo, hi := 0, len(s.edits)
	for lo < hi {
		m := (lo + hi) / 2
		if s.edits[m].norm <= p {
			lo = m + 1
		} else {
			hi = m
		}
	}
	o := p
	if lo > 0 {
		e := s.edits[lo-1]
		if p < e.norm+e.normLen {
			o = e.orig
		} else {
			o = e.orig + e.origLen + (p - e.norm - e.normLen)
		}
	}
	return clamp(o, 0, len(s.orig))
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Token classes the parameter marker rules look back at.
const (
	prevNone     = iota // start of statement
	prevOperand         // identifier, literal, parameter, closing bracket
	prevOperator        // operator, cast, or a keyword after which an operand is expected
	prevOpen            // opening bracket or comma
)

// frame is one open bracket (or CASE) during the nesting estimate.
type frame struct {
	kind  byte // '(' '[' or 'c' for CASE
	ops   int  // operators since the last list separator at this level
	chain int  // set operations and joins at this level: they nest left-deep and never reset
}

type scanner struct {
	s      string
	params bool
	out    strings.Builder
	copied int // s[:copied] has been accounted for in out (only once an edit happened)
	edited bool
	delta  int // len(text) - len(orig) so far
	res    *scanned

	frames     []frame
	sum        int // estimated depth: sum over frames of 1+ops+chain
	parens     int // open '(' count
	brackets   int // open '[' count
	atomic     int // open BEGIN ATOMIC blocks
	prev       int
	prevWord   string
	pieceFrom  int // start of the current piece in s
	pieceDelta int // delta at pieceFrom
	pieceBad   int
	pieceMsg   string

	hasNUL bool

	next  int // next parameter marker number
	names map[string]int
}

// scan runs the lexical pre-pass over sql. With parameter markers, ?, :name and @name become $n.
func scan(sql string, params bool) *scanned {
	sc := &scanner{s: sql, params: params, res: &scanned{orig: sql}, pieceBad: -1}
	sc.hasNUL = strings.IndexByte(sql, 0) >= 0
	sc.frames = append(sc.frames, frame{kind: 0})
	sc.sum = 1
	if strings.HasPrefix(sql, "\ufeff") {
		sc.rewrite(0, 3, "   ") // a byte order mark is no token: blank it, keeping offsets
	}
	sc.run()
	sc.endPiece(len(sql))
	r := sc.res
	if sc.edited {
		sc.out.WriteString(sql[sc.copied:])
		r.text = sc.out.String()
	} else {
		r.text = sql
	}
	return r
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isOpChar reports the characters PostgreSQL builds operators from.
func isOpChar(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
		return true
	}
	return false
}

func (sc *scanner) run() {
	s := sc.s
	i := 0
	if sc.edited {
		i = sc.copied // past a byte order mark
	}
	for i < len(s) {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		case c == '\'':
			i = skipQuoted(s, i, '\'', false)
			sc.operand()
		case c == '"':
			i = skipQuoted(s, i, '"', false)
			sc.operand()
		case c == '$':
			i = sc.dollar(i)
		case isIdentStart(c):
			i = sc.word(i)
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			i = skipNumber(s, i)
			sc.operand()
		case c == '(' || c == '[':
			sc.push(c, i)
			if c == '(' {
				sc.parens++
			} else {
				sc.brackets++
			}
			sc.prev = prevOpen
			i++
		case c == ')' || c == ']':
			if c == ')' && sc.parens > 0 {
				sc.parens--
				sc.popTo('(')
			} else if c == ']' && sc.brackets > 0 {
				sc.brackets--
				sc.popTo('[')
			}
			sc.operand()
			i++
		case c == ',':
			sc.reset()
			sc.prev = prevOpen
			i++
		case c == ';':
			if sc.parens == 0 && sc.atomic == 0 {
				sc.endPiece(i)
				sc.pieceFrom = i + 1
				sc.pieceDelta = sc.delta
				sc.prev = prevNone
			}
			i++
		case c == ':':
			i = sc.colon(i)
		case c == '@' && sc.namedAt(i):
			i = sc.named(i)
		case c == '?' && sc.params && sc.questionIsParam(i, i):
			sc.replace(i, 1, "")
			sc.operand()
			i++
		case isOpChar(c):
			i = sc.operator(i)
		default:
			sc.prev = prevOperator
			i++
		}
	}
}

func skipBlockComment(s string, i int) int {
	depth := 0
	for i < len(s) {
		if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
			depth++
			i += 2
			continue
		}
		if s[i] == '*' && i+1 < len(s) && s[i+1] == '/' {
			depth--
			i += 2
			if depth == 0 {
				return i
			}
			continue
		}
		i++
	}
	return i
}

// skipQuoted skips a quoted token starting at s[i] == q, where a doubled q escapes it (and a
// backslash escapes the next byte when backslash is set). It returns the offset after it.
func skipQuoted(s string, i int, q byte, backslash bool) int {
	i++
	for i < len(s) {
		switch s[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

func skipNumber(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if isDigit(c) || c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			if (c == 'e' || c == 'E') && i+1 < len(s) && (s[i+1] == '+' || s[i+1] == '-') {
				i += 2
				continue
			}
			i++
			continue
		}
		break
	}
	return i
}

// dollarTag returns the end of a dollar-quote tag ($$ or $tag$) starting at s[i], or -1.
func dollarTag(s string, i int) int {
	j := i + 1
	if j < len(s) && isDigit(s[j]) {
		return -1
	}
	for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j])) {
		j++
	}
	if j < len(s) && s[j] == '$' {
		return j + 1
	}
	return -1
}

func (sc *scanner) dollar(i int) int {
	s := sc.s
	if i+1 < len(s) && isDigit(s[i+1]) {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		sc.operand()
		return i
	}
	if end := dollarTag(s, i); end > 0 {
		tag := s[i:end]
		k := strings.Index(s[end:], tag)
		sc.operand()
		if k < 0 {
			return len(s)
		}
		return end + k + len(tag)
	}
	sc.prev = prevOperator
	return i + 1
}

func (sc *scanner) word(i int) int {
	s := sc.s
	start := i
	for i < len(s) && isIdentChar(s[i]) {
		i++
	}
	w := s[start:i]
	if i < len(s) && s[i] == '\'' && (w == "e" || w == "E") {
		i = skipQuoted(s, i, '\'', true)
		sc.operand()
		return i
	}
	if len(w) > 12 {
		sc.operand()
		sc.prevWord = ""
		return i
	}
	var buf [12]byte
	lw := buf[:len(w)]
	for k := 0; k < len(w); k++ {
		c := w[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lw[k] = c
	}
	switch string(lw) {
	case "union", "intersect", "except", "join":
		sc.frames[len(sc.frames)-1].chain++
		sc.grow(1, start)
		sc.prev = prevOperator
	case "is", "isnull", "notnull", "not", "collate", "like", "ilike", "similar", "between", "in", "at", "overlaps":
		sc.frames[len(sc.frames)-1].ops++
		sc.grow(1, start)
		sc.prev = prevOperator
	case "and", "or", "when", "then", "else":
		sc.reset()
		sc.prev = prevOperator
	case "case":
		sc.push('c', start)
		sc.prev = prevOperator
	case "end":
		if sc.frames[len(sc.frames)-1].kind == 'c' {
			sc.pop()
		} else if sc.atomic > 0 && sc.parens == 0 {
			sc.atomic--
		}
		sc.operand()
	case "atomic":
		if sc.prevWord == "begin" {
			sc.atomic++
		}
		sc.operand()
	case "select", "where", "set", "values", "limit", "offset", "having", "returning", "by",
		"distinct", "all", "any", "some", "exists", "return", "from", "escape", "to", "zone",
		"first", "next", "as", "using", "with", "into", "array", "on":
		sc.prev = prevOperator
	default:
		sc.operand()
	}
	sc.prevWord = string(lw)
	return i
}

// colon handles ':' — a cast (::), a named parameter marker (:name) or anything else (slices, :=).
func (sc *scanner) colon(i int) int {
	s := sc.s
	if i+1 < len(s) && s[i+1] == ':' {
		sc.frames[len(sc.frames)-1].ops++
		sc.grow(1, i)
		sc.prev = prevOperator
		return i + 2
	}
	if sc.params && sc.brackets == 0 && i+1 < len(s) && isIdentStart(s[i+1]) && (i == 0 || s[i-1] != ':') {
		return sc.named(i)
	}
	sc.prev = prevOperator
	return i + 1
}

// namedAt reports whether '@' at s[i] starts a pgx named argument (@name) rather than an
// operator such as @>, <@, @@ or @?.
func (sc *scanner) namedAt(i int) bool {
	s := sc.s
	if !sc.params || i+1 >= len(s) || !isIdentStart(s[i+1]) {
		return false
	}
	if i > 0 && (s[i-1] == '<' || s[i-1] == '@') {
		return false
	}
	return true
}

// named rewrites a :name or @name parameter marker whose sigil is at s[i]. sqlx names may hold
// dots (:user.name).
func (sc *scanner) named(i int) int {
	s := sc.s
	j := i + 1
	for j < len(s) && (isIdentStart(s[j]) || isDigit(s[j]) || s[i] == ':' && s[j] == '.' && j+1 < len(s) && isIdentStart(s[j+1])) {
		j++
	}
	name := s[i:j]
	sc.replace(i, j-i, name)
	sc.operand()
	return j
}

// replace rewrites s[i:i+n] as a $n parameter marker; parameter markers with the same non-empty name
// share a number.
func (sc *scanner) replace(i, n int, name string) {
	num := 0
	if name != "" {
		if sc.names == nil {
			sc.names = make(map[string]int)
		}
		num = sc.names[name]
		if num == 0 {
			sc.next++
			num = sc.next
			sc.names[name] = num
		}
	} else {
		sc.next++
		num = sc.next
	}
	sc.rewrite(i, n, "$"+strconv.Itoa(num))
}

// rewrite replaces s[i:i+n] with text in the scanned text, recording the edit.
func (sc *scanner) rewrite(i, n int, text string) {
	if !sc.edited {
		sc.edited = true
		sc.out.Grow(len(sc.s) + 16)
	}
	sc.out.WriteString(sc.s[sc.copied:i])
	normAt := sc.out.Len()
	sc.out.WriteString(text)
	sc.copied = i + n
	sc.res.edits = append(sc.res.edits, edit{norm: normAt, normLen: len(text), orig: i, origLen: n})
	sc.delta += len(text) - n
}

// questionIsParam decides whether '?' at s[q] is a positional parameter marker or part of a jsonb or
// geometric operator (?, ?|, ?&, ?#, ?-, @?). opStart is where the operator run holding it began.
func (sc *scanner) questionIsParam(q, opStart int) bool {
	s := sc.s
	if q+1 < len(s) && isOpChar(s[q+1]) {
		return false // ?| ?& ?# ?- ?-| and the like
	}
	if q > opStart {
		// Inside an operator run: a=? and a<>? end in a parameter marker, @? and ?? do not.
		switch s[q-1] {
		case '=', '<', '>':
			return true
		}
		return false
	}
	if sc.prev != prevOperand {
		return true
	}
	// After an operand: a jsonb operator when an operand follows (data ? 'key').
	return !operandFollows(s, q+1)
}

// operandFollows reports whether the next token after s[i:] starts an operand.
func operandFollows(s string, i int) bool {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i >= len(s) {
		return false
	}
	c := s[i]
	switch {
	case c == '\'' || c == '"' || c == '(' || c == '$' || c == '?' || c == ':' || isDigit(c):
		return true
	case isIdentStart(c):
		j := i
		for j < len(s) && isIdentChar(s[j]) {
			j++
		}
		switch strings.ToLower(s[i:j]) {
		case "and", "or", "then", "else", "end", "from", "where", "limit", "offset", "order",
			"group", "having", "as", "union", "intersect", "except", "returning", "on", "when",
			"for", "window", "fetch", "into", "using", "is", "not", "in", "like", "ilike":
			return false
		}
		return true
	}
	return false
}

// operator consumes an operator run starting at s[i], splitting off parameter markers that follow a
// comparison without a space (a=?, a=@name) and stopping before comments.
func (sc *scanner) operator(i int) int {
	s := sc.s
	start := i
	for i < len(s) && isOpChar(s[i]) {
		if i > start && (s[i] == '-' && i+1 < len(s) && s[i+1] == '-' || s[i] == '/' && i+1 < len(s) && s[i+1] == '*') {
			break
		}
		if i > start && s[i] == '@' && sc.namedAt(i) {
			break
		}
		if s[i] == '?' && sc.params && i > start && sc.questionIsParam(i, start) {
			break
		}
		i++
	}
	if i == start { // a lone character that begins a comment cannot reach here; be safe
		i++
	}
	sc.frames[len(sc.frames)-1].ops++
	sc.grow(1, start)
	sc.prev = prevOperator
	return i
}

func (sc *scanner) operand() { sc.prev = prevOperand }

func (sc *scanner) grow(n, at int) {
	sc.sum += n
	if sc.sum > maxNesting && sc.pieceBad < 0 {
		sc.markBad(at, "statement nested too deeply (more than "+strconv.Itoa(maxNesting)+" levels)")
	}
}

func (sc *scanner) markBad(at int, msg string) {
	if sc.pieceBad < 0 {
		sc.pieceBad = at
		sc.pieceMsg = msg
	}
}

func (sc *scanner) push(kind byte, at int) {
	sc.frames = append(sc.frames, frame{kind: kind})
	sc.grow(1, at)
}

func (sc *scanner) pop() {
	if len(sc.frames) <= 1 {
		return
	}
	f := sc.frames[len(sc.frames)-1]
	sc.sum -= 1 + f.ops + f.chain
	sc.frames = sc.frames[:len(sc.frames)-1]
}

// popTo pops frames up to and including the innermost one of kind.
func (sc *scanner) popTo(kind byte) {
	for len(sc.frames) > 1 {
		k := sc.frames[len(sc.frames)-1].kind
		sc.pop()
		if k == kind {
			return
		}
	}
}

func (sc *scanner) reset() {
	f := &sc.frames[len(sc.frames)-1]
	sc.sum -= f.ops
	f.ops = 0
}

// endPiece closes the current piece at s[end] (the semicolon or the end of the text).
func (sc *scanner) endPiece(end int) {
	if sc.hasNUL {
		// libpg_query takes a C string: a NUL byte would silently end the text.
		if k := strings.IndexByte(sc.s[sc.pieceFrom:end], 0); k >= 0 {
			sc.markBad(sc.pieceFrom+k, "NUL byte in SQL text")
		}
	}
	p := piece{start: sc.pieceFrom + sc.pieceDelta, end: end + sc.delta, badAt: sc.pieceBad, badMsg: sc.pieceMsg}
	if p.badAt >= 0 {
		sc.res.bad = true
	}
	sc.res.pieces = append(sc.res.pieces, p)
	sc.frames = sc.frames[:1]
	sc.frames[0] = frame{}
	sc.sum = 1
	sc.atomic = 0
	sc.pieceBad = -1
	sc.pieceMsg = ""
}
