package core

import "strings"

// GetLists reads the lists, ordered as asked.
func (c *Core) GetLists(order string) error {
	rows, err := c.db.Query(strings.Replace(c.q.GetLists, "%order%", order, 1))
	if err != nil {
		return err
	}
	return rows.Close()
}

// DeleteList deletes a list and, with it, the subscriptions to it: a write
// into subscribers' table.
func (c *Core) DeleteList(id int) error {
	_, err := c.q.DeleteList.Exec(id)
	return err
}
