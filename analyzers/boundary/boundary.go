package boundary

import (
	_ "embed"
	"go/ast"
	"go/types"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/faultline/faultline/analyzers/passconfig"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/suppress"
	"github.com/faultline/faultline/verdict"
)

//go:embed doc.go
var doc string

// Analyzer reports imports and uses that cross a bounded-context boundary.
var Analyzer = &analysis.Analyzer{
	Name:       "boundary",
	Doc:        extractDoc(doc, "boundary"),
	URL:        "https://github.com/faultline/faultline#boundary",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// flags are the analyzer's flags: -config (under go vet, -boundary.config).
var flags passconfig.Flags

func init() { flags.Register(Analyzer) }

// Result is what the analyzer learned about one package, for faultline check and
// the dependency graph.
type Result struct {
	// Findings are the import and private findings of the package, in source
	// order, including those an allow entry covers (with AllowedBy set), which are
	// not reported as diagnostics.
	Findings []finding.Finding
	// References are the cross-context dependencies that are not findings: uses of
	// another context's api through uses, and every reference from a package in
	// no context into a context. Like findings, one per file and object.
	References []finding.Reference
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	cfg, err := passconfig.For(pass, flags.Config)
	if err != nil {
		return nil, err
	}
	// No faultline.yaml governs this package: there is nothing to check against.
	if cfg == nil {
		return res, nil
	}
	// The generated main of a test binary links the tests; nobody wrote it.
	if strings.HasSuffix(pass.Pkg.Path(), ".test") {
		return res, nil
	}
	c := &checker{pass: pass, cfg: cfg, res: res,
		fields: map[*types.Var]string{}, owners: map[string]string{},
		objOwners: map[types.Object]string{}, split: map[string]bool{}}
	inspect := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for file := range inspect.Root().Children() {
		owner := cfg.ObjectOwner(pass.Pkg.Path(), pass.Fset.File(file.Node().Pos()).Name())
		// The shared kernel may depend on anything.
		if owner.Shared {
			continue
		}
		c.from = owner.Context
		c.file(file)
	}
	return res, nil
}

// checker checks the files of one package; from is the context of the file
// being checked ("" for none).
type checker struct {
	pass      *analysis.Pass
	cfg       *config.Config
	from      string
	res       *Result
	fields    map[*types.Var]string   // field -> name of the struct type declaring it
	owners    map[string]string       // import path -> owning context, "" for none
	objOwners map[types.Object]string // object -> context of the file declaring it
	split     map[string]bool         // import path -> files globs may split it
	ignored   *suppress.Files         // faultline:ignore comments, read on first use

	// per file
	imported map[string]bool       // import paths the file imports
	seen     map[types.Object]bool // objects already reported or referenced
}

func (c *checker) file(file inspector.Cursor) {
	c.imported = map[string]bool{}
	c.seen = map[types.Object]bool{}
	for _, spec := range file.Node().(*ast.File).Imports {
		c.imported[c.importPath(spec)] = true
	}
	for cur := range file.Preorder((*ast.ImportSpec)(nil), (*ast.Ident)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.ImportSpec:
			c.importSpec(n)
		case *ast.Ident:
			c.ident(cur, n)
		}
	}
}

// isSplit reports whether the package's files may belong to several contexts,
// so that what it is to an importer depends on the objects used.
func (c *checker) isSplit(path string) bool {
	s, ok := c.split[path]
	if !ok {
		s = c.cfg.SplitPackage(path)
		c.split[path] = s
	}
	return s
}

// objectOwner returns the context owning an object: that of the file declaring
// it when its package is split by files, else its package's.
func (c *checker) objectOwner(obj types.Object) string {
	path := obj.Pkg().Path()
	if !c.isSplit(path) {
		return c.owner(path)
	}
	to, ok := c.objOwners[obj]
	if !ok {
		to = c.cfg.ObjectOwner(path, c.pass.Fset.Position(obj.Pos()).Filename).Context
		c.objOwners[obj] = to
	}
	return to
}

