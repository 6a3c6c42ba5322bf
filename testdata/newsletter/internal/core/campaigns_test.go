package core

import (
	"database/sql"
	"os"
	"testing"
)

// TestCampaigns runs against a database when NEWSLETTER_DB names one. Its SQL
// is fixture work: faultline counts it and reports it only with --tests.
func TestCampaigns(t *testing.T) {
	dsn := os.Getenv("NEWSLETTER_DB")
	if dsn == "" {
		t.Skip("NEWSLETTER_DB not set")
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("TRUNCATE subscribers, subscriber_lists, lists, campaigns, campaign_lists"); err != nil {
		t.Fatal(err)
	}
}
