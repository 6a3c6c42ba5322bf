package sqlaccess

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/faultline/faultline/access"
	"github.com/faultline/faultline/analyzers/passconfig"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/queryfile"
	"github.com/faultline/faultline/suppress"
	"github.com/faultline/faultline/verdict"
)

//go:embed doc.go
var doc string

// Analyzer reports SQL that reaches across a bounded-context boundary.
var Analyzer = &analysis.Analyzer{
	Name:       "sqlaccess",
	Doc:        analysisDoc(doc),
	URL:        "https://github.com/faultline/faultline#sqlaccess",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(Helper), new(ModelTable), new(SQLFunc)},
	ResultType: reflect.TypeFor[*Result](),
}

// flags are the analyzer's flags: -config and -catalog (under go vet,
// -sqlaccess.config and -sqlaccess.catalog).
var (
	flags       passconfig.Flags
	catalogFile string
)

func init() {
	flags.Register(Analyzer)
	Analyzer.Flags.StringVar(&catalogFile, "catalog", "", "a table catalog written by faultline check to resolve SQL against (default: the schema sql.migrations builds, once per process)")
}

// Result is what the analyzer learned of one package.
type Result struct {
	// Findings are every finding of the package, those an allow entry covers
	// included (with AllowedBy set); only the others are reported as diagnostics.
	Findings []finding.Finding
	// Dynamic counts the call sites whose SQL is built at run time and so was not
	// checked; DynamicSites lists where they are.
	Dynamic      int
	DynamicSites []token.Position
	// Unowned counts, by qualified table name, the statements issued here that
	// touch a table no context and not the shared kernel owns.
	Unowned map[string]int
	// Fixture are the findings of SQL run from test code (_test.go files, and
	// packages that import "testing" such as a testutil): fixture work, counted
	// apart and reported as diagnostics only with the -tests flag.
	Fixture []finding.Finding
	// Bound lists the named queries of query files that Go code here runs, as
	// "file#name" with file relative to the directory of faultline.yaml: their
	// SQL is judged here, at the call, not again for a context's queries.
	Bound []string
}

// reportTests makes test code's findings diagnostics too.
var reportTests bool

func init() {
	Analyzer.Flags.BoolVar(&reportTests, "tests", false, "report the SQL findings of test code (fixture work) too")
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Unowned: map[string]int{}}
	cfg, err := passconfig.For(pass, flags.Config)
	if err != nil {
		return nil, err
	}
	// No faultline.yaml governs this package: there is nothing to judge it by.
	if cfg == nil {
		return res, nil
	}
	// Without a catalog, statements are resolved as written: an unqualified column
	// is attributed only when FROM names one table, SELECT * names no columns, and
	// the primary-key rule cannot apply.
	cat, err := passconfig.Catalog(cfg, catalogFile)
	if err != nil {
		return nil, err
	}
	a := &analyzer{
		pass:     pass,
		cfg:      cfg,
		testPkg:  importsTesting(pass),
		bound:    map[string]bool{},
		catalog:  cat,
		resolver: &access.Resolver{Config: cfg, Catalog: cat},
		res:      res,
		funcs:    map[*types.Func]*function{},
		parsed:   map[string]parsed{},
		sqlFuncs: map[string]int{},
		models:   map[string]*model{},
	}
	for _, f := range cfg.SQL.Functions {
		a.sqlFuncs[f.Func] = f.Arg
	}
	a.x = &extractor{info: pass.TypesInfo, queries: a.queryIndex, a: a}
	a.x.consts, a.x.vars = packageValues(pass)

	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	var order []*function
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		d := cur.Node().(*ast.FuncDecl)
		// A declaration without a body (assembly, linkname) issues nothing.
		if d.Body == nil {
			continue
		}
		fn := &function{typ: d.Type, recv: d.Recv, body: d.Body}
		a.place(fn, d.Pos())
		if obj, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok {
			fn.obj = obj
			a.funcs[obj] = fn
		}
		order = append(order, fn)
	}
	// Package-level variables are initialized outside any function.
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				fn := &function{body: gd}
				a.place(fn, gd.Pos())
				order = append(order, fn)
			}
		}
	}
	a.exportModelTables()
	a.exportSQLFuncs()
	for _, fn := range order {
		a.analyze(fn)
	}

	res.Findings = finding.Sort(res.Findings)
	res.Fixture = finding.Sort(res.Fixture)
	for b := range a.bound {
		res.Bound = append(res.Bound, b)
	}
	slices.Sort(res.Bound)
	ignores := suppress.NewFiles(pass.ReadFile)
	diagnosed := res.Findings
	if reportTests {
		diagnosed = finding.Sort(append(slices.Clip(res.Findings), res.Fixture...))
	}
	for _, f := range diagnosed {
		// An allow entry of faultline.yaml, or a faultline:ignore comment, excuses it.
		if verdict.Excused(cfg, ignores, f) {
			continue
		}
		// Info findings (a context's work on its own columns of a shared
		// table) are evidence for faultline check, never a go vet complaint.
		if f.Severity == finding.Info {
			continue
		}
		pass.Report(analysis.Diagnostic{
			Pos:      a.positions[f.Key()+"\x00"+f.Position()],
			Category: string(f.Kind),
			Message:  diagnosticMessage(f),
		})
	}
	res.Dynamic = len(res.DynamicSites)
	return res, nil
}

// diagnosticMessage is a finding as go vet prints it: what, why, the fix.
func diagnosticMessage(f finding.Finding) string {
	return f.Message + "; " + f.Fix + " " + f.Tag()
}

