package sqlaccess

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
)

// function is one function of the package being analyzed, or the initializers
// of a package-level var declaration (obj nil).
type function struct {
	obj  *types.Func
	typ  *ast.FuncType
	recv *ast.FieldList
	body ast.Node

	done, busy bool
	helper     *Helper
	// owner owns the file declaring the function; test is set for test code.
	owner config.Owner
	test  bool
}

// scope is one transaction: from the call that begins it to the statements run
// on it in the same function, helpers handed it included.
type scope struct {
	pos   token.Pos
	stmts []query.Statement
}

// conn says what a statement runs on, as far as transactions and facts care.
type conn struct {
	scope *scope
	param int // index of the function's parameter, -1 when not one
	recv  bool
}

var noConn = conn{param: -1}

// walker analyzes one function.
type walker struct {
	a      *analyzer
	fn     *function
	name   string
	params map[types.Object]int
	recv   types.Object
	// txs maps the variables holding a transaction, or something built on one
	// (sqlc's q.WithTx(tx)), to its scope.
	txs    map[types.Object]*scope
	scopes []*scope
	// batches maps a pgx.Batch variable to what it is sent on; queued holds the
	// statements queued on each until then.
	batches map[types.Object]conn
	queued  map[types.Object][]queuedStmt
}

type queuedStmt struct {
	pos   token.Pos
	stmts []query.Statement
	query *finding.QueryRef
}

// analyze walks one function once; a call to a function of the same package
// walks the callee first, so its Helper is known. Recursion stops the walk.
func (a *analyzer) analyze(fn *function) *Helper {
	if fn.done || fn.busy {
		return fn.helper
	}
	fn.busy = true
	savedOwner, savedTest := a.owner, a.test
	a.owner, a.test = fn.owner, fn.test
	defer func() {
		fn.busy, fn.done = false, true
		a.owner, a.test = savedOwner, savedTest
	}()

	w := &walker{
		a: a, fn: fn,
		params:  map[types.Object]int{},
		txs:     map[types.Object]*scope{},
		batches: map[types.Object]conn{},
		queued:  map[types.Object][]queuedStmt{},
	}
	fn.helper = &Helper{}
	w.name = a.pass.Pkg.Name()
	if fn.obj != nil {
		w.name = helperName(fn.obj)
	}
	if fn.typ != nil {
		i := 0
		for _, field := range fn.typ.Params.List {
			if len(field.Names) == 0 {
				i++
				continue
			}
			for _, name := range field.Names {
				if obj := a.pass.TypesInfo.Defs[name]; obj != nil {
					w.params[obj] = i
				}
				i++
			}
		}
	}
	if fn.recv != nil && len(fn.recv.List) == 1 && len(fn.recv.List[0].Names) == 1 {
		w.recv = a.pass.TypesInfo.Defs[fn.recv.List[0].Names[0]]
	}

	saved, savedRewrites := a.x.locals, a.x.rewrites
	a.x.locals, a.x.rewrites = singleAssignments(a.pass.TypesInfo, fn.body)
	defer func() { a.x.locals, a.x.rewrites = saved, savedRewrites }()

	w.findScopes()
	ast.Inspect(fn.body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			w.call(call)
		}
		return true
	})
	w.flushBatches()
	for _, s := range w.scopes {
		w.crossTransaction(s, "")
	}

	fn.helper.sort()
	// Only an exported function or method can be called from another package.
	if fn.obj != nil && fn.obj.Exported() && !fn.helper.empty() {
		a.pass.ExportObjectFact(fn.obj, fn.helper)
	}
	return fn.helper
}

