package core

import (
	"testing"

	"example.com/news/internal/platform/testutil"
)

// Test code's SQL is fixture work: counted, reported only with -tests.
func TestCampaigns(t *testing.T) {
	var c Core
	c.db.MustExec("TRUNCATE subscribers, campaigns, lists")
	testutil.Reset(t, c.db)
	c.q.GetSubscriber.Get(nil, 1)
}
