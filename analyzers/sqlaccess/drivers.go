package sqlaccess

import (
	"go/types"
	"strings"
)

// The drivers whose calls take SQL. Each method or function is described by its
// parameters, one word per parameter:
//
//	ctx    a context.Context
//	sql    the SQL text
//	name   a string that is not SQL (a prepared statement's name)
//	args   the variadic query arguments
//	dest   a scan destination; arg a named-parameter argument; src a row source
//	conn   the connection the SQL runs on (for package-level functions)
//	ident  a pgx.Identifier naming the table written (CopyFrom)
//	cols   the []string of column names (CopyFrom)
//	batch  a *pgx.Batch
//	opts   transaction options
const (
	pkgSQL     = "database/sql"
	pkgPgx     = "github.com/jackc/pgx/v5"
	pkgPgxpool = "github.com/jackc/pgx/v5/pgxpool"
	pkgSqlx    = "github.com/jmoiron/sqlx"
)

// params is a parsed parameter description.
type params []string

// index returns the position of word in the description, or -1.
func (p params) index(word string) int {
	for i, w := range p {
		if w == word {
			return i
		}
	}
	return -1
}

// driverMethods maps "path.Type.Method" to its parameters.
var driverMethods = map[string]params{}

// driverFuncs maps "path.Func" to its parameters.
var driverFuncs = map[string]params{}

// shapes maps a method name to the parameter descriptions a method of that name
// has in some driver: a method of an interface is taken for a driver's when its
// signature has one of these shapes.
var shapes = map[string][]params{}

func init() {
	method := func(pkg string, types []string, name, desc string) {
		p := params(strings.Split(desc, ","))
		for _, t := range types {
			driverMethods[pkg+"."+t+"."+name] = p
		}
		for _, s := range shapes[name] {
			if strings.Join(s, ",") == desc {
				return
			}
		}
		shapes[name] = append(shapes[name], p)
	}
	fn := func(pkg, name, desc string) {
		driverFuncs[pkg+"."+name] = params(strings.Split(desc, ","))
	}

	// database/sql: DB, Tx and Conn. Stmt takes no SQL: its SQL is issued where it
	// is prepared.
	std := []string{"DB", "Tx", "Conn"}
	for _, m := range []string{"Query", "QueryRow", "Exec"} {
		method(pkgSQL, std, m, "sql,args")
		method(pkgSQL, std, m+"Context", "ctx,sql,args")
	}
	method(pkgSQL, std, "Prepare", "sql")
	method(pkgSQL, std, "PrepareContext", "ctx,sql")

	// pgx v5: Conn and Tx, the pool and its connections.
	pgxTypes := []string{"Conn", "Tx"}
	poolTypes := []string{"Pool", "Conn", "Tx"}
	for _, m := range []string{"Query", "QueryRow", "Exec"} {
		method(pkgPgx, pgxTypes, m, "ctx,sql,args")
		method(pkgPgxpool, poolTypes, m, "ctx,sql,args")
	}
	method(pkgPgx, pgxTypes, "Prepare", "ctx,name,sql")
	method(pkgPgxpool, []string{"Conn", "Tx"}, "Prepare", "ctx,name,sql")
	method(pkgPgx, pgxTypes, "CopyFrom", "ctx,ident,cols,src")
	method(pkgPgxpool, poolTypes, "CopyFrom", "ctx,ident,cols,src")
	method(pkgPgx, []string{"Batch"}, "Queue", "sql,args")

	// sqlx: DB, Tx and Conn, and the package-level functions taking any of them.
	sqlx := []string{"DB", "Tx", "Conn"}
	for _, m := range []string{"Get", "Select"} {
		method(pkgSqlx, sqlx, m, "dest,sql,args")
		method(pkgSqlx, sqlx, m+"Context", "ctx,dest,sql,args")
		fn(pkgSqlx, m, "conn,dest,sql,args")
		fn(pkgSqlx, m+"Context", "ctx,conn,dest,sql,args")
	}
	for _, m := range []string{"Queryx", "QueryRowx", "MustExec"} {
		method(pkgSqlx, sqlx, m, "sql,args")
		method(pkgSqlx, sqlx, m+"Context", "ctx,sql,args")
	}
	fn(pkgSqlx, "MustExec", "conn,sql,args")
	fn(pkgSqlx, "MustExecContext", "ctx,conn,sql,args")
	for _, m := range []string{"NamedExec", "NamedQuery"} {
		method(pkgSqlx, sqlx, m, "sql,arg")
		method(pkgSqlx, sqlx, m+"Context", "ctx,sql,arg")
		fn(pkgSqlx, m, "conn,sql,arg")
		fn(pkgSqlx, m+"Context", "ctx,conn,sql,arg")
	}
	for _, m := range []string{"Preparex", "PrepareNamed"} {
		method(pkgSqlx, sqlx, m, "sql")
		method(pkgSqlx, sqlx, m+"Context", "ctx,sql")
		fn(pkgSqlx, m, "conn,sql")
		fn(pkgSqlx, m+"Context", "ctx,conn,sql")
	}
}

// txTypes are the types a transaction has: a value of one of them returned by a
// Begin method starts a transaction scope.
var txTypes = map[string]bool{
	pkgSQL + ".Tx":     true,
	pkgSqlx + ".Tx":    true,
	pkgPgx + ".Tx":     true,
	pkgPgxpool + ".Tx": true,
}

// beginFuncs are the functions that run a callback inside a transaction, by the
// index of the callback argument.
var beginFuncs = map[string]int{
	pkgPgx + ".BeginFunc":   2,
	pkgPgx + ".BeginTxFunc": 3,
}

// typeName returns "path.Name" for a named type or a pointer to one, "" otherwise.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// isTxType reports whether t is a transaction type.
func isTxType(t types.Type) bool { return txTypes[typeName(t)] }

// funcKey names a function "path.Func" or a method "path.Type.Method", the form
// sql.functions uses; "" for a function with no package.
func funcKey(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	recv := typeName(sig.Recv().Type())
	if recv == "" {
		return ""
	}
	return recv + "." + fn.Name()
}

// matchShape returns the driver description an interface method's signature
// has, or nil: the name must be a driver method's and every parameter must be
// of the kind the description says.
func matchShape(fn *types.Func) params {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return nil
	}
	for _, p := range shapes[fn.Name()] {
		if fitsShape(sig, p) {
			return p
		}
	}
	return nil
}

func fitsShape(sig *types.Signature, p params) bool {
	ps := sig.Params()
	if ps.Len() != len(p) {
		return false
	}
	for i, word := range p {
		t := ps.At(i).Type()
		switch word {
		case "ctx":
			if typeName(t) != "context.Context" {
				return false
			}
		case "sql", "name":
			if !isString(t) {
				return false
			}
		case "args":
			if !sig.Variadic() || i != ps.Len()-1 {
				return false
			}
		case "ident":
			if !strings.HasSuffix(typeName(t), ".Identifier") {
				return false
			}
		case "cols":
			s, ok := t.Underlying().(*types.Slice)
			if !ok || !isString(s.Elem()) {
				return false
			}
		}
	}
	return true
}

// isString reports whether t's underlying type is string.
func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
