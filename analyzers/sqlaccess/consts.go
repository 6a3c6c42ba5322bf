package sqlaccess

import (
	"go/ast"
	"go/types"

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
	if !ok || obj.Pkg() != x.a.pass.Pkg {
		return sqlText{}, false
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
	savedLocals, savedBound := x.locals, x.bound
	x.locals = singleAssignments(x.info, fn.body)
	x.bound = bound
	defer func() { x.locals, x.bound = savedLocals, savedBound }()
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
