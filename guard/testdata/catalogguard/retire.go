// Package guardexample is a marketing feature that the runtime guard catches:
// retiring a campaign also clears the stock it had reserved, in one transaction
// over marketing's campaigns and inventory's stock.
package guardexample

import (
	"context"
	"database/sql"
	"fmt"
)

// RetireCampaign deletes a campaign and the stock row of the product it pushed,
// in one transaction.
func RetireCampaign(ctx context.Context, db *sql.DB, id int64, sku string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("retire campaign %d: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM campaigns WHERE id = $1`, id); err != nil {
		return fmt.Errorf("retire campaign %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM stock WHERE sku = $1`, sku); err != nil {
		return fmt.Errorf("retire campaign %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("retire campaign %d: %w", id, err)
	}
	return nil
}
