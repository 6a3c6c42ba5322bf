package core

// GetCampaign runs get-campaign.
func (c *Core) GetCampaign(args ...any) error {
	_, err := c.q.GetCampaign.Exec(args...)
	return err
}

// CreateCampaign runs create-campaign.
func (c *Core) CreateCampaign(args ...any) error {
	_, err := c.q.CreateCampaign.Exec(args...)
	return err
}

// InsertCampaignLists runs insert-campaign-lists.
func (c *Core) InsertCampaignLists(args ...any) error {
	_, err := c.q.InsertCampaignLists.Exec(args...)
	return err
}

// UpdateCampaignStatus runs update-campaign-status.
func (c *Core) UpdateCampaignStatus(args ...any) error {
	_, err := c.q.UpdateCampaignStatus.Exec(args...)
	return err
}

// DeleteCampaign runs delete-campaign.
func (c *Core) DeleteCampaign(args ...any) error {
	_, err := c.q.DeleteCampaign.Exec(args...)
	return err
}

// GetCampaignStats runs get-campaign-stats.
func (c *Core) GetCampaignStats(args ...any) error {
	_, err := c.q.GetCampaignStats.Exec(args...)
	return err
}

// GetCampaignLinkCounts runs get-campaign-link-counts.
func (c *Core) GetCampaignLinkCounts(args ...any) error {
	_, err := c.q.GetCampaignLinkCounts.Exec(args...)
	return err
}
