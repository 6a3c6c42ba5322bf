module github.com/faultline/faultline

go 1.26.0

// SARIF: report/sarif.go has its own small set of SARIF 2.1.0 types instead of
// github.com/owenrumney/go-sarif/v3, which writes every empty array ("attachments": [],
// "codeFlows": [], ... 29 of them for one rule and one result) and so makes the output
// long and hard to read; report's tests validate against the official schema.
// Why each direct dependency is here:
require (
	// doublestar: ** globs in the queries of faultline.yaml and in suppress.ProjectFiles.
	github.com/bmatcuk/doublestar/v4 v4.10.4
	// chromedp: the HTML explorer's test clicks through it in headless Chromium (DevTools protocol).
	github.com/chromedp/chromedp v0.24.0
	// dot: the Graphviz DOT output of `faultline graph` (report/dot.go).
	github.com/emicklei/dot v1.6.2
	// go-graphviz: Graphviz compiled to WebAssembly (run by wazero) draws SVG inside the binary.
	github.com/goccy/go-graphviz v0.2.10
	// plugin-module-register: the golangci-lint module plugin (package golangci).
	github.com/golangci/plugin-module-register v0.1.2
	// pgx: read-only introspection of a live PostgreSQL catalog (schema/live).
	github.com/jackc/pgx/v5 v5.12.0
	// pg_query_go: libpg_query, PostgreSQL 17's own parser, for every SQL statement.
	github.com/pganalyze/pg_query_go/v6 v6.2.5
	// jsonschema: tests validate SARIF output and faultline.yaml against their schemas.
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	// yaml: faultline.yaml and the baseline, read with line:column positions.
	go.yaml.in/yaml/v3 v3.0.6
	// mod: the module path of go.mod, for module-relative package patterns.
	golang.org/x/mod v0.42.0
	// tools: go/analysis, unitchecker (go vet -vettool) and analysistest.
	golang.org/x/tools v0.52.0
	// protobuf: the parse trees pg_query_go returns.
	google.golang.org/protobuf v1.33.0
)

require (
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/disintegration/imaging v1.6.2 // indirect
	github.com/flopp/go-findfont v0.1.0 // indirect
	github.com/fogleman/gg v1.3.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/tetratelabs/wazero v1.10.1 // indirect
	golang.org/x/image v0.21.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)
