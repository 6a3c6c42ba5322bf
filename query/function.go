package query

import (
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
)

// AnalyzeFunction resolves the body of CREATE FUNCTION or CREATE PROCEDURE: LANGUAGE sql
// (a string body, BEGIN ATOMIC or RETURN) statement by statement, LANGUAGE plpgsql through
// libpg_query's PL/pgSQL parser: every embedded statement and every expression that reads a
// table (assignments, conditions, RETURN QUERY, PERFORM, FOR ... IN query, cursors).
//
// Dynamic SQL (EXECUTE, RETURN QUERY EXECUTE, OPEN ... FOR EXECUTE) sets dynamic and is not
// guessed at; so does a body in any other language but C and internal, which may run any SQL.
// Parameters and variables are not columns. Offsets are into createFunctionSQL.
func AnalyzeFunction(createFunctionSQL string, cat Catalog) (stmts []Statement, dynamic bool, err error) {
	sc := scan(createFunctionSQL, false)
	for _, p := range sc.pieces {
		if p.badAt >= 0 {
			return nil, false, &ParseError{Offset: p.badAt, Message: p.badMsg}
		}
	}
	tree, err := pg_query.Parse(createFunctionSQL)
	if err != nil {
		return nil, false, parseError(sc, 0, createFunctionSQL, err)
	}
	var fn *pg_query.CreateFunctionStmt
	var base int
	text := createFunctionSQL
	for _, raw := range tree.Stmts {
		if f := raw.Stmt.GetCreateFunctionStmt(); f != nil {
			fn = f
			base = int(raw.StmtLocation)
			if raw.StmtLen > 0 {
				text = createFunctionSQL[:raw.StmtLocation+raw.StmtLen]
			}
			break
		}
	}
	if fn == nil {
		return nil, false, &ParseError{Offset: skipBlank(createFunctionSQL, 0), Message: "not a CREATE FUNCTION or CREATE PROCEDURE statement"}
	}

	lang := "sql"
	var body string
	hasBody := false
	bodyAt := -1
	for _, o := range fn.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "language":
			if s := d.Arg.GetString_(); s != nil {
				lang = strings.ToLower(s.Sval)
			}
		case "as":
			items := d.Arg.GetList().GetItems()
			if len(items) > 0 {
				if s := items[0].GetString_(); s != nil {
					body = s.Sval
					hasBody = true
				}
			}
			if d.ArgLocation >= 0 {
				bodyAt = int(d.ArgLocation)
			}
		}
	}

	vars := map[string]bool{}
	if len(fn.Funcname) > 0 {
		if s := fn.Funcname[len(fn.Funcname)-1].GetString_(); s != nil {
			vars[s.Sval] = true // fn.param
		}
	}
	for _, p := range fn.Parameters {
		if fp := p.GetFunctionParameter(); fp != nil && fp.Name != "" {
			vars[fp.Name] = true
		}
	}

	switch lang {
	case "sql":
		if fn.SqlBody != nil {
			return sqlBody(fn.SqlBody, base, createFunctionSQL, cat, vars), false, nil
		}
		if bodyAt < 0 {
			return nil, false, nil
		}
		lit := literalAt(createFunctionSQL, bodyAt)
		stmts, err := analyzeBody(body, lit, cat, vars)
		return stmts, false, err
	case "plpgsql":
		if !hasBody {
			// libpg_query asserts (and aborts the process) on a function without AS.
			return nil, false, &ParseError{Offset: skipBlank(createFunctionSQL, base), Message: "PL/pgSQL function without a body"}
		}
		// Only the first function: blank out what precedes it, so offsets stay put.
		src := strings.Repeat(" ", base) + text[base:]
		return plpgsql(src, body, literalAt(createFunctionSQL, max(bodyAt, 0)), cat, vars)
	case "c", "internal":
		return nil, false, nil
	}
	return nil, true, nil
}

// sqlBody resolves a BEGIN ATOMIC body or a RETURN expression.
func sqlBody(n *pg_query.Node, base int, src string, cat Catalog, vars map[string]bool) []Statement {
	var nodes []*pg_query.Node
	if l := n.GetList(); l != nil {
		for _, it := range l.Items {
			if inner := it.GetList(); inner != nil {
				nodes = append(nodes, inner.Items...)
			} else {
				nodes = append(nodes, it)
			}
		}
	} else {
		nodes = append(nodes, n)
	}
	var out []Statement
	for _, s := range nodes {
		r := &resolver{cat: cat, vars: vars}
		if rs := s.GetReturnStmt(); rs != nil {
			r.expr(rs.Returnval, nil)
			tables, unresolved := r.result()
			if len(tables) == 0 && len(unresolved) == 0 {
				continue
			}
			out = append(out, Statement{Command: "select", Tables: tables, Unresolved: unresolved, Offset: skipBlank(src, base)})
			continue
		}
		st := r.statement(s)
		st.Offset = skipBlank(src, base)
		out = append(out, st)
	}
	return out
}