// singleAssignments maps each local variable assigned exactly once, by its
// declaration, to the value it is given. Rewrites of a variable by itself
// (stmt = strings.ReplaceAll(stmt, "%order%", order)) do not count as
// assignments: they are returned apart, in source order, to be applied to the
// value.
func singleAssignments(info *types.Info, body ast.Node) (map[types.Object]ast.Expr, map[types.Object][]*ast.CallExpr) {
	init := map[types.Object]ast.Expr{}
	count := map[types.Object]int{}
	rewrites := map[types.Object][]*ast.CallExpr{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if obj, call := selfRewrite(info, n); call != nil {
				rewrites[obj] = append(rewrites[obj], call)
				return true
			}
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				obj := info.Defs[id]
				if obj == nil {
					obj = info.Uses[id]
				}
				if obj == nil {
					continue
				}
				count[obj]++
				switch {
				case n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs):
					init[obj] = n.Rhs[i]
				case n.Tok == token.DEFINE && i == 0 && len(n.Rhs) == 1:
					// q, err := dot.Raw("name"), q, args, err := b.ToSql(): the first
					// result of a call.
					init[obj] = n.Rhs[0]
				}
			}
			return true
		case *ast.ValueSpec:
			for i, id := range n.Names {
				obj := info.Defs[id]
				if obj == nil {
					continue
				}
				count[obj]++
				if len(n.Values) == len(n.Names) {
					init[obj] = n.Values[i]
				}
			}
			return true
		}
		for _, id := range assignedIdents(n) {
			if obj := info.Uses[id]; obj != nil {
				count[obj] += 2
			}
		}
		return true
	})
	for obj := range init {
		if count[obj] != 1 {
			delete(init, obj)
		}
	}
	for obj := range rewrites {
		if init[obj] == nil {
			delete(rewrites, obj)
		}
	}
	return init, rewrites
}

// selfRewrite recognizes v = strings.ReplaceAll(v, old, new) and
// v = strings.Replace(v, old, new, n).
func selfRewrite(info *types.Info, n *ast.AssignStmt) (types.Object, *ast.CallExpr) {
	if n.Tok != token.ASSIGN || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
		return nil, nil
	}
	id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
	if !ok || len(call.Args) < 3 {
		return nil, nil
	}
	if name := calleeName(info, call); name != "strings.ReplaceAll" && name != "strings.Replace" {
		return nil, nil
	}
	arg, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	obj := info.Uses[id]
	if !ok || obj == nil || info.Uses[arg] != obj {
		return nil, nil
	}
	return obj, call
}

// findScopes finds where transactions begin and which variables carry them, in
// source order, so a variable is known before it is used.
func (w *walker) findScopes() {
	info := w.a.pass.TypesInfo
	bind := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		obj := info.Defs[id]
		if obj == nil {
			obj = info.Uses[id]
		}
		if obj == nil {
			return
		}
		if s := w.begins(rhs); s != nil {
			w.txs[obj] = s
			return
		}
		if s := w.carries(rhs); s != nil {
			w.txs[obj] = s
		}
	}
	ast.Inspect(w.fn.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			switch {
			case len(n.Lhs) == len(n.Rhs):
				for i := range n.Lhs {
					bind(n.Lhs[i], n.Rhs[i])
				}
			case len(n.Rhs) == 1:
				// tx, err := db.BeginTx(ctx, nil)
				bind(n.Lhs[0], n.Rhs[0])
			}
		case *ast.ValueSpec:
			switch {
			case len(n.Values) == len(n.Names):
				for i := range n.Names {
					bind(n.Names[i], n.Values[i])
				}
			case len(n.Values) == 1:
				bind(n.Names[0], n.Values[0])
			}
		case *ast.CallExpr:
			w.callbackScope(n)
		}
		return true
	})
}

