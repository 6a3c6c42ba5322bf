package core

import (
	"strings"

	"example.com/news/internal/platform/dbutil"
)

// Subscriber is subscribers'.
type Subscriber struct{ ID int }

// GetSubscriber runs its own context's named query: nothing to report.
func (c *Core) GetSubscriber(id int) (Subscriber, error) {
	var s Subscriber
	err := c.q.GetSubscriber.Get(&s, id)
	return s, err
}

// QuerySubscribers fills the template's placeholders: its own tables, and the
// placeholders counted as SQL built at run time.
func (c *Core) QuerySubscribers(cond, order string) error { // want QuerySubscribers:"sql\\(select subscriber_lists:r,subscribers:r on receiver\\)"
	var ids []int
	stmt := strings.ReplaceAll(strings.ReplaceAll(c.q.QuerySubscribers, "%query%", cond), "%order%", order)
	return c.db.Select(&ids, stmt, []int{1})
}

// PauseCampaign writes campaigns' table through a statement handed to a shared
// helper: the finding sits here, with the query as evidence.
func (c *Core) PauseCampaign(id int) error {
	return dbutil.Run(c.q.UpdateCampaignStatus, id, "paused") // want `subscribers writes campaigns's column public.campaigns.status and reads column public.campaigns.id \(named query update-campaign-status \(queries/queries.sql:20:1\)`
}

// Broken runs a named query that does not parse: a parse error at the call,
// naming the query file.
func (c *Core) Broken() {
	c.q.Broken.MustExec() // want `the SQL does not parse as PostgreSQL: syntax error at or near "WHERE"; faultline cannot check what it touches \(named query broken \(queries/queries.sql:32:1\)\)`
}

// Missing runs a query no file names: SQL faultline cannot see.
func (c *Core) Missing() {
	c.q.Missing.MustExec()
}
