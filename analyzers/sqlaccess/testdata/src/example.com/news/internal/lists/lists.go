// Package lists is the lists context's.
package lists

import (
	"github.com/jmoiron/sqlx"
	"github.com/knadh/goyesql/v2"
	"github.com/qustavo/dotsql"
)

var queries, _ = goyesql.ParseFile("queries/queries.sql")

// Delete deletes one of its own lists.
func Delete(db *sqlx.DB, id int) { // want Delete:"sql\\(delete lists:w on param 0\\)"
	db.MustExec("DELETE FROM lists WHERE id = $1", id)
}

// Members reads subscribers' table: reported here, where it runs, and not at
// the callers in other contexts.
func Members(db *sqlx.DB) { // want Members:"sql\\(select subscriber_lists:r on param 0\\)"
	var n int
	db.Get(&n, queries["count-subscribers-in-lists"]) // want `lists reads subscribers's column subscriber_lists.list_id \(named query count-subscribers-in-lists`
}

// ByName runs queries by name with dotsql.
func ByName(db *sqlx.DB, dot *dotsql.DotSql) { // want ByName:"sql\\(delete lists:w on param 0; select subscribers:r on param 0; select campaign_lists:r,lists:r on param 0\\)"
	dot.Exec(db, "delete-list", 1)
	dot.QueryRow(db, "get-subscriber", 1) // want `lists reads subscribers's columns subscribers.email, subscribers.id \(named query get-subscriber`
	raw, _ := dot.Raw("get-campaign-lists")
	db.MustExec(raw) // want `lists reads campaigns's columns campaign_lists.campaign_id, campaign_lists.list_id \(named query get-campaign-lists` `lists's statement spans contexts campaigns, lists`
}
