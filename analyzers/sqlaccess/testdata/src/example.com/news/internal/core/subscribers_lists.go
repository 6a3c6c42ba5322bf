package core

import (
	"context"

	"example.com/news/internal/platform/db"
)

// ListName runs sqlc's generated method: the SQL is the caller's, and the
// finding names the query of queries/sqlc/lists.sql it came from.
func ListName(ctx context.Context, q *db.Queries) error { // want ListName:"sql\\(select lists:r on param 1\\)"
	return q.GetList(ctx, 1) // want `subscribers through db.Queries.GetList reads lists's columns lists.id, lists.name \(named query GetList \(queries/sqlc/lists.sql:3:1\)\)`
}
