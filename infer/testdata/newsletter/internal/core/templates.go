package core

// GetTemplates runs get-templates.
func (c *Core) GetTemplates(args ...any) error {
	_, err := c.q.GetTemplates.Exec(args...)
	return err
}

// CreateTemplate runs create-template.
func (c *Core) CreateTemplate(args ...any) error {
	_, err := c.q.CreateTemplate.Exec(args...)
	return err
}

// UpdateTemplate runs update-template.
func (c *Core) UpdateTemplate(args ...any) error {
	_, err := c.q.UpdateTemplate.Exec(args...)
	return err
}

// SetDefaultTemplate runs set-default-template.
func (c *Core) SetDefaultTemplate(args ...any) error {
	_, err := c.q.SetDefaultTemplate.Exec(args...)
	return err
}

// DeleteTemplate runs delete-template.
func (c *Core) DeleteTemplate(args ...any) error {
	_, err := c.q.DeleteTemplate.Exec(args...)
	return err
}
