package core

import (
	"strings"
)

// Subscriber is a subscriber.
type Subscriber struct {
	ID                 int
	Email, Name, State string
}

// GetSubscriber reads one subscriber: subscribers' own table.
func (c *Core) GetSubscriber(id int) (Subscriber, error) {
	var s Subscriber
	err := c.q.GetSubscriber.Get(&s, id)
	return s, err
}

// QuerySubscribers fills the template's placeholders with the user's filter.
func (c *Core) QuerySubscribers(listIDs []int, filter, order string) (*strings.Builder, error) {
	stmt := strings.ReplaceAll(c.q.QuerySubscribers, "%query%", filter)
	stmt = strings.ReplaceAll(stmt, "%order%", order)
	rows, err := c.db.Query(stmt, listIDs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return &strings.Builder{}, rows.Err()
}

// GetSubscriberLists reads the lists a subscriber is on: it reaches into the
// lists context's table.
func (c *Core) GetSubscriberLists(id int) error {
	var out struct{ ID, Name, Status string }
	return c.q.GetSubscriberLists.Get(&out, id)
}