// owner returns the context owning the package path, "" for the shared kernel
// and for packages in no context.
func (c *checker) owner(path string) string {
	to, ok := c.owners[path]
	if !ok {
		to = c.cfg.PackageOwner(path).Context
		c.owners[path] = to
	}
	return to
}

// importPath is the path of the package an import spec imports.
func (c *checker) importPath(spec *ast.ImportSpec) string {
	if pn := c.pass.TypesInfo.PkgNameOf(spec); pn != nil {
		return pn.Imported().Path()
	}
	path, _ := strconv.Unquote(spec.Path.Value)
	return path
}

func (c *checker) importSpec(spec *ast.ImportSpec) {
	path := c.importPath(spec)
	// A package split by files is judged by the objects the file uses.
	if c.isSplit(path) {
		return
	}
	to := c.owner(path)
	// Packages of the shared kernel and of no context may be imported by anyone.
	if to == "" {
		return
	}
	// A context's packages may import each other.
	if to == c.from {
		return
	}
	name := path[strings.LastIndex(path, "/")+1:]
	if pn := c.pass.TypesInfo.PkgNameOf(spec); pn != nil {
		name = pn.Imported().Name()
	}
	api := c.cfg.IsAPI(to, path)
	switch {
	case c.from == "" || api && c.cfg.MayUse(c.from, to):
		c.reference(spec, to, path, name, api)
	case !c.cfg.MayUse(c.from, to):
		msg := c.from + " imports " + to + " package " + path + ", but " + c.from + " does not list " + to + " in uses"
		fix := "add " + to + " to " + c.from + ".uses in faultline.yaml if this dependency is intended"
		if !api {
			fix += ", then " + c.importOnlyAPI(to)
		}
		c.report(spec, finding.Import, to, path, msg, fix)
	default:
		msg := c.from + " imports " + path + ", a private package of " + to + " (not in its api)"
		c.report(spec, finding.Private, to, path, msg, c.throughAPI(to))
	}
}

func (c *checker) ident(cur inspector.Cursor, id *ast.Ident) {
	obj := c.pass.TypesInfo.Uses[id]
	// Only identifiers that refer to something declared elsewhere are uses.
	if obj == nil || obj.Pkg() == nil {
		return
	}
	// A generic instantiated with another context's type uses that type, even
	// when the generic is this package's own.
	if inst, ok := c.pass.TypesInfo.Instances[id]; ok {
		for t := range inst.TypeArgs.Types() {
			for _, named := range namedIn(t, nil) {
				c.use(id, named.Obj(), "as a type argument of "+c.objectName(origin(obj)))
			}
		}
	}
	// The package's own objects cross no boundary, unless files split it.
	if obj.Pkg() == c.pass.Pkg && !c.isSplit(obj.Pkg().Path()) {
		return
	}
	// Nor do the objects declared inside a function.
	if obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
		return
	}
	// Package names stand for their import, checked at the import spec.
	if _, ok := obj.(*types.PkgName); ok {
		return
	}
	c.use(id, obj, c.promotion(cur, id))
	if tn, ok := obj.(*types.TypeName); ok && tn.IsAlias() {
		if named := namedOf(tn.Type()); named != nil {
			c.use(id, named.Obj(), "through the alias "+c.objectName(tn))
		}
	}
}

