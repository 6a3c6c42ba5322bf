package query

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// ParseError is SQL that libpg_query rejected (or that is nested too deeply to hand to it).
type ParseError struct {
	// Offset is the byte offset of the error in the text that was analyzed.
	Offset  int
	Message string
}

func (e *ParseError) Error() string { return e.Message }

// Line returns the 1-based line of the error in sql, the text that was analyzed.
func (e *ParseError) Line(sql string) int {
	l, _ := Position(sql, e.Offset)
	return l
}

// Column returns the 1-based column (in bytes, as go/token counts) of the error in sql.
func (e *ParseError) Column(sql string) int {
	_, c := Position(sql, e.Offset)
	return c
}

// Position converts a byte offset into sql to a 1-based line and a 1-based byte column.
func Position(sql string, offset int) (line, column int) {
	offset = clamp(offset, 0, len(sql))
	line = 1 + strings.Count(sql[:offset], "\n")
	column = offset - strings.LastIndexByte(sql[:offset], '\n')
	return line, column
}

// Analyze parses sql (one or more statements) and resolves what each touches against cat,
// which may be nil. Parameter markers ?, :name and @name are rewritten to $n first, leaving string
// literals, comments, dollar-quoted bodies, casts (::) and the ? and @ operators alone.
//
// When some statements cannot be parsed, Analyze still returns the others, with a
// *ParseError for the first failure, or several joined with errors.Join.
func Analyze(sql string, cat Catalog) ([]Statement, error) {
	sc := scan(sql, true)
	if !sc.bad {
		tree, err := pg_query.Parse(sc.text)
		if err == nil {
			return resolveAll(sc, tree.Stmts, 0, len(sc.text), cat)
		}
	}
	// Salvage: parse statement by statement, so one bad statement does not hide the rest.
	var stmts []Statement
	var errs []error
	for _, p := range sc.pieces {
		if p.badAt >= 0 {
			errs = append(errs, &ParseError{Offset: p.badAt, Message: p.badMsg})
			continue
		}
		text := sc.text[p.start:p.end]
		if blank(text) {
			continue
		}
		tree, err := pg_query.Parse(text)
		if err != nil {
			errs = append(errs, parseError(sc, p.start, text, err))
			continue
		}
		ss, err := resolveAll(sc, tree.Stmts, p.start, p.end, cat)
		stmts = append(stmts, ss...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return stmts, joinErrors(errs)
}

// Parse parses sql with libpg_query as pg_query.Parse does, parameter markers untouched, but first
// refuses what would crash or mislead it: nesting too deep for its C code, which recurses
// without a stack check, and a NUL byte, at which C would cut the text short. Errors are
// *ParseError, offsets in bytes into sql (libpg_query's cursor counts characters).
func Parse(sql string) (*pg_query.ParseResult, error) {
	sc := scan(sql, false)
	for _, p := range sc.pieces {
		if p.badAt >= 0 {
			return nil, &ParseError{Offset: p.badAt, Message: p.badMsg}
		}
	}
	tree, err := pg_query.Parse(sql)
	if err != nil {
		return nil, parseError(sc, 0, sql, err)
	}
	return tree, nil
}

// ParseErrors flattens what Analyze returns, one or several joined errors, into
// ParseErrors; an error of another type becomes one placed at the start.
func ParseErrors(err error) []*ParseError {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*ParseError
		for _, e := range j.Unwrap() {
			out = append(out, ParseErrors(e)...)
		}
		return out
	}
	var pe *ParseError
	if errors.As(err, &pe) {
		return []*ParseError{pe}
	}
	return []*ParseError{{Message: err.Error()}}
}

func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// parseError turns a libpg_query error on text (at offset base of the scanned text) into a
// ParseError on the original text.
func parseError(sc *scanned, base int, text string, err error) *ParseError {
	var pe *parser.Error
	if errors.As(err, &pe) {
		off := base
		if pe.Cursorpos > 0 {
			off = base + charOffset(text, pe.Cursorpos-1)
		} else {
			off = base + skipBlank(text, 0)
		}
		return &ParseError{Offset: sc.origOffset(off), Message: pe.Message}
	}
	msg := err.Error()
	if strings.Contains(msg, "recursion") {
		msg = "statement nested too deeply"
	}
	return &ParseError{Offset: sc.origOffset(base + skipBlank(text, 0)), Message: msg}
}

// charOffset converts a character count (PostgreSQL's error cursor counts characters) into a
// byte offset of s.
func charOffset(s string, chars int) int {
	i := 0
	for n := 0; n < chars && i < len(s); n++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// blank reports whether s holds nothing but white space and comments.
func blank(s string) bool { return skipBlank(s, 0) >= len(s) }

// skipBlank returns the offset of the first byte at or after i that is not white space or
// part of a comment.
func skipBlank(s string, i int) int {
	for i < len(s) {
		switch {
		case isSpace(s[i]):
			i++
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			i = skipBlockComment(s, i)
		default:
			return i
		}
	}
	return i
}

// resolveAll resolves parsed statements whose locations are relative to offset base of the
// scanned text; the parsed text ended at limit.
func resolveAll(sc *scanned, raws []*pg_query.RawStmt, base, limit int, cat Catalog) ([]Statement, error) {
	out := make([]Statement, 0, len(raws))
	var errs []error
	for _, raw := range raws {
		start := base + int(raw.StmtLocation)
		end := base + int(raw.StmtLocation+raw.StmtLen)
		if raw.StmtLen == 0 {
			end = limit // the last statement runs to the end of the text
		}
		start = skipBlank(sc.text[:max(end, start)], start) // comments and spaces are never rewritten
		ostart := sc.origOffset(start)
		oend := max(sc.origOffset(end), ostart)
		text := strings.TrimRight(sc.orig[ostart:oend], " \t\n\r\f\v")
		r := &resolver{cat: cat}
		st := r.statement(raw.Stmt)
		st.Text = text
		st.Offset = ostart
		if r.tooDeep {
			errs = append(errs, &ParseError{Offset: ostart, Message: "statement nested too deeply"})
			continue
		}
		out = append(out, st)
	}
	return out, joinErrors(errs)
}

// statement resolves one statement node into a Statement without text.
func (r *resolver) statement(n *pg_query.Node) Statement {
	cmd := r.stmt(n, nil)
	tables, unresolved := r.result()
	slices.Sort(r.sequences)
	return Statement{Command: cmd, Tables: tables, Unresolved: unresolved, Sequences: r.sequences}
}

// AnalyzeNode resolves one statement that was parsed already (a view's query, a rule's
// action). The result has no Text; Offset is 0. NEW and OLD are taken for the row variables of
// rules and triggers, not for tables.
func AnalyzeNode(n *pg_query.Node, cat Catalog) Statement {
	r := &resolver{cat: cat}
	return r.statement(n)
}
