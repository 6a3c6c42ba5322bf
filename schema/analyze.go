package schema

import (
	"github.com/faultline/faultline/query"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// analyzeNode resolves a view's query against the catalog.
func analyzeNode(n *pg_query.Node, cat query.Catalog) query.Statement {
	return query.AnalyzeNode(n, cat)
}

// analyzeFunction resolves a CREATE FUNCTION statement's body against the catalog.
func analyzeFunction(def string, cat query.Catalog) ([]query.Statement, bool, error) {
	return query.AnalyzeFunction(def, cat)
}
