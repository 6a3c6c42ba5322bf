package marketing

import (
	"context"
	"fmt"
	"time"
)

// Campaign pushes the products of a category for a while.
type Campaign struct {
	ID           int64
	Title        string
	CategoryName string
	MinStock     int
	StartsAt     time.Time
	EndsAt       time.Time
}

// Candidate is a product a campaign can push.
type Candidate struct {
	SKU      string
	Name     string
	Quantity int
}

// CreateCampaign stores a campaign and returns its id.
func (s *Service) CreateCampaign(ctx context.Context, c Campaign) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO campaigns (title, category_name, min_stock, starts_at, ends_at)
		VALUES ($1, $2, $3, $4, $5)
		RETURNING id`,
		c.Title, c.CategoryName, c.MinStock, c.StartsAt, c.EndsAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create campaign %q: %w", c.Title, err)
	}
	return id, nil
}

const campaignCandidates = `
SELECT p.sku, p.name, s.quantity
FROM products p
JOIN stock s ON s.sku = p.sku
WHERE p.category_name = $1 AND p.is_active AND s.quantity >= $2
ORDER BY s.quantity DESC, p.sku`

// Candidates returns the products a campaign can push: the active products of
// its category with enough stock, best stocked first.
func (s *Service) Candidates(ctx context.Context, campaignID int64) ([]Candidate, error) {
	var category string
	var minStock int
	err := s.db.QueryRowContext(ctx, `SELECT category_name, min_stock FROM campaigns WHERE id = $1`, campaignID).
		Scan(&category, &minStock)
	if err != nil {
		return nil, fmt.Errorf("candidates of campaign %d: %w", campaignID, err)
	}
	rows, err := s.db.QueryContext(ctx, campaignCandidates, category, minStock)
	if err != nil {
		return nil, fmt.Errorf("candidates of campaign %d: %w", campaignID, err)
	}
	defer rows.Close()
	var cs []Candidate
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.SKU, &c.Name, &c.Quantity); err != nil {
			return nil, fmt.Errorf("candidates of campaign %d: %w", campaignID, err)
		}
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("candidates of campaign %d: %w", campaignID, err)
	}
	return cs, nil
}
