// Package golangci registers faultline's code analyzers, boundary and sqlaccess, as a
// golangci-lint module plugin named faultline.
//
// golangci-lint links module plugins into a custom binary that `golangci-lint custom`
// builds from .custom-gcl.yml, next to .golangci.yml:
//
//	# .custom-gcl.yml
//	version: v2.15.0                     # the golangci-lint version to build
//	plugins:
//	  - module: github.com/faultline/faultline
//	    import: github.com/faultline/faultline/golangci
//	    version: v0.1.0                  # a released faultline tag (or path: ./faultline for a local clone)
//
// Then `golangci-lint custom` writes ./custom-gcl, a golangci-lint that knows the linter
// faultline, which .golangci.yml enables:
//
//	# .golangci.yml
//	version: "2"
//	linters:
//	  enable:
//	    - faultline
//	  settings:
//	    custom:
//	      faultline:
//	        type: module
//	        description: code crossing bounded-context boundaries (faultline.yaml)
//	        settings:
//	          config: faultline.yaml         # optional
//	          analyzers: [boundary, sqlaccess] # optional subset
//
// The settings are:
//
//   - config: the faultline.yaml to judge every package by, relative to the directory
//     golangci-lint runs in. Without it, each package is judged by the faultline.yaml
//     found walking up from its directory (or named by $FAULTLINE_CONFIG), as under
//     go vet.
//   - analyzers: which of boundary and sqlaccess to run; both when left out.
//
// Any other key is an error that names it, so a misspelt setting is not silently
// ignored. The sqlaccess analyzer resolves SQL against the schema that the
// configuration's sql.migrations build, built once per configuration; query files, the
// migrations' own findings and a live database are left to `faultline check`, which sees
// more than Go packages.
//
// faultline parses SQL with libpg_query through cgo, so the custom binary has to be built
// with a C compiler available and CGO_ENABLED=1 (the default where one is installed).
package golangci