// begins returns a new scope when e begins a transaction: a call returning a
// transaction type (db.BeginTx, sqlx's MustBegin, a beginTx helper of the
// code's own). Beginning one on a transaction (pgx's nested savepoint) stays in
// the outer scope.
func (w *walker) begins(e ast.Expr) *scope {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	sig, ok := w.a.pass.TypesInfo.TypeOf(call.Fun).(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !isTxType(sig.Results().At(0).Type()) {
		return nil
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if c := w.classify(sel.X); c.scope != nil {
			return c.scope
		}
	}
	for _, arg := range call.Args {
		if c := w.classify(arg); c.scope != nil {
			return c.scope
		}
	}
	s := &scope{pos: call.Pos()}
	w.scopes = append(w.scopes, s)
	return s
}

// carries returns the scope of a transaction e is built on: the transaction
// itself, a call handed it (sqlc's New(tx), q.WithTx(tx)) or a struct holding it.
func (w *walker) carries(e ast.Expr) *scope {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.Ident:
		return w.txs[w.a.pass.TypesInfo.Uses[e]]
	case *ast.CallExpr:
		// Only something that can run SQL carries the transaction, not an error
		// or a result.
		if t := w.a.pass.TypesInfo.TypeOf(e); t == nil || isErrorOrBasic(t) {
			return nil
		}
		for _, arg := range e.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
				if s := w.txs[w.a.pass.TypesInfo.Uses[id]]; s != nil {
					return s
				}
			}
		}
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if id, ok := ast.Unparen(el).(*ast.Ident); ok {
				if s := w.txs[w.a.pass.TypesInfo.Uses[id]]; s != nil {
					return s
				}
			}
		}
	}
	return nil
}

// isErrorOrBasic reports whether t is an error, a basic type, or a tuple of them.
func isErrorOrBasic(t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		return tup.Len() == 0 || isErrorOrBasic(tup.At(0).Type())
	}
	if _, ok := t.Underlying().(*types.Basic); ok {
		return true
	}
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// callbackScope handles a call handed a function literal that takes a
// transaction (pgx.BeginFunc, a WithTx(ctx, func(tx *sql.Tx) error) helper): the
// transaction begins at the call and the literal's parameter carries it.
func (w *walker) callbackScope(call *ast.CallExpr) {
	for _, arg := range call.Args {
		lit, ok := ast.Unparen(arg).(*ast.FuncLit)
		if !ok {
			continue
		}
		for _, field := range lit.Type.Params.List {
			if !isTxType(w.a.pass.TypesInfo.TypeOf(field.Type)) {
				continue
			}
			var s *scope
			for _, name := range field.Names {
				obj := w.a.pass.TypesInfo.Defs[name]
				if obj == nil {
					continue
				}
				if s == nil {
					s = &scope{pos: call.Pos()}
					w.scopes = append(w.scopes, s)
				}
				w.txs[obj] = s
			}
		}
	}
}

// classify says what the connection expression e is: a transaction of this
// function, one of its parameters, or something its receiver holds.
func (w *walker) classify(e ast.Expr) conn {
	id := rootIdent(e)
	if id == nil {
		return noConn
	}
	obj := w.a.pass.TypesInfo.Uses[id]
	if obj == nil {
		return noConn
	}
	if s := w.txs[obj]; s != nil {
		return conn{scope: s, param: -1}
	}
	if i, ok := w.params[obj]; ok {
		return conn{param: i}
	}
	if obj == w.recv {
		return conn{param: -1, recv: true}
	}
	return noConn
}

// rootIdent returns the variable an expression such as q.db or (*p).tx starts from.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.ParenExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// callee resolves what a call calls: a function or method, statically or through
// a local variable assigned once with one, and the receiver expression of a
// method call (nil for a function).
func (w *walker) callee(call *ast.CallExpr) (*types.Func, ast.Expr) {
	info := w.a.pass.TypesInfo
	fun := ast.Unparen(call.Fun)
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		if sel, ok := fun.(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
				return fn, sel.X
			}
		}
		return fn, nil
	}
	// A function value known statically: f := store.LoadProduct; f(...).
	id, ok := fun.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	init := w.a.x.locals[info.Uses[id]]
	if init == nil {
		init = w.a.x.vars[info.Uses[id]]
	}
	switch v := ast.Unparen(init).(type) {
	case *ast.Ident:
		if fn, ok := info.Uses[v].(*types.Func); ok {
			return fn, nil
		}
	case *ast.SelectorExpr:
		fn, ok := info.Uses[v.Sel].(*types.Func)
		if !ok {
			return nil, nil
		}
		if s := info.Selections[v]; s != nil {
			if s.Kind() != types.MethodVal {
				// A method expression takes its receiver as the first argument.
				return nil, nil
			}
			return fn, v.X
		}
		return fn, nil
	}
	return nil, nil
}

