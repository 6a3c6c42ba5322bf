package core

import "strings"

// Campaign is a campaign.
type Campaign struct {
	ID                    int
	Name, Subject, Status string
}

// GetCampaign reads one campaign: campaigns' own table.
func (c *Core) GetCampaign(id int) (Campaign, error) {
	var out Campaign
	err := c.q.GetCampaign.Get(&out, id)
	return out, err
}

// GetCampaignLists reads the lists a campaign goes to, joining lists' table.
func (c *Core) GetCampaignLists(id int) error {
	var out struct{ ID, Name string }
	return c.q.GetCampaignLists.Get(&out, id)
}

// CountTargets counts the subscribers a campaign goes to: the template is
// handed to a helper that fills it in.
func (c *Core) CountTargets(id int, filter string) (int, error) {
	return c.count(c.q.CountCampaignTargets, filter, id)
}

func (c *Core) count(tpl, filter string, args ...any) (int, error) {
	var n int
	err := c.db.QueryRow(strings.ReplaceAll(tpl, "%query%", filter), args...).Scan(&n)
	return n, err
}

// Blocklist blocklists the subscribers of a bounced campaign: campaigns' code
// writing subscribers' table.
func (c *Core) Blocklist(ids []int) error {
	_, err := c.q.BlocklistSubscribers.Exec(ids)
	return err
}
