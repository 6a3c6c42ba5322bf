package sqlaccess

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/faultline/faultline/finding"
)

// sqlText is SQL recovered from Go source, with a map from each byte back to the
// source it came from, so that a parse error points into the Go file.
type sqlText struct {
	text string
	segs []segment
	// parameter markers is set when Sprintf verbs of values not known until run time
	// were replaced by parameter markers: a parse error then means the SQL is built at
	// run time (a table name from a variable), not that it is wrong.
	params bool
	// named is the named query of a query file the text is, or is built from;
	// template is set when the text may hold a query-file tool's placeholders
	// (%query%, %s, {{.X}}) that are filled in at run time.
	named    *finding.QueryRef
	template bool
}

// segment maps text[start:end] to its source: a string literal, from the byte
// litOff of its value on, or a single position when the bytes have no literal
// of their own (a constant of another package, a substituted verb).
type segment struct {
	start, end int
	lit        *ast.BasicLit
	litOff     int
	pos        token.Pos
}

// textBuilder concatenates sqlTexts.
type textBuilder struct {
	b        strings.Builder
	segs     []segment
	ph       bool
	named    *finding.QueryRef
	template bool
}

// opaque appends s, all of which maps to pos.
func (tb *textBuilder) opaque(s string, pos token.Pos) {
	if s == "" {
		return
	}
	n := tb.b.Len()
	tb.b.WriteString(s)
	tb.segs = append(tb.segs, segment{start: n, end: tb.b.Len(), pos: pos})
}

// slice appends t.text[from:to] with its mapping.
func (tb *textBuilder) slice(t sqlText, from, to int) {
	tb.ph = tb.ph || t.params
	tb.template = tb.template || t.template
	if tb.named == nil {
		tb.named = t.named
	}
	base := tb.b.Len()
	tb.b.WriteString(t.text[from:to])
	for _, s := range t.segs {
		lo, hi := max(s.start, from), min(s.end, to)
		if lo >= hi {
			continue
		}
		ns := s
		ns.start, ns.end = base+lo-from, base+hi-from
		if s.lit != nil {
			ns.litOff = s.litOff + lo - s.start
		}
		tb.segs = append(tb.segs, ns)
	}
}

func (tb *textBuilder) append(t sqlText) { tb.slice(t, 0, len(t.text)) }

func (tb *textBuilder) done() sqlText {
	return sqlText{text: tb.b.String(), segs: tb.segs, params: tb.ph, named: tb.named, template: tb.template}
}

// pos returns the source position of byte off of the text; fallback when the
// text maps nowhere.
func (t sqlText) pos(fset *token.FileSet, off int, fallback token.Pos) token.Pos {
	var seg *segment
	for i := range t.segs {
		s := &t.segs[i]
		if off >= s.start && off < s.end {
			seg = s
			break
		}
	}
	past := 0
	if seg == nil && len(t.segs) > 0 && off >= len(t.text) {
		// An error at the end of the text: point just past the last byte.
		seg = &t.segs[len(t.segs)-1]
		off, past = seg.end-1, 1
	}
	if seg == nil {
		return fallback
	}
	if seg.lit == nil {
		return seg.pos
	}
	offs := literalOffsets(seg.lit.Value)
	i := seg.litOff + off - seg.start
	if i < 0 || i >= len(offs) {
		return seg.lit.Pos()
	}
	p := seg.lit.Pos() + token.Pos(offs[i]+past)
	if f := fset.File(seg.lit.Pos()); f == nil || int(p) > f.Base()+f.Size() {
		return seg.lit.Pos()
	}
	return p
}

// literalOffsets maps each byte of a string literal's value to the offset, in
// the literal as written (quotes included), of the source it was decoded from.
func literalOffsets(raw string) []int {
	if len(raw) < 2 {
		return nil
	}
	body := raw[1 : len(raw)-1]
	var out []int
	if raw[0] == '`' {
		for i := 0; i < len(body); i++ {
			if body[i] == '\r' {
				// Carriage returns are dropped from raw strings.
				continue
			}
			out = append(out, 1+i)
		}
		return out
	}
	s := body
	for len(s) > 0 {
		at := 1 + len(body) - len(s)
		r, multibyte, tail, err := strconv.UnquoteChar(s, raw[0])
		if err != nil {
			break
		}
		n := 1
		if multibyte && r >= utf8.RuneSelf {
			n = utf8.RuneLen(r)
		}
		for range n {
			out = append(out, at)
		}
		s = tail
	}
	return out
}

