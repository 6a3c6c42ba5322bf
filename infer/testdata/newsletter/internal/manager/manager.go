// Package manager sends campaigns: it walks each campaign's subscribers in batches.
package manager

import (
	"example.com/newsletter/internal/i18n"
	"example.com/newsletter/models"
)

// Manager sends the running campaigns.
type Manager struct {
	q    *models.Queries
	i18n *i18n.I18n
}

// New returns a manager on the prepared queries.
func New(q *models.Queries, i *i18n.I18n) *Manager { return &Manager{q: q, i18n: i} }

// nextBatch fetches the next subscribers of a campaign and records progress.
func (m *Manager) nextBatch(campID, lastID int) error {
	var subs []struct{ ID int }
	if err := m.q.NextCampaignSubscribers.Select(&subs, campID, lastID); err != nil {
		return err
	}
	if _, err := m.q.UpdateCampaignCounts.Exec(campID, len(subs), lastID); err != nil {
		return err
	}
	_, err := m.q.CreateLink.Exec("uuid", "https://example.com")
	return err
}