// literal locates a string literal (a function body) in the source text, so offsets into its
// value map back to offsets into the source.
type literal struct {
	src     string
	content int   // offset in src of the value's first byte
	escapes []int // offsets into the value where a doubled quote was collapsed
}

// literalAt lexes the string literal starting at src[at] ('...', E'...' or $tag$...$tag$).
func literalAt(src string, at int) literal {
	at = clamp(at, 0, len(src))
	l := literal{src: src, content: at}
	if at < len(src) && (src[at] == 'e' || src[at] == 'E') && at+1 < len(src) && src[at+1] == '\'' {
		at++
	}
	if at >= len(src) {
		return l
	}
	switch src[at] {
	case '$':
		if end := dollarTag(src, at); end > 0 {
			l.content = end
		}
	case '\'':
		l.content = at + 1
		n := 0
		for i := at + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					l.escapes = append(l.escapes, n)
					i++
					n++
					continue
				}
				break
			}
			n++
		}
	}
	return l
}

// offset maps an offset into the literal's value to an offset into the source.
func (l literal) offset(v int) int {
	o := l.content + v
	for _, e := range l.escapes {
		if e < v {
			o++
		}
	}
	return clamp(o, 0, len(l.src))
}

// analyzeBody resolves the statements of a LANGUAGE sql string body.
func analyzeBody(body string, lit literal, cat Catalog, vars map[string]bool) ([]Statement, error) {
	sc := scan(body, false)
	for _, p := range sc.pieces {
		if p.badAt >= 0 {
			return nil, &ParseError{Offset: lit.offset(p.badAt), Message: p.badMsg}
		}
	}
	tree, err := pg_query.Parse(body)
	if err != nil {
		pe := parseError(sc, 0, body, err)
		pe.Offset = lit.offset(pe.Offset)
		return nil, pe
	}
	out := make([]Statement, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		start := int(raw.StmtLocation)
		end := start + int(raw.StmtLen)
		if raw.StmtLen == 0 {
			end = len(body)
		}
		start = skipBlank(body[:end], start)
		r := &resolver{cat: cat, vars: vars}
		st := r.statement(raw.Stmt)
		st.Text = strings.TrimRight(body[start:end], " \t\n\r\f\v")
		st.Offset = lit.offset(start)
		out = append(out, st)
	}
	return out, nil
}

// PL/pgSQL expression parse modes (RawParseMode in PostgreSQL).
const (
	parseDefault = 0 // a whole statement
	parseExpr    = 2 // an expression: SELECT <expr>
	parseAssign1 = 3 // var := expr
	parseAssign2 = 4 // var.field := expr
	parseAssign3 = 5 // var.field.field := expr
)

// plExpr is one SQL fragment of a PL/pgSQL function: a PLpgSQL_expr.
type plExpr struct {
	query string
	mode  int
	line  int
	dyn   bool // the query of an EXECUTE: SQL text, unknown unless constant
	exec  bool // the SQL of an EXECUTE of a constant string
}

// constant returns the SQL of an EXECUTE whose query is one string literal
// ('...', E'...' without escapes, or $tag$...$tag$).
func (e *plExpr) constant() (string, bool) {
	if !e.dyn {
		return "", false
	}
	q := strings.TrimSpace(e.query)
	if strings.HasPrefix(q, "$") {
		end := strings.Index(q[1:], "$")
		if end < 0 {
			return "", false
		}
		tag := q[:end+2]
		if len(q) >= 2*len(tag) && strings.HasSuffix(q, tag) && !strings.Contains(q[len(tag):len(q)-len(tag)], tag) {
			return q[len(tag) : len(q)-len(tag)], true
		}
		return "", false
	}
	if len(q) < 2 || q[0] != '\'' || skipQuoted(q, 0, '\'', false) != len(q) {
		return "", false
	}
	return strings.ReplaceAll(q[1:len(q)-1], "''", "'"), true
}