// use checks one use at id of obj, reached as via says ("" when named directly).
func (c *checker) use(id *ast.Ident, obj types.Object, via string) {
	obj = origin(obj)
	// Predeclared types such as error, met as type arguments, belong to no package.
	if obj.Pkg() == nil {
		return
	}
	path := obj.Pkg().Path()
	to := c.objectOwner(obj)
	// Objects of the shared kernel and of no context are free to use.
	if to == "" {
		return
	}
	// A context's packages may use each other.
	if to == c.from {
		return
	}
	// Each object counts once per file, at its first use.
	if c.seen[obj] {
		return
	}
	c.seen[obj] = true
	api := c.cfg.IsAPI(to, path)
	mayUse := c.cfg.MayUse(c.from, to)
	if c.from == "" || c.imported[path] && !c.isSplit(path) {
		// Code in no context is not checked, only drawn; in a file that imports
		// the object's package the import spec carries the dependency.
		if c.from == "" || api && mayUse {
			c.reference(id, to, path, c.objectName(obj), api)
		}
		return
	}
	subject := c.objectName(obj)
	what := objectKind(obj) + " " + subject
	if via != "" {
		via = " (" + via + ")"
	}
	switch {
	case !mayUse && c.isSplit(path):
		msg := c.from + " uses " + what + " of " + to + " (declared in " + c.declFile(obj) + ")" + via + ", but " + c.from + " does not list " + to + " in uses"
		fix := "add " + to + " to " + c.from + ".uses in faultline.yaml if this dependency is intended, then " + c.throughAPI(to)
		c.report(id, finding.Import, to, subject, msg, fix)
	case !api && c.isSplit(path):
		msg := c.from + " uses " + what + " of " + to + " (declared in " + c.declFile(obj) + ", not in its api)" + via
		fix := c.throughAPI(to) + ", or move the code " + c.from + " needs into " + c.from + "'s own files"
		c.report(id, finding.Private, to, subject, msg, fix)
	case !api:
		msg := c.from + " uses " + what + " of " + to + "'s private package " + path + via
		fix := c.throughAPI(to) + ", and have the api return types of its own rather than " + to + "'s internals"
		c.report(id, finding.Private, to, subject, msg, fix)
	case !mayUse:
		msg := c.from + " uses " + what + " of " + to + via + ", but " + c.from + " does not list " + to + " in uses"
		fix := "add " + to + " to " + c.from + ".uses in faultline.yaml if this dependency is intended, or stop reaching " + to + " through another context"
		c.report(id, finding.Import, to, subject, msg, fix)
	default:
		c.reference(id, to, path, subject, true)
	}
}

// declFile is the file declaring obj, relative to the directory of faultline.yaml.
func (c *checker) declFile(obj types.Object) string {
	file := c.pass.Fset.Position(obj.Pos()).Filename
	if rel, err := filepath.Rel(c.cfg.Dir, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.Base(file)
}

// promotion describes how a selector reaches a field or method promoted from an
// embedded field, or returns "".
func (c *checker) promotion(cur inspector.Cursor, id *ast.Ident) string {
	sel, ok := cur.Parent().Node().(*ast.SelectorExpr)
	if !ok || sel.Sel != id {
		return ""
	}
	selection := c.pass.TypesInfo.Selections[sel]
	if selection == nil || len(selection.Index()) < 2 {
		return ""
	}
	var path []string
	t := selection.Recv()
	for _, i := range selection.Index()[:len(selection.Index())-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		f := st.Field(i)
		path = append(path, f.Name())
		t = f.Type()
	}
	return "promoted through the embedded field " + strings.Join(path, ".")
}

func (c *checker) report(node ast.Node, kind finding.Kind, to, subject, msg, fix string) {
	pos := c.pass.Fset.Position(node.Pos())
	f := finding.Finding{
		Kind:     kind,
		Severity: finding.Error,
		From:     c.from,
		To:       to,
		Subject:  subject,
		File:     pos.Filename,
		Line:     pos.Line,
		Column:   pos.Column,
		Message:  msg,
		Fix:      fix,
	}
	c.res.Findings = append(c.res.Findings, f)
	// An allow entry of faultline.yaml, or a faultline:ignore comment, excuses this one.
	if verdict.Excused(c.cfg, c.ignores(), f) {
		return
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      node.Pos(),
		End:      node.End(),
		Category: string(kind),
		Message:  msg + "; " + fix + " " + f.Tag(),
	})
}