// call handles one call of the function: SQL issued, a helper called, a batch
// sent, a function run as a transaction's callback.
func (w *walker) call(call *ast.CallExpr) {
	fn, recv := w.callee(call)
	w.callbackFunc(call)
	// A call of a function value nobody can know, or a builtin, issues nothing.
	if fn == nil {
		return
	}
	key := funcKey(fn)
	if p, ok := driverMethods[key]; ok {
		w.driverCall(call, fn, recv, p)
		return
	}
	if p, ok := driverFuncs[key]; ok {
		w.driverCall(call, fn, nil, p)
		return
	}
	if w.ormCall(call, fn) {
		return
	}
	if strings.HasSuffix(key, ".SendBatch") && len(call.Args) == 2 && recv != nil {
		// tx.SendBatch(ctx, b): what b queued runs on tx.
		if id, ok := ast.Unparen(call.Args[1]).(*ast.Ident); ok {
			if obj := w.a.pass.TypesInfo.Uses[id]; obj != nil {
				w.batches[obj] = w.classify(recv)
			}
		}
		return
	}
	if arg, ok := w.a.sqlFuncs[key]; ok {
		w.sqlCall(call, arg, w.anyConn(call, recv))
		return
	}
	// A named query run by name or as a prepared statement.
	if recv != nil && (w.dotsqlCall(call, fn, recv) || w.stmtCall(call, fn, recv)) {
		return
	}
	if recv != nil && isInterface(recv, w.a.pass.TypesInfo) {
		// A method of an interface shaped like a driver's: sqlc's DBTX, a local
		// querier that a *sql.DB or pgx.Tx satisfies.
		if p := matchShape(fn); p != nil {
			w.driverCall(call, fn, recv, p)
		}
		return
	}
	h := w.helperOf(fn)
	// A function that issues no SQL is no helper.
	if h == nil {
		return
	}
	if h.SQLArg > 0 {
		c := noConn
		if h.SQLConn > 0 && h.SQLConn-1 < len(call.Args) {
			c = w.classify(call.Args[h.SQLConn-1])
		} else if recv != nil {
			c = w.classify(recv)
		}
		w.sqlCall(call, h.SQLArg-1, c)
	}
	via := helperName(fn)
	for _, hs := range h.Stmts {
		c := noConn
		switch {
		case hs.Param >= 0 && hs.Param < len(call.Args):
			c = w.classify(call.Args[hs.Param])
		case hs.Recv && recv != nil:
			c = w.classify(recv)
		}
		w.issue(call.Pos(), []query.Statement{hs.Stmt}, c, hs.Own, via, hs.Query)
	}
	for _, tx := range h.Txs {
		// A transaction the helper begins, which its callers answer for.
		w.crossTransaction(&scope{pos: call.Pos(), stmts: tx.Stmts}, via)
	}
}