// plpgsql resolves a PL/pgSQL function from libpg_query's JSON rendering of it.
func plpgsql(src, body string, lit literal, cat Catalog, vars map[string]bool) ([]Statement, bool, error) {
	if bodyTooDeep(body) {
		return nil, false, &ParseError{Offset: lit.offset(0), Message: "function body nested too deeply"}
	}
	js, err := pg_query.ParsePlPgSqlToJSON(src)
	if err != nil {
		// PL/pgSQL errors carry no cursor, only "near line N" of the body in their context.
		at := skipBlank(body, 0)
		var pe *parser.Error
		if errors.As(err, &pe) {
			if n := nearLine(pe.Context); n > 0 {
				if lines := lineStarts(body); n <= len(lines) {
					at = skipBlank(body, lines[n-1])
				}
			}
		}
		return nil, false, &ParseError{Offset: lit.offset(at), Message: err.Error()}
	}
	exprs, dynamic, err := walkPlpgsql(js, vars)
	if err != nil {
		return nil, dynamic, &ParseError{Offset: lit.offset(0), Message: "reading the PL/pgSQL parse tree: " + err.Error()}
	}
	for _, v := range []string{"new", "old", "found", "tg_name", "tg_when", "tg_level", "tg_op", "tg_relid",
		"tg_relname", "tg_table_name", "tg_table_schema", "tg_nargs", "tg_argv", "sqlstate", "sqlerrm"} {
		vars[v] = true
	}
	lines := lineStarts(body)
	var out []Statement
	var errs []error
	for _, e := range exprs {
		q, prefix := plSQL(e)
		if q == "" {
			continue
		}
		at := locate(body, lines, e.line, e.query)
		sc := scan(q, false)
		var perr *ParseError
		for _, p := range sc.pieces {
			if p.badAt >= 0 {
				perr = &ParseError{Offset: lit.offset(at), Message: p.badMsg}
			}
		}
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		tree, err := pg_query.Parse(q)
		if err != nil {
			pe := parseError(sc, 0, q, err)
			pe.Offset = lit.offset(at + clamp(pe.Offset-prefix, 0, len(e.query)))
			errs = append(errs, pe)
			continue
		}
		for _, raw := range tree.Stmts {
			r := &resolver{cat: cat, vars: vars, varsFirst: true}
			st := r.statement(raw.Stmt)
			if e.exec && len(st.Tables) == 0 && len(st.Unresolved) == 0 {
				continue // EXECUTE 'SELECT 1': nothing to report
			}
			if e.mode != parseDefault {
				if len(st.Tables) == 0 && len(st.Unresolved) == 0 {
					continue // a plain expression: nothing to report
				}
				st.Command = "select"
			}
			st.Text = e.query
			st.Offset = lit.offset(at)
			out = append(out, st)
		}
	}
	// The JSON lists a loop's body before its query: put statements in the order written.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out, dynamic, joinErrors(errs)
}

// plSQL turns a PL/pgSQL expression into SQL libpg_query parses, and tells how many bytes it
// put before the original text.
func plSQL(e plExpr) (string, int) {
	switch e.mode {
	case parseDefault:
		return e.query, 0
	case parseAssign1, parseAssign2, parseAssign3:
		i := assignment(e.query)
		if i < 0 {
			return "", 0
		}
		return "SELECT " + e.query[i:], len("SELECT ") - i
	}
	return "SELECT " + e.query, len("SELECT ")
}

// assignment returns the offset of the expression in "target := expr" (or "target = expr").
func assignment(q string) int {
	depth := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '"' || c == '\'':
			i = skipQuoted(q, i, c, false) - 1
		case c == '[' || c == '(':
			depth++
		case c == ']' || c == ')':
			depth--
		case depth == 0 && c == ':' && i+1 < len(q) && q[i+1] == '=':
			return i + 2
		case depth == 0 && c == '=':
			return i + 1
		}
	}
	return -1
}

