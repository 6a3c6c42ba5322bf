// Package db opens the connection pool the whole catalog shares.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Open opens a pool on dsn with the driver registered as "postgres" and checks
// that the server answers.
func Open(ctx context.Context, dsn string) (*sql.DB, error) {
	pool, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("ping database: %w", err)
	}
	return pool, nil
}