// callbackFunc handles a named function handed to a call as a callback taking a
// transaction (pgx.BeginFunc(ctx, pool, store.Save)): what it runs on that
// parameter runs in a transaction begun at the call.
func (w *walker) callbackFunc(call *ast.CallExpr) {
	info := w.a.pass.TypesInfo
	for _, arg := range call.Args {
		var fn *types.Func
		switch v := ast.Unparen(arg).(type) {
		case *ast.Ident:
			fn, _ = info.Uses[v].(*types.Func)
		case *ast.SelectorExpr:
			fn, _ = info.Uses[v.Sel].(*types.Func)
		}
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		txParam := -1
		for i := range sig.Params().Len() {
			if isTxType(sig.Params().At(i).Type()) {
				txParam = i
				break
			}
		}
		if txParam < 0 {
			continue
		}
		h := w.helperOf(fn)
		if h == nil {
			continue
		}
		s := &scope{pos: call.Pos()}
		w.scopes = append(w.scopes, s)
		for _, hs := range h.Stmts {
			if hs.Param == txParam {
				s.stmts = append(s.stmts, hs.Stmt)
			}
		}
	}
}

// helperOf returns the Helper of a function: walked now when it is of this
// package, imported as a fact otherwise.
func (w *walker) helperOf(fn *types.Func) *Helper {
	if fn.Pkg() == w.a.pass.Pkg {
		f := w.a.funcs[fn.Origin()]
		if f == nil {
			return nil
		}
		h := w.a.analyze(f)
		if h == nil || h.empty() {
			return nil
		}
		return h
	}
	h := new(Helper)
	if !w.a.pass.ImportObjectFact(fn.Origin(), h) {
		return nil
	}
	return h
}

func isInterface(e ast.Expr, info *types.Info) bool {
	t := info.TypeOf(e)
	return t != nil && types.IsInterface(t)
}

// anyConn is the connection of a call to an sql.functions entry: its receiver,
// else the first argument that is a transaction or a parameter.
func (w *walker) anyConn(call *ast.CallExpr, recv ast.Expr) conn {
	if recv != nil {
		return w.classify(recv)
	}
	for _, arg := range call.Args {
		if c := w.classify(arg); c.scope != nil || c.param >= 0 {
			return c
		}
	}
	return noConn
}

// driverCall handles a call of a driver method or function described by p.
func (w *walker) driverCall(call *ast.CallExpr, fn *types.Func, recv ast.Expr, p params) {
	c := noConn
	if recv != nil {
		c = w.classify(recv)
	}
	if i := p.index("conn"); i >= 0 && i < len(call.Args) {
		c = w.classify(call.Args[i])
	}
	if i := p.index("ident"); i >= 0 {
		w.copyFrom(call, i, p.index("cols"), c)
		return
	}
	if fn.Name() == "Queue" && recv != nil {
		// b.Queue(sql): it runs where b is sent.
		w.queue(call, recv)
		return
	}
	w.sqlCall(call, p.index("sql"), c)
}

// queue records the statements queued on a batch until the batch is sent.
func (w *walker) queue(call *ast.CallExpr, recv ast.Expr) {
	id := rootIdent(recv)
	var obj types.Object
	if id != nil {
		obj = w.a.pass.TypesInfo.Uses[id]
	}
	if obj == nil {
		w.sqlCall(call, 0, noConn)
		return
	}
	stmts, ref := w.sqlStatements(call, 0)
	w.queued[obj] = append(w.queued[obj], queuedStmt{w.sqlPos(call, 0), stmts, ref})
}

// flushBatches issues the statements of each batch on what it was sent on.
func (w *walker) flushBatches() {
	for obj, qs := range w.queued {
		c, ok := w.batches[obj]
		if !ok {
			c = noConn
		}
		for _, q := range qs {
			w.issueStatements(q.pos, q.stmts, c, q.query)
		}
	}
}