// extractor recovers the SQL text of expressions in one package.
type extractor struct {
	info *types.Info
	// consts and vars map package-level constants and never-reassigned
	// variables to the expression they are initialized with.
	consts map[types.Object]ast.Expr
	vars   map[types.Object]ast.Expr
	// locals maps the local variables of the function being analyzed that are
	// assigned exactly once to that value.
	locals map[types.Object]ast.Expr
	// rewrites are the self-rewrites of those locals (strings.ReplaceAll of the
	// variable into itself), in source order.
	rewrites map[types.Object][]*ast.CallExpr
	depth    int
	// queries finds a named query of the project's query files, nil when the
	// analyzer has no configuration directory to look in.
	queries func(name string) (finding.QueryRef, string, bool)
	// a is the analyzer, for the ORM models and builders; bound maps the
	// parameters of a function being inlined to their arguments' text.
	a     *analyzer
	bound map[types.Object]sqlText
}

// eval returns the SQL text of e, or false when it is not known before run time.
func (x *extractor) eval(e ast.Expr) (sqlText, bool) {
	if x.depth > 64 {
		return sqlText{}, false
	}
	x.depth++
	defer func() { x.depth-- }()

	tv := x.info.Types[e]
	if tv.Value != nil && tv.Value.Kind() == constant.String {
		// A constant: its value is exact; the structure only maps positions.
		value := constant.StringVal(tv.Value)
		if t, ok := x.structure(e); ok && t.text == value {
			return t, true
		}
		var tb textBuilder
		tb.opaque(value, e.Pos())
		return tb.done(), true
	}
	return x.structure(e)
}

// structure evaluates e from its form: literals, constants, concatenation,
// fmt.Sprintf, strings.Join and variables initialized once with any of these.
func (x *extractor) structure(e ast.Expr) (sqlText, bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return x.eval(e.X)
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return sqlText{}, false
		}
		v, err := strconv.Unquote(e.Value)
		if err != nil {
			return sqlText{}, false
		}
		return sqlText{text: v, segs: []segment{{start: 0, end: len(v), lit: e}}}, true
	case *ast.Ident:
		return x.object(x.info.Uses[e])
	case *ast.SelectorExpr:
		if t, ok, tagged := x.taggedField(e); tagged {
			return t, ok
		}
		return x.object(x.info.Uses[e.Sel])
	case *ast.IndexExpr:
		return x.lookup(e)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return sqlText{}, false
		}
		l, ok := x.eval(e.X)
		if !ok {
			return sqlText{}, false
		}
		r, ok := x.eval(e.Y)
		if !ok {
			return sqlText{}, false
		}
		var tb textBuilder
		tb.append(l)
		tb.append(r)
		return tb.done(), true
	case *ast.CallExpr:
		switch calleeName(x.info, e) {
		case "fmt.Sprintf":
			return x.sprintf(e)
		case "strings.Join":
			return x.join(e)
		case "strings.ReplaceAll", "strings.Replace":
			return x.replace(e)
		}
		if t, ok := x.namedCall(e); ok {
			return t, true
		}
		if fn, ok := typeutil.Callee(x.info, e).(*types.Func); ok && fn.Name() == "Rebind" &&
			fn.Pkg() != nil && fn.Pkg().Path() == pkgSqlx && len(e.Args) > 0 {
			// sqlx's Rebind only rewrites the markers: its SQL is its last argument's.
			return x.eval(e.Args[len(e.Args)-1])
		}
		if t, ok := x.builderText(e); ok {
			return t, true
		}
		return x.inline(e)
	}
	return sqlText{}, false
}

// object evaluates a constant or a variable initialized once.
func (x *extractor) object(obj types.Object) (sqlText, bool) {
	var init ast.Expr
	switch obj.(type) {
	case *types.Const:
		init = x.consts[obj]
	case *types.Var:
		if t, ok := x.bound[obj]; ok {
			return t, true
		}
		init = x.locals[obj]
		if init == nil {
			init = x.vars[obj]
		}
	}
	if init == nil {
		return sqlText{}, false
	}
	t, ok := x.eval(init)
	for _, call := range x.rewrites[obj] {
		if !ok {
			break
		}
		t, ok = x.replaceOn(t, call)
	}
	return t, ok
}

