package core

// RecordBounce runs record-bounce.
func (c *Core) RecordBounce(args ...any) error {
	_, err := c.q.RecordBounce.Exec(args...)
	return err
}

// QueryBounces runs query-bounces.
func (c *Core) QueryBounces(args ...any) error {
	_, err := c.q.QueryBounces.Exec(args...)
	return err
}

// DeleteBounces runs delete-bounces.
func (c *Core) DeleteBounces(args ...any) error {
	_, err := c.q.DeleteBounces.Exec(args...)
	return err
}
