// Package core is the newsletter's domain: one package, one file per bounded
// context (subscribers.go, lists.go, campaigns.go). This file is the shared
// kernel's: the queries, bound by tag, and the handle every file uses.
package core

import (
	"database/sql"

	"example.com/newsletter/internal/dbutil"
)

// Queries are the named queries of queries/*.sql, bound by dbutil.ScanToStruct.
type Queries struct {
	GetSubscriber        *dbutil.Stmt `query:"get-subscriber"`
	QuerySubscribers     string       `query:"query-subscribers"`
	GetSubscriberLists   *dbutil.Stmt `query:"get-subscriber-lists"`
	BlocklistSubscribers *dbutil.Stmt `query:"blocklist-subscribers"`
	GetLists             string       `query:"get-lists"`
	DeleteList           *dbutil.Stmt `query:"delete-list"`
	GetCampaign          *dbutil.Stmt `query:"get-campaign"`
	GetCampaignLists     *dbutil.Stmt `query:"get-campaign-lists"`
	CountCampaignTargets string       `query:"count-campaign-targets"`
	UpdateCampaignStatus *dbutil.Stmt `query:"update-campaign-status"`
	GetSettings          *dbutil.Stmt `query:"get-settings"`
	GetDashboardCounts   *dbutil.Stmt `query:"get-dashboard-counts"`
}

// Core holds what every context's code needs.
type Core struct {
	q  *Queries
	db *sql.DB
}

// New returns the core.
func New(q *Queries, db *sql.DB) *Core { return &Core{q: q, db: db} }