// calleeName returns "pkg.Func" for a call of a package-level function.
func calleeName(info *types.Info, call *ast.CallExpr) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// sprintf evaluates fmt.Sprintf with a known format. A verb whose argument is
// known takes its value; one whose argument is not becomes a parameter marker.
func (x *extractor) sprintf(call *ast.CallExpr) (sqlText, bool) {
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return sqlText{}, false
	}
	format, ok := x.eval(call.Args[0])
	if !ok {
		return sqlText{}, false
	}
	args := call.Args[1:]
	var tb textBuilder
	f := format.text
	next, n := 0, 0
	last := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		tb.slice(format, last, i)
		j := i + 1
		// Flags, width, precision and explicit argument indexes.
		for j < len(f) && strings.IndexByte("+-# 0123456789.*[]", f[j]) >= 0 {
			if f[j] == '*' {
				next++
			}
			if f[j] == '[' {
				k := strings.IndexByte(f[j:], ']')
				if k < 0 {
					return sqlText{}, false
				}
				idx, err := strconv.Atoi(f[j+1 : j+k])
				if err != nil || idx < 1 {
					return sqlText{}, false
				}
				next = idx - 1
				j += k
			}
			j++
		}
		if j >= len(f) {
			return sqlText{}, false
		}
		verb, size := utf8.DecodeRuneInString(f[j:])
		last = j + size
		i = last - 1
		if verb == '%' {
			tb.slice(format, j, j+1)
			continue
		}
		if next >= len(args) {
			return sqlText{}, false
		}
		arg := args[next]
		next++
		if s, ok := x.formatArg(arg, verb); ok {
			tb.append(s)
			continue
		}
		n++
		tb.opaque("$"+strconv.Itoa(n), arg.Pos())
		tb.ph = true
	}
	tb.slice(format, last, len(f))
	return tb.done(), true
}

// formatArg renders a known Sprintf argument as the verb would.
func (x *extractor) formatArg(arg ast.Expr, verb rune) (sqlText, bool) {
	if tv := x.info.Types[arg]; tv.Value != nil && tv.Value.Kind() != constant.String {
		var s string
		switch tv.Value.Kind() {
		case constant.Int:
			if verb != 'd' && verb != 'v' {
				return sqlText{}, false
			}
			s = tv.Value.ExactString()
		case constant.Bool:
			if verb != 't' && verb != 'v' {
				return sqlText{}, false
			}
			s = tv.Value.String()
		default:
			return sqlText{}, false
		}
		var tb textBuilder
		tb.opaque(s, arg.Pos())
		return tb.done(), true
	}
	t, ok := x.eval(arg)
	if !ok {
		return sqlText{}, false
	}
	switch verb {
	case 's', 'v':
		return t, true
	case 'q':
		var tb textBuilder
		tb.opaque(strconv.Quote(t.text), arg.Pos())
		return tb.done(), true
	}
	return sqlText{}, false
}

// join evaluates strings.Join of a slice of known strings with a known separator.
func (x *extractor) join(call *ast.CallExpr) (sqlText, bool) {
	if len(call.Args) != 2 {
		return sqlText{}, false
	}
	sep, ok := x.eval(call.Args[1])
	if !ok {
		return sqlText{}, false
	}
	elems, ok := x.sliceElems(call.Args[0])
	if !ok {
		return sqlText{}, false
	}
	var tb textBuilder
	for i, el := range elems {
		if i > 0 {
			tb.append(sep)
		}
		t, ok := x.eval(el)
		if !ok {
			return sqlText{}, false
		}
		tb.append(t)
	}
	return tb.done(), true
}

// sliceElems returns the elements of a slice literal, directly or through a
// variable initialized once with one.
func (x *extractor) sliceElems(e ast.Expr) ([]ast.Expr, bool) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		obj := x.info.Uses[id]
		init := x.locals[obj]
		if init == nil {
			init = x.vars[obj]
		}
		if init == nil {
			return nil, false
		}
		e = ast.Unparen(init)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	for _, el := range lit.Elts {
		if _, ok := el.(*ast.KeyValueExpr); ok {
			return nil, false
		}
	}
	return lit.Elts, true
}
