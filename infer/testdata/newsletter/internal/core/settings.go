package core

// GetSettings runs get-settings.
func (c *Core) GetSettings(args ...any) error {
	_, err := c.q.GetSettings.Exec(args...)
	return err
}

// UpdateSettings runs update-settings.
func (c *Core) UpdateSettings(args ...any) error {
	_, err := c.q.UpdateSettings.Exec(args...)
	return err
}
