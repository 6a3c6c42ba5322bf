// The runtime guard's example on the catalog monolith (../../../testdata/catalog).
// Its import path lies under internal/marketing, so faultline.yaml's
// `marketing: packages: [internal/marketing/...]` makes this package marketing's
// code: a marketing feature written beside the catalog. guard's
// TestCatalogExample runs its test against a real PostgreSQL.
module example.com/catalog/internal/marketing/guardexample

go 1.26.0

require (
	example.com/catalog v0.0.0
	github.com/faultline/faultline v0.0.0
	github.com/jackc/pgx/v5 v5.12.0
	github.com/lib/pq v1.10.9
)

require (
	github.com/bmatcuk/doublestar/v4 v4.10.4 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/pganalyze/pg_query_go/v6 v6.2.5 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	google.golang.org/protobuf v1.33.0 // indirect
)

replace (
	example.com/catalog => ../../../testdata/catalog
	github.com/faultline/faultline => ../../..
)
