package core

import (
	"strings"

	"github.com/jmoiron/sqlx"

	"example.com/news/internal/lists"
	"example.com/news/internal/platform/dbutil"
)

// CampaignLists reads lists' table in a join with its own.
func (c *Core) CampaignLists(id int) ([]string, error) {
	var names []string
	err := c.q.GetCampaignLists.Select(&names, id) // want `campaigns reads lists's columns lists.id, lists.name \(named query get-campaign-lists \(queries/queries.sql:17:1\)\)` `campaigns's statement spans contexts campaigns, lists`
	return names, err
}

// Targets counts subscribers through a template handed to a helper of this
// file, which fills its placeholder.
func (c *Core) Targets(cond string) int { // want Targets:"sql\\(select subscriber_lists:r on receiver\\)"
	return c.count(c.q.CountSubscribersInLists, cond) // want `campaigns reads subscribers's column subscriber_lists.list_id \(named query count-subscribers-in-lists \(queries/queries.sql:14:1\)\)`
}

func (c *Core) count(tpl, cond string) int {
	var n int
	c.db.Get(&n, strings.ReplaceAll(tpl, "%query%", cond))
	return n
}

// TargetsShared hands the template to a helper of the shared kernel in
// another package.
func (c *Core) TargetsShared(cond string) int { // want TargetsShared:"sql\\(select subscriber_lists:r on receiver\\)"
	return dbutil.Count(c.db, c.q.CountSubscribersInLists, cond) // want `campaigns reads subscribers's column subscriber_lists.list_id`
}

// Block writes subscribers' table through a shared helper's own SQL: the
// helper belongs to no context, so its callers answer for it.
func (c *Core) Block(id int) { // want Block:"sql\\(update subscribers:w on receiver\\)"
	dbutil.Unsubscribe(c.db, id) // want `campaigns through dbutil.Unsubscribe writes subscribers's column subscribers.status`
}

// Archive calls into lists' code: a code coupling at the call (boundary's
// finding), and the SQL inside counts for lists, where it runs.
func (c *Core) Archive(id int) { // want Archive:"sql\\(delete lists:w on receiver; select subscriber_lists:r on receiver\\)"
	lists.Delete(c.db, id)
	lists.Members(c.db)
}

// Generic runs a template whose table is a placeholder: what it touches stays
// unknown, counted as SQL built at run time, never a parse error.
func (c *Core) Generic(table string, id int) { // want Generic:"sql\\(select  on receiver\\)"
	var out []int
	c.db.Select(&out, strings.Replace(c.q.AnyTable, "%s", table, 1), id)
}

// Settings reads the shared kernel's table.
func (c *Core) Settings(tx *sqlx.Tx) { // want Settings:"sql\\(select subscribers:r on param 0\\)"
	var v string
	tx.Stmtx(c.q.GetSubscriber).Get(&v) // want `campaigns reads subscribers's columns subscribers.email, subscribers.id \(named query get-subscriber`
}

// TargetsRewrite fills the template line by line, rewriting one variable, as
// real code does.
func (c *Core) TargetsRewrite(cond string) int { // want TargetsRewrite:"sql\\(select subscriber_lists:r on receiver; select subscribers:r on receiver\\)"
	var n int
	q := c.q.CountSubscribersInLists
	q = strings.ReplaceAll(q, "%query%", cond)
	c.db.Get(&n, q) // want `campaigns reads subscribers's column subscriber_lists.list_id \(named query count-subscribers-in-lists`
	t := "SELECT id FROM {{table}}"
	t = strings.Replace(t, "{{table}}", "subscribers", 1)
	c.db.Get(&n, t) // want `campaigns reads subscribers's column subscribers.id`
	return n
}
