package core

// InsertMedia runs insert-media.
func (c *Core) InsertMedia(args ...any) error {
	_, err := c.q.InsertMedia.Exec(args...)
	return err
}

// GetMedia runs get-media.
func (c *Core) GetMedia(args ...any) error {
	_, err := c.q.GetMedia.Exec(args...)
	return err
}

// DeleteMedia runs delete-media.
func (c *Core) DeleteMedia(args ...any) error {
	_, err := c.q.DeleteMedia.Exec(args...)
	return err
}