// ignores reads the faultline:ignore comments of the package's files, once.
func (c *checker) ignores() *suppress.Files {
	if c.ignored == nil {
		c.ignored = suppress.NewFiles(c.pass.ReadFile)
	}
	return c.ignored
}

func (c *checker) reference(node ast.Node, to, path, object string, api bool) {
	pos := c.pass.Fset.Position(node.Pos())
	c.res.References = append(c.res.References, finding.Reference{
		From:        c.from,
		To:          to,
		FromPackage: c.pass.Pkg.Path(),
		ToPackage:   path,
		Object:      object,
		File:        pos.Filename,
		Line:        pos.Line,
		Column:      pos.Column,
		API:         api,
	})
}

// importOnlyAPI says to import only the api of context to.
func (c *checker) importOnlyAPI(to string) string {
	if apis := c.apis(to); apis != "" {
		return "import only its api (" + apis + ")"
	}
	return "import only its api, which " + to + " has yet to declare (" + to + ".api in faultline.yaml)"
}

// throughAPI says to go through the api of context to.
func (c *checker) throughAPI(to string) string {
	if apis := c.apis(to); apis != "" {
		return "call " + to + " through " + apis
	}
	return "declare an api for " + to + " (" + to + ".api in faultline.yaml) and call " + to + " through it"
}

func (c *checker) apis(to string) string {
	x := c.cfg.Context(to)
	if x == nil {
		return ""
	}
	var list []string
	for _, e := range x.API {
		list = append(list, e.Value)
	}
	return strings.Join(list, ", ")
}

// objectName names an object without positions: "repository.Products.BySKU",
// "repository.Product.SKU", "repository.DefaultLimit".
func (c *checker) objectName(obj types.Object) string {
	prefix := obj.Pkg().Name() + "."
	switch obj := obj.(type) {
	case *types.Func:
		if recv := obj.Signature().Recv(); recv != nil {
			if named := namedOf(recv.Type()); named != nil {
				return prefix + named.Obj().Name() + "." + obj.Name()
			}
		}
	case *types.Var:
		if obj.IsField() {
			if owner := c.fieldOwner(obj); owner != "" {
				return prefix + owner + "." + obj.Name()
			}
		}
	}
	return prefix + obj.Name()
}

// fieldOwner finds the name of the package-level struct type declaring field.
func (c *checker) fieldOwner(field *types.Var) string {
	if name, ok := c.fields[field]; ok {
		return name
	}
	scope := field.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for f := range st.Fields() {
			c.fields[f] = name
		}
	}
	return c.fields[field]
}

func objectKind(obj types.Object) string {
	switch obj := obj.(type) {
	case *types.TypeName:
		return "type"
	case *types.Func:
		if obj.Signature().Recv() != nil {
			return "method"
		}
		return "function"
	case *types.Var:
		if obj.IsField() {
			return "field"
		}
		return "variable"
	case *types.Const:
		return "constant"
	}
	return "object"
}

// origin maps an instantiated method or field to its generic declaration.
func origin(obj types.Object) types.Object {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Origin()
	case *types.Var:
		return obj.Origin()
	}
	return obj
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// namedOf returns the named type t or *t denotes, or nil.
func namedOf(t types.Type) *types.Named {
	named, _ := types.Unalias(deref(t)).(*types.Named)
	return named
}

// namedIn appends the named types that make up t: []repository.Product and
// map[string]*repository.Product both yield repository.Product.
func namedIn(t types.Type, out []*types.Named) []*types.Named {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		out = append(out, t)
		for arg := range t.TypeArgs().Types() {
			out = namedIn(arg, out)
		}
	case *types.Pointer:
		out = namedIn(t.Elem(), out)
	case *types.Slice:
		out = namedIn(t.Elem(), out)
	case *types.Array:
		out = namedIn(t.Elem(), out)
	case *types.Chan:
		out = namedIn(t.Elem(), out)
	case *types.Map:
		out = namedIn(t.Key(), out)
		out = namedIn(t.Elem(), out)
	}
	return out
}
