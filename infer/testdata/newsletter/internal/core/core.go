// Package core is the newsletter's domain: one file per domain, one Core type.
package core

import (
	"example.com/newsletter/internal/i18n"
	"example.com/newsletter/models"
)

// Core runs the domain operations on the prepared queries.
type Core struct {
	q    *models.Queries
	i18n *i18n.I18n
}

// New returns a Core on the prepared queries.
func New(q *models.Queries, i *i18n.I18n) *Core {
	return &Core{q: q, i18n: i}
}