// copyFrom handles pgx CopyFrom: a write of the table the pgx.Identifier names.
func (w *walker) copyFrom(call *ast.CallExpr, identArg, colsArg int, c conn) {
	if identArg >= len(call.Args) {
		return
	}
	names, ok := w.stringList(call.Args[identArg])
	if !ok || len(names) == 0 || len(names) > 2 {
		w.dynamic(call)
		return
	}
	var cols []string
	if colsArg >= 0 && colsArg < len(call.Args) {
		cols, _ = w.stringList(call.Args[colsArg])
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quoteIdent(n)
	}
	sql := "COPY " + strings.Join(quoted, ".")
	if len(cols) > 0 {
		qc := make([]string, len(cols))
		for i, n := range cols {
			qc[i] = quoteIdent(n)
		}
		sql += " (" + strings.Join(qc, ", ") + ")"
	}
	sql += " FROM STDIN"
	stmts, err := w.a.parse(sql)
	if err != nil || len(stmts) == 0 {
		w.dynamic(call)
		return
	}
	w.issueStatements(call.Pos(), stmts, c, nil)
}

// stringList evaluates a slice literal of known strings (a pgx.Identifier, the
// column names of CopyFrom).
func (w *walker) stringList(e ast.Expr) ([]string, bool) {
	elems, ok := w.a.x.sliceElems(e)
	if !ok {
		return nil, false
	}
	var out []string
	for _, el := range elems {
		t, ok := w.a.x.eval(el)
		if !ok {
			return nil, false
		}
		out = append(out, t.text)
	}
	return out, true
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// sqlCall handles a call whose argument sqlArg is SQL, run on c.
func (w *walker) sqlCall(call *ast.CallExpr, sqlArg int, c conn) {
	// The SQL is a parameter of this function: its callers say what it is.
	if sqlArg >= 0 && sqlArg < len(call.Args) {
		if i, ok := w.forwarded(call.Args[sqlArg]); ok {
			if w.fn.helper.SQLArg == 0 {
				w.fn.helper.SQLArg = i + 1
				if c.param >= 0 {
					w.fn.helper.SQLConn = c.param + 1
				}
			}
			return
		}
	}
	stmts, ref := w.sqlStatements(call, sqlArg)
	w.issueStatements(w.sqlPos(call, sqlArg), stmts, c, ref)
}

// sqlPos is where SQL issued by a call is reported: where its inline literal
// opens (the first piece of a concatenation, a Sprintf's format), else the call.
func (w *walker) sqlPos(call *ast.CallExpr, sqlArg int) token.Pos {
	if sqlArg < 0 || sqlArg >= len(call.Args) {
		return call.Pos()
	}
	e := call.Args[sqlArg]
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.BinaryExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			if calleeName(w.a.pass.TypesInfo, x) == "fmt.Sprintf" && len(x.Args) > 0 {
				e = x.Args[0]
				continue
			}
		case *ast.BasicLit:
			return x.Pos()
		}
		return call.Pos()
	}
}

// forwarded reports whether e is a parameter of the function holding SQL (a
// string or a prepared statement), unchanged or with template placeholders
// filled in by strings.ReplaceAll, directly or through a local variable.
func (w *walker) forwarded(e ast.Expr) (int, bool) {
	info := w.a.pass.TypesInfo
	for range 8 {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			name := calleeName(info, x)
			if (name != "strings.ReplaceAll" && name != "strings.Replace") || len(x.Args) == 0 {
				return 0, false
			}
			e = x.Args[0]
			continue
		case *ast.Ident:
			obj := info.Uses[x]
			if i, ok := w.params[obj]; ok {
				return i, isString(obj.Type()) || isStmtType(obj.Type())
			}
			init := w.a.x.locals[obj]
			if init == nil {
				return 0, false
			}
			e = init
			continue
		}
		return 0, false
	}
	return 0, false
}

// sqlStatements recovers and parses the SQL argument of a call: nil when it is
// built at run time (counted) or does not parse (a parse-error finding), and the
// named query it is, if any.
func (w *walker) sqlStatements(call *ast.CallExpr, sqlArg int) ([]query.Statement, *finding.QueryRef) {
	if sqlArg < 0 || sqlArg >= len(call.Args) {
		return nil, nil
	}
	arg := call.Args[sqlArg]
	text, ok := w.a.x.eval(arg)
	if !ok {
		w.dynamic(call)
		return nil, nil
	}
	return w.textStatements(call, arg, text)
}