// walkPlpgsql streams the JSON of a PL/pgSQL function in document order, collecting its SQL
// expressions, its variable names and whether it runs dynamic SQL.
func walkPlpgsql(js string, vars map[string]bool) ([]plExpr, bool, error) {
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	type level struct {
		obj   bool
		key   string // the key whose value is being read (objects)
		line  int    // lineno of this object, if it has one
		expr  *plExpr
		isVar bool // a PLpgSQL_var, _rec or _row object: its refname is a variable
		// dynStmt: an EXECUTE or FOR ... IN EXECUTE statement; dynQuery: the
		// object holding its query expression (or RETURN QUERY EXECUTE's).
		dynStmt, dynQuery bool
	}
	var stack []level
	var out []plExpr
	dynamic := false
	line := func() int {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].line > 0 {
				return stack[i].line
			}
		}
		return 0
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, dynamic, err
		}
		var parentKey string
		if n := len(stack); n > 0 && stack[n-1].obj {
			parentKey = stack[n-1].key
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				lv := level{obj: true}
				switch parentKey {
				case "PLpgSQL_expr":
					lv.expr = &plExpr{line: line(), dyn: len(stack) > 0 && stack[len(stack)-1].dynQuery}
				case "PLpgSQL_var", "PLpgSQL_rec", "PLpgSQL_row":
					lv.isVar = true
				case "PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors":
					lv.dynStmt = true
				case "query":
					lv.dynQuery = len(stack) > 0 && stack[len(stack)-1].dynStmt
				case "dynquery":
					lv.dynQuery = true // RETURN QUERY EXECUTE, OPEN ... FOR EXECUTE
				}
				stack = append(stack, lv)
			case '[':
				stack = append(stack, level{})
			case '}', ']':
				if n := len(stack); n > 0 {
					if e := stack[n-1].expr; e != nil {
						if q, ok := e.constant(); ok {
							// EXECUTE of a constant string runs that SQL: read it.
							out = append(out, plExpr{query: q, mode: parseDefault, line: e.line, exec: true})
						} else if e.dyn {
							dynamic = true
						} else {
							out = append(out, *e)
						}
					}
					stack = stack[:n-1]
				}
				if n := len(stack); n > 0 && stack[n-1].obj {
					stack[n-1].key = ""
				}
			}
			continue
		}
		n := len(stack)
		if n == 0 {
			continue
		}
		top := &stack[n-1]
		if !top.obj {
			continue
		}
		if top.key == "" {
			if k, ok := tok.(string); ok {
				top.key = k
			}
			continue
		}
		// A scalar value for top.key.
		switch top.key {
		case "lineno":
			if num, ok := tok.(json.Number); ok {
				if v, err := num.Int64(); err == nil {
					top.line = int(v)
				}
			}
		case "query":
			if top.expr != nil {
				top.expr.query, _ = tok.(string)
			}
		case "parseMode":
			if top.expr != nil {
				if num, ok := tok.(json.Number); ok {
					if v, err := num.Int64(); err == nil {
						top.expr.mode = int(v)
					}
				}
			}
		case "refname":
			if s, ok := tok.(string); ok && top.isVar && !strings.HasPrefix(s, "(") {
				vars[strings.ToLower(s)] = true
			}
		}
		top.key = ""
	}
	if len(out) == 0 && !strings.Contains(js, "PLpgSQL_function") {
		return nil, false, errors.New("no PL/pgSQL function")
	}
	return out, dynamic, nil
}

// nearLine reads N from a PL/pgSQL error context "... near line N".
func nearLine(context string) int {
	i := strings.LastIndex(context, "near line ")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range context[i+len("near line "):] {
		if c < '0' || c > '9' || n > 1<<20 {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func lineStarts(s string) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// locate finds where a PL/pgSQL expression is written in the function body: the query text on
// or after its statement's line, else the first word of it, else the line itself.
func locate(body string, lines []int, line int, query string) int {
	from := 0
	if line >= 1 && line <= len(lines) {
		from = lines[line-1]
	}
	rest := body[from:]
	if limit := 2*len(query) + 4096; len(rest) > limit {
		rest = rest[:limit] // the text starts on its statement's line: look near it only
	}
	for _, q := range []string{query, strings.TrimPrefix(query, "SELECT ")} { // PERFORM x is SELECT x
		if i := strings.Index(q, "  "); i > 0 {
			q = q[:i] // SELECT ... INTO blanks the INTO clause out
		}
		if q == "" {
			continue
		}
		if k := strings.Index(rest, q); k >= 0 {
			return from + k
		}
	}
	return skipBlank(body, from)
}

// bodyTooDeep estimates the block nesting of a PL/pgSQL body (BEGIN, IF, LOOP, CASE against
// END) together with its expression nesting, before libpg_query is given it.
func bodyTooDeep(body string) bool {
	sc := scan(body, false)
	for _, p := range sc.pieces {
		if p.badAt >= 0 {
			return true
		}
	}
	depth := 0
	afterEnd := false
	i := 0
	for i < len(body) {
		c := body[i]
		switch {
		case c == '\'' || c == '"':
			i = skipQuoted(body, i, c, false)
		case c == '-' && i+1 < len(body) && body[i+1] == '-', c == '/' && i+1 < len(body) && body[i+1] == '*':
			i = skipBlank(body, i)
		case c == '$':
			end := dollarTag(body, i)
			if end < 0 {
				i++
				continue
			}
			k := strings.Index(body[end:], body[i:end])
			if k < 0 {
				return false
			}
			i = end + k + (end - i)
		case isIdentStart(c):
			j := i
			for j < len(body) && isIdentChar(body[j]) {
				j++
			}
			w := strings.ToLower(body[i:j])
			switch {
			case afterEnd && (w == "if" || w == "loop" || w == "case"):
				// END IF, END LOOP, END CASE close what END already counted
			case w == "begin" || w == "if" || w == "loop" || w == "case":
				depth++
				if depth > maxNesting/5 {
					return true
				}
			case w == "end":
				depth = max(depth-1, 0)
			}
			afterEnd = w == "end"
			i = j
		default:
			i++
		}
	}
	return false
}
