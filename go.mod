module github.com/faultline/faultline

go 1.26.0

// SARIF: report/sarif.go has its own small set of SARIF 2.1.0 types instead of
// github.com/owenrumney/go-sarif/v3, which writes every empty array ("attachments": [],
// "codeFlows": [], ... 29 of them for one rule and one result) and so makes the output
// long and hard to read; report's tests validate against the official schema.
require (
	// doublestar: ** globs in the queries of faultline.yaml (suppress.ProjectFiles).
	github.com/bmatcuk/doublestar/v4 v4.10.4
	// plugin-module-register: the golangci-lint module plugin (package golangci).
	github.com/golangci/plugin-module-register v0.1.2
	github.com/pganalyze/pg_query_go/v6 v6.2.5
	// jsonschema: report's tests validate the SARIF output against the official schema.
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/mod v0.42.0
)

require (
	github.com/emicklei/dot v1.6.2
	github.com/google/go-cmp v0.6.0 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/pgx/v5 v5.12.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)
