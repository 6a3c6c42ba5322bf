// Package dbx is a database client whose methods take SQL that faultline cannot
// see through: faultline.yaml names them under sql.functions.
package dbx

import "context"

// Client sends SQL somewhere faultline does not know.
type Client struct {
	send func(q string, args ...any) error
}

// Do runs q.
func (c *Client) Do(ctx context.Context, q string, args ...any) error { return c.send(q, args...) }

// Default is the client Must uses.
var Default = &Client{}

// Must runs q on the default client and panics when it fails.
func Must(q string, args ...any) {
	if err := Default.send(q, args...); err != nil {
		panic(err)
	}
}
