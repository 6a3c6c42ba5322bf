// Package core is the newsletter's domain package, one file per context; this
// file is the shared kernel's.
package core

import "github.com/jmoiron/sqlx"

// Queries are the prepared statements and templates of queries/queries.sql, as
// goyesql's ScanToStruct fills them in by tag.
type Queries struct {
	GetSubscriber           *sqlx.Stmt `query:"get-subscriber"`
	QuerySubscribers        string     `query:"query-subscribers"`
	CountSubscribersInLists string     `query:"count-subscribers-in-lists"`
	GetCampaignLists        *sqlx.Stmt `query:"get-campaign-lists"`
	UpdateCampaignStatus    *sqlx.Stmt `query:"update-campaign-status"`
	AnyTable                string     `query:"any-table"`
	Broken                  *sqlx.Stmt `query:"broken"`
	Missing                 *sqlx.Stmt `query:"no-such-query"`
}

// Core holds the statements in a struct, as the monolith does.
type Core struct {
	q  *Queries
	db *sqlx.DB
}
