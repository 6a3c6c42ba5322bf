package core

// GetSubscriber runs get-subscriber.
func (c *Core) GetSubscriber(args ...any) error {
	_, err := c.q.GetSubscriber.Exec(args...)
	return err
}

// GetSubscriberLists runs get-subscriber-lists.
func (c *Core) GetSubscriberLists(args ...any) error {
	_, err := c.q.GetSubscriberLists.Exec(args...)
	return err
}

// InsertSubscriber runs insert-subscriber.
func (c *Core) InsertSubscriber(args ...any) error {
	_, err := c.q.InsertSubscriber.Exec(args...)
	return err
}

// UpdateSubscriber runs update-subscriber.
func (c *Core) UpdateSubscriber(args ...any) error {
	_, err := c.q.UpdateSubscriber.Exec(args...)
	return err
}

// DeleteSubscribers runs delete-subscribers.
func (c *Core) DeleteSubscribers(args ...any) error {
	_, err := c.q.DeleteSubscribers.Exec(args...)
	return err
}

// AddSubscribersToLists runs add-subscribers-to-lists.
func (c *Core) AddSubscribersToLists(args ...any) error {
	_, err := c.q.AddSubscribersToLists.Exec(args...)
	return err
}

// UnsubscribeSubscribersFromLists runs unsubscribe-subscribers-from-lists.
func (c *Core) UnsubscribeSubscribersFromLists(args ...any) error {
	_, err := c.q.UnsubscribeSubscribersFromLists.Exec(args...)
	return err
}

// BlocklistSubscribers runs blocklist-subscribers.
func (c *Core) BlocklistSubscribers(args ...any) error {
	_, err := c.q.BlocklistSubscribers.Exec(args...)
	return err
}