// packageValues maps the package's constants, and its variables that nothing
// assigns to after initialization, to their initializers.
func packageValues(pass *analysis.Pass) (consts, vars map[types.Object]ast.Expr) {
	consts, vars = map[types.Object]ast.Expr{}, map[types.Object]ast.Expr{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, name := range vs.Names {
					obj := pass.TypesInfo.Defs[name]
					if obj == nil {
						continue
					}
					if gd.Tok == token.CONST {
						consts[obj] = vs.Values[i]
					} else {
						vars[obj] = vs.Values[i]
					}
				}
			}
		}
	}
	// A variable assigned anywhere, or whose address is taken, may hold anything.
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			for _, id := range assignedIdents(n) {
				delete(vars, pass.TypesInfo.Uses[id])
			}
			return true
		})
	}
	return consts, vars
}

// assignedIdents returns the identifiers n assigns to or takes the address of.
func assignedIdents(n ast.Node) []*ast.Ident {
	var out []*ast.Ident
	root := func(e ast.Expr) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.IndexExpr:
				e = x.X
				continue
			case *ast.Ident:
				out = append(out, x)
			}
			return
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			root(l)
		}
	case *ast.IncDecStmt:
		root(n.X)
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			root(n.X)
		}
	case *ast.RangeStmt:
		if n.Key != nil {
			root(n.Key)
		}
		if n.Value != nil {
			root(n.Value)
		}
	}
	return out
}

// parsed is the outcome of analyzing one SQL text.
type parsed struct {
	stmts []query.Statement
	err   error
}

// analyzer holds what one pass has learned so far.
type analyzer struct {
	pass *analysis.Pass
	cfg  *config.Config
	// owner is the owner of the function being walked, test whether it is test
	// code; testPkg is set when the package imports "testing".
	owner     config.Owner
	test      bool
	testPkg   bool
	bound     map[string]bool
	idx       *queryfile.Index
	catalog   query.Catalog
	resolver  *access.Resolver
	res       *Result
	x         *extractor
	funcs     map[*types.Func]*function
	parsed    map[string]parsed
	sqlFuncs  map[string]int
	positions map[string]token.Pos
	// models caches the ORM models of struct types, by library and type.
	models map[string]*model
}

// parse analyzes SQL text once per package: the statements that parse, and the
// errors of those that do not. A panic in the parser is an error like any other:
// no SQL may stop the analysis.
func (a *analyzer) parse(sql string) (stmts []query.Statement, err error) {
	if p, ok := a.parsed[sql]; ok {
		return p.stmts, p.err
	}
	defer func() {
		if r := recover(); r != nil {
			stmts, err = nil, &query.ParseError{Message: fmt.Sprint("the SQL parser failed: ", r)}
		}
		a.parsed[sql] = parsed{stmts, err}
	}()
	return query.Analyze(sql, a.catalog)
}

// report records findings issued at pos; those of test code are fixture work.
func (a *analyzer) report(pos token.Pos, fs ...finding.Finding) {
	if a.positions == nil {
		a.positions = map[string]token.Pos{}
	}
	for _, f := range fs {
		a.positions[f.Key()+"\x00"+f.Position()] = pos
		if a.test {
			a.res.Fixture = append(a.res.Fixture, f)
			continue
		}
		a.res.Findings = append(a.res.Findings, f)
	}
}

// place sets the owner of a function, the context of the file declaring it,
// and whether it is test code: a _test.go file, or any file of a package that
// imports "testing" (a testutil that truncates every table for the tests).
func (a *analyzer) place(fn *function, pos token.Pos) {
	file := a.pass.Fset.Position(pos).Filename
	fn.owner = a.cfg.ObjectOwner(a.pass.Pkg.Path(), file)
	fn.test = a.testPkg || strings.HasSuffix(file, "_test.go")
}

// importsTesting reports whether a file of the package other than its tests
// imports "testing".
func importsTesting(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.Position(f.Pos()).Filename, "_test.go") {
			continue
		}
		for _, spec := range f.Imports {
			if spec.Path.Value == `"testing"` {
				return true
			}
		}
	}
	return false
}

// index returns the named queries of the project's query files, read once per
// process on first use (most packages never ask).
func (a *analyzer) index() *queryfile.Index {
	if a.idx == nil {
		a.idx = queryfile.IndexFor(a.cfg.Dir)
	}
	return a.idx
}

// parseTemplate analyzes the text of a named query, placeholders and all.
func (a *analyzer) parseTemplate(sql string) (stmts []query.Statement, holes int, err error) {
	defer func() {
		if r := recover(); r != nil {
			stmts, holes, err = nil, 0, &query.ParseError{Message: fmt.Sprint("the SQL parser failed: ", r)}
		}
	}()
	return queryfile.AnalyzeTemplate(sql, a.catalog)
}

// site builds the access.Site of a position.
func (a *analyzer) site(pos token.Pos, object, via string) access.Site {
	p := a.pass.Fset.Position(pos)
	return access.Site{File: p.Filename, Line: p.Line, Column: p.Column, Object: object, Via: via}
}

// countUnowned adds a statement's unowned tables to the summary count.
func (a *analyzer) countUnowned(st query.Statement) {
	seen := map[string]bool{}
	for _, t := range a.resolver.Touches(st) {
		if t.Owner.Owned() || seen[t.QualifiedName()] {
			continue
		}
		seen[t.QualifiedName()] = true
		a.res.Unowned[t.QualifiedName()]++
	}
}

// analysisDoc returns the analyzer's documentation: the package comment of
// doc.go from its "# Analyzer sqlaccess" heading on.
func analysisDoc(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("sqlaccess: doc.go has no package comment")
	}
	_, after, ok := strings.Cut(f.Doc.Text(), "# Analyzer sqlaccess\n")
	if !ok {
		panic("sqlaccess: doc.go has no \"# Analyzer sqlaccess\" section")
	}
	return strings.TrimSpace(after)
}