// textStatements parses the SQL text of arg, an argument of call. The text of a
// query-file tool is a template: its placeholders are read around, and count as
// SQL built at run time.
func (w *walker) textStatements(call *ast.CallExpr, arg ast.Expr, text sqlText) ([]query.Statement, *finding.QueryRef) {
	var stmts []query.Statement
	var err error
	if text.named == nil {
		text.named = w.a.sqlcQuery(text.text)
	}
	if text.template {
		var holes int
		stmts, holes, err = w.a.parseTemplate(text.text)
		if holes > 0 {
			w.dynamic(call)
		}
	} else {
		stmts, err = w.a.parse(text.text)
	}
	if err == nil {
		return stmts, text.named
	}
	if text.params {
		// Sprintf put a run-time value where SQL needs a name: built at run time.
		w.dynamic(call)
		return nil, text.named
	}
	for _, pe := range query.ParseErrors(err) {
		w.parseError(arg, text, pe)
	}
	// The statements that do parse are still checked.
	return stmts, text.named
}

// dynamic counts a call whose SQL is not known before run time.
func (w *walker) dynamic(call *ast.CallExpr) {
	w.a.res.DynamicSites = append(w.a.res.DynamicSites, w.a.pass.Fset.Position(call.Pos()))
}

// parseError reports SQL the parser rejects, at the place in the Go source the
// offending byte came from.
func (w *walker) parseError(arg ast.Expr, text sqlText, pe *query.ParseError) {
	// SQL in a package no context or kernel owns is not checked.
	if !w.a.owner.Owned() {
		return
	}
	pos := text.pos(w.a.pass.Fset, pe.Offset, arg.Pos())
	p := w.a.pass.Fset.Position(pos)
	f := parseErrorFinding(w.a.owner.Context, w.name, pe.Message, p.Filename, p.Line, p.Column)
	if text.named != nil {
		f.Query = text.named
		f.Message += " (named query " + text.named.String() + ")"
	}
	w.a.report(pos, f)
}

// issueStatements issues statements found at a call of this function; ref is
// the named query they are, if any.
func (w *walker) issueStatements(pos token.Pos, stmts []query.Statement, c conn, ref *finding.QueryRef) {
	for _, st := range stmts {
		w.a.countUnowned(st)
	}
	w.issue(pos, stmts, c, true, "", ref)
}

// issue accounts for statements run at pos on c: findings when this package's
// context answers for them (own), the transaction they run in, and the fact.
func (w *walker) issue(pos token.Pos, stmts []query.Statement, c conn, own bool, via string, ref *finding.QueryRef) {
	a := w.a
	for _, st := range stmts {
		if own && a.owner.Context != "" {
			if ref != nil {
				// Judged here, for this context: not again for a `queries` entry.
				a.bound[ref.File+"#"+ref.Name] = true
			}
			fs := a.resolver.Check(a.owner.Context, st, a.site(pos, w.name, via))
			for i := range fs {
				withQuery(&fs[i], ref)
			}
			a.report(pos, fs...)
		}
		if c.scope != nil {
			c.scope.stmts = append(c.scope.stmts, st)
		}
		// What the fact carries: the statements callers answer for, and those
		// run on what they hand in.
		hs := HelperStmt{Stmt: st, Param: c.param, Recv: c.recv, Own: own && a.owner.Context == "", Query: ref}
		if hs.Own || hs.Param >= 0 || hs.Recv {
			w.fn.helper.add(hs)
		}
	}
}

// withQuery adds a named query to a finding as its evidence.
func withQuery(f *finding.Finding, ref *finding.QueryRef) {
	if ref == nil {
		return
	}
	f.Query = ref
	f.Message += " (named query " + ref.String() + ")"
}
