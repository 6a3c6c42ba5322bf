// Package boundary defines an Analyzer that reports Go code reaching across a
// bounded-context boundary other than through the published api of the context
// it depends on.
//
// # Analyzer boundary
//
// boundary: report imports and uses that cross a bounded-context boundary
//
// faultline.yaml assigns packages to bounded contexts. Before a context can be
// extracted into a service, every place where other code is welded to its
// internals has to be cut. A package of context A may depend on context B only
// if B is listed in A's uses, and then only through the packages in B's api.
// The analyzer reports two kinds of finding:
//
// import: a package of A imports a package of B, and A does not list B in its
// uses. The dependency is undeclared; declare it if it is intended, and then
// import only B's api. Using B's api without importing it, through an api of a
// third context that hands out B's types, is an import finding too:
//
//	price.go:9:2: pricing imports inventory package example.com/shop/internal/inventory/stock, but pricing does not list inventory in uses — add inventory to pricing.uses in faultline.yaml if this dependency is intended, then import only its api (internal/inventory/api)
//
// private: A imports a package of B that is not in B's api, or uses an object
// (type, function, method, field, variable, constant) declared in such a
// package without importing it: a method called or a field read on a repository
// type that an api function hands out, a type named through an alias, a method
// or field promoted from an embedded field, a type argument of a generic
// instantiation (inferred or written), a method value. Merely passing such a
// value along is not a use; naming its type, calling its methods or reading its
// fields is. Each object is reported once per file, at its first use:
//
//	use.go:7:18: pricing uses method repository.Products.BySKU of coreproduct's private package example.com/shop/internal/coreproduct/repository — call coreproduct through internal/coreproduct/api, and have the api return types of its own rather than coreproduct's internals
//
// An import of B's package when A does not list B is an import finding even if
// the package is private: declaring the dependency comes first. A blank import
// (import _ "...") is an import like any other: the package is linked in and
// its init functions run, so extraction has to cut it too. A dot import is
// reported at its import spec; the objects it brings in are not reported again.
// Likewise an object is not reported in a file that imports its package, since
// the import already carries the finding.
//
// A context may also own single files of a package (`files:` globs in
// faultline.yaml), as layered monoliths split one internal/core or pkg/repo
// package by file. An object then belongs to the context of the file declaring
// it, so one package can hold several contexts: the import of such a package is
// not judged, the objects used are, each as an import finding when the user's
// context does not list the owner in uses and as a private finding otherwise
// (unless the package is in the owner's api), naming the file that declares it.
// Uses between the files of one split package are judged the same way. Where no
// `files` glob reaches a package, its behaviour is the package's.
//
// Packages of the shared kernel, and packages in no context (a main that wires
// everything, a facade), may import anything and be imported by anything. A
// context's packages may use each other freely, and so may its tests, including
// external _test packages; a test that reaches into another context is checked
// like any other code. Files excluded by build constraints are not analyzed.
//
// Findings covered by an allow entry of faultline.yaml are not reported, but are
// kept, with the entry's reason, in the analyzer's Result, which also lists the
// legitimate cross-context references (through an api listed in uses, and from
// code in no context) that faultline draws in its dependency graph.
//
// The configuration is the faultline.yaml found by walking up from the package's
// directory (or named by $FAULTLINE_CONFIG); packages with none are not checked.
package boundary
