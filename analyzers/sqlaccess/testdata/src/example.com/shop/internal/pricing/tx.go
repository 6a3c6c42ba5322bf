package pricing

import (
	"context"
	"database/sql"

	"example.com/shop/internal/platform/store"
)

// PutOnSale writes pricing's columns, its history and core product's is_active
// in one transaction.
func PutOnSale(ctx context.Context, db *sql.DB, sku string, price float64) error {
	tx, err := db.BeginTx(ctx, nil) // want `this transaction writes the data of contexts coreproduct, pricing: (public\.)?products\(is_active\) \(coreproduct\), (public\.)?price_history.*\(pricing\)`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE products SET sale_price = $2, is_on_sale = true WHERE sku = $1`, sku, price); err != nil {
		return err
	}
	if err := recordSale(ctx, tx, sku, price); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE products SET is_active = true WHERE sku = $1`, sku); err != nil { // want `writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table pricing->coreproduct\]`
		return err
	}
	return tx.Commit()
}

// recordSale writes pricing's history in the transaction it is handed.
func recordSale(ctx context.Context, tx *sql.Tx, sku string, price float64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO price_history (sku, kind, new_price) VALUES ($1, 'sale', $2)`, sku, price)
	return err
}

// Reprice writes only pricing's data, a column of products among it: no finding.
func Reprice(ctx context.Context, db *sql.DB, sku string, price float64) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE products SET sale_price = $2 WHERE sku = $1`, sku, price); err != nil {
		return err
	}
	if err := recordSale(ctx, tx, sku, price); err != nil {
		return err
	}
	return tx.Commit()
}

// ActivateOnSale writes core product's column through a shared helper handed the
// transaction.
func ActivateOnSale(ctx context.Context, db *sql.DB, sku string, price float64) error {
	tx, err := db.BeginTx(ctx, nil) // want `this transaction writes the data of contexts coreproduct, pricing`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := store.SetActive(ctx, tx, sku, true); err != nil { // want `through store\.SetActive writes coreproduct's column.*(public\.)?products\.is_active.*\[foreign-table pricing->coreproduct\]`
		return err
	}
	if err := recordSale(ctx, tx, sku, price); err != nil {
		return err
	}
	return tx.Commit()
}

// Service runs pricing's sqlc queries.
type Service struct {
	db *sql.DB
	q  *Queries
}

// Launch uses sqlc's WithTx: the queries run in the transaction.
func (s *Service) Launch(ctx context.Context, sku string, price float64) error {
	tx, err := s.db.BeginTx(ctx, nil) // want `this transaction writes the data of contexts coreproduct, pricing`
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := s.q.WithTx(tx)
	if err := qtx.SetSalePrice(ctx, sku, price); err != nil {
		return err
	}
	if err := qtx.ActivateProduct(ctx, sku); err != nil {
		return err
	}
	return tx.Commit()
}

// Discount uses sqlc's WithTx on pricing's data only: no finding.
func (s *Service) Discount(ctx context.Context, sku string, price float64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	qtx := New(tx)
	if err := qtx.SetSalePrice(ctx, sku, price); err != nil {
		return err
	}
	if err := qtx.InsertPriceHistory(ctx, sku, price); err != nil {
		return err
	}
	return tx.Commit()
}
