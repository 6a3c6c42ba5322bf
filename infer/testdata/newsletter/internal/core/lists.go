package core

// GetLists runs get-lists.
func (c *Core) GetLists(args ...any) error {
	_, err := c.q.GetLists.Exec(args...)
	return err
}

// CreateList runs create-list.
func (c *Core) CreateList(args ...any) error {
	_, err := c.q.CreateList.Exec(args...)
	return err
}

// UpdateList runs update-list.
func (c *Core) UpdateList(args ...any) error {
	_, err := c.q.UpdateList.Exec(args...)
	return err
}

// DeleteLists runs delete-lists.
func (c *Core) DeleteLists(args ...any) error {
	_, err := c.q.DeleteLists.Exec(args...)
	return err
}
