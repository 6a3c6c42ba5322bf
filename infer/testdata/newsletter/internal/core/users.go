package core

// GetUsers runs get-users.
func (c *Core) GetUsers(args ...any) error {
	_, err := c.q.GetUsers.Exec(args...)
	return err
}

// CreateUser runs create-user.
func (c *Core) CreateUser(args ...any) error {
	_, err := c.q.CreateUser.Exec(args...)
	return err
}

// UpdateUser runs update-user.
func (c *Core) UpdateUser(args ...any) error {
	_, err := c.q.UpdateUser.Exec(args...)
	return err
}

// DeleteUser runs delete-user.
func (c *Core) DeleteUser(args ...any) error {
	_, err := c.q.DeleteUser.Exec(args...)
	return err
}
