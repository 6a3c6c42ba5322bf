package sqlaccess

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// inline evaluates a call of a function of this package that assembles SQL from
// constants and its string parameters (func selectFrom(t string) string { return
// "SELECT name FROM " + t }): its one return, with each parameter bound to the
// text of the argument at this call. A parameter whose argument is not known
// before run time leaves the result unknown too.
func (x *extractor) inline(call *ast.CallExpr) (sqlText, bool) {
	if x.a == nil || call.Ellipsis.IsValid() {
		return sqlText{}, false
	}
	obj, ok := typeutil.Callee(x.info, call).(*types.Func)
	if !ok || obj.Pkg() == nil {
		return sqlText{}, false
	}
	if obj.Pkg() != x.a.pass.Pkg {
		return x.importedSQL(call, obj)
	}
	fn := x.a.funcs[obj.Origin()]
	if fn == nil || fn.typ == nil {
		return sqlText{}, false
	}
	ret := singleReturn(fn.body)
	if ret == nil || len(ret.Results) == 0 {
		return sqlText{}, false
	}
	// The arguments are evaluated where they are written, in the caller.
	bound := map[types.Object]sqlText{}
	i := 0
	for _, field := range fn.typ.Params.List {
		for _, name := range fieldNames(field) {
			if i >= len(call.Args) {
				return sqlText{}, false
			}
			arg := call.Args[i]
			i++
			p := x.a.pass.TypesInfo.Defs[name]
			if p == nil || !isString(p.Type()) {
				continue
			}
			if t, ok := x.eval(arg); ok {
				bound[p] = t
			}
		}
	}
	savedLocals, savedRewrites, savedBound := x.locals, x.rewrites, x.bound
	x.locals, x.rewrites = singleAssignments(x.info, fn.body)
	x.bound = bound
	defer func() { x.locals, x.rewrites, x.bound = savedLocals, savedRewrites, savedBound }()
	return x.eval(ret.Results[0])
}

// fieldNames returns the names of a parameter field; an unnamed parameter has
// one placeholder name so that arguments stay aligned.
func fieldNames(f *ast.Field) []*ast.Ident {
	if len(f.Names) == 0 {
		return []*ast.Ident{ast.NewIdent("_")}
	}
	return f.Names
}

// singleReturn returns the one return statement of a function body (function
// literals inside it aside), nil when it has none or several.
func singleReturn(body ast.Node) *ast.ReturnStmt {
	var ret *ast.ReturnStmt
	n := 0
	ast.Inspect(body, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ret = node
			n++
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return ret
}

// SQLFunc is the fact an exported function exports when its one return assembles
// SQL from constants and its string parameters: its callers in other packages
// evaluate it with their arguments, as inline does in the package.
type SQLFunc struct {
	// Parts are the pieces of the result, in order: text, or the parameter of
	// index Param (Param >= 0).
	Parts []SQLPart
	// Params is set when a value not known before run time became a parameter
	// marker (a Sprintf verb of a non-constant argument).
	Params bool
}

// SQLPart is one piece of an SQLFunc's result.
type SQLPart struct {
	Text  string
	Param int
}

// AFact marks SQLFunc as a go/analysis fact.
func (*SQLFunc) AFact() {}

func (f *SQLFunc) String() string {
	var b strings.Builder
	for _, p := range f.Parts {
		if p.Param >= 0 {
			fmt.Fprintf(&b, "{%d}", p.Param)
			continue
		}
		b.WriteString(p.Text)
	}
	return "sqlfunc " + strconv.Quote(b.String())
}

// sentinel marks where parameter i lands in the text of a function's result.
func sentinel(i int) string { return "\x00faultline-param-" + strconv.Itoa(i) + "\x00" }

// exportSQLFuncs exports an SQLFunc fact for each exported function of the
// package whose result is SQL assembled from constants and string parameters.
func (a *analyzer) exportSQLFuncs() {
	for obj, fn := range a.funcs {
		if !obj.Exported() || fn.typ == nil {
			continue
		}
		if f := a.sqlFuncOf(fn); f != nil {
			a.pass.ExportObjectFact(obj, f)
		}
	}
}

// sqlFuncOf evaluates a function's one return with each string parameter bound
// to a sentinel, and cuts the text at the sentinels.
func (a *analyzer) sqlFuncOf(fn *function) *SQLFunc {
	sig, _ := fn.obj.Type().(*types.Signature)
	if sig == nil || sig.Results().Len() == 0 || !isString(sig.Results().At(0).Type()) {
		return nil
	}
	ret := singleReturn(fn.body)
	if ret == nil || len(ret.Results) == 0 {
		return nil
	}
	bound := map[types.Object]sqlText{}
	i := 0
	for _, field := range fn.typ.Params.List {
		for _, name := range fieldNames(field) {
			if p := a.pass.TypesInfo.Defs[name]; p != nil && isString(p.Type()) {
				var tb textBuilder
				tb.opaque(sentinel(i), name.Pos())
				bound[p] = tb.done()
			}
			i++
		}
	}
	x := a.x
	savedLocals, savedRewrites, savedBound := x.locals, x.rewrites, x.bound
	x.locals, x.rewrites = singleAssignments(x.info, fn.body)
	x.bound = bound
	t, ok := x.eval(ret.Results[0])
	x.locals, x.rewrites, x.bound = savedLocals, savedRewrites, savedBound
	if !ok {
		return nil
	}
	f := &SQLFunc{Params: t.params}
	usesParam := false
	rest := t.text
	for rest != "" {
		at := strings.Index(rest, "\x00faultline-param-")
		if at < 0 {
			f.Parts = append(f.Parts, SQLPart{Text: rest, Param: -1})
			break
		}
		if at > 0 {
			f.Parts = append(f.Parts, SQLPart{Text: rest[:at], Param: -1})
		}
		rest = rest[at+len("\x00faultline-param-"):]
		end := strings.IndexByte(rest, 0)
		n, err := strconv.Atoi(rest[:max(end, 0)])
		if end < 0 || err != nil {
			return nil
		}
		f.Parts = append(f.Parts, SQLPart{Param: n})
		usesParam = true
		rest = rest[end+1:]
	}
	// A function returning a name or a word is no SQL of its own.
	if !usesParam && !looksLikeStatement(t.text) {
		return nil
	}
	return f
}

// looksLikeStatement reports whether text starts with a keyword of a statement.
func looksLikeStatement(text string) bool {
	f := strings.Fields(text)
	if len(f) == 0 {
		return false
	}
	switch strings.ToUpper(f[0]) {
	case "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "COPY", "TRUNCATE":
		return true
	}
	return false
}

// importedSQL evaluates a call of another package's function through its
// SQLFunc fact, with the call's arguments.
func (x *extractor) importedSQL(call *ast.CallExpr, obj *types.Func) (sqlText, bool) {
	var f SQLFunc
	if !x.a.pass.ImportObjectFact(obj.Origin(), &f) {
		return sqlText{}, false
	}
	var tb textBuilder
	for _, p := range f.Parts {
		if p.Param < 0 {
			tb.opaque(p.Text, call.Pos())
			continue
		}
		if p.Param >= len(call.Args) {
			return sqlText{}, false
		}
		t, ok := x.eval(call.Args[p.Param])
		if !ok {
			return sqlText{}, false
		}
		tb.append(t)
	}
	tb.ph = tb.ph || f.Params
	return tb.done(), true
}
