// Package migrations upgrades the schema from one release to the next, in Go.
package migrations

import "github.com/jmoiron/sqlx"

// Run applies every upgrade.
func Run(db *sqlx.DB) error {
	for _, up := range []func(*sqlx.DB) error{v2, v3} {
		if err := up(db); err != nil {
			return err
		}
	}
	return nil
}

func v2(db *sqlx.DB) error {
	_, err := db.Exec(`ALTER TABLE subscribers ADD COLUMN IF NOT EXISTS attribs jsonb NOT NULL DEFAULT '{}'`)
	if err != nil {
		return err
	}
	_, err = db.Exec(`INSERT INTO settings (key, value) VALUES ('privacy.allow_export', 'true') ON CONFLICT DO NOTHING`)
	return err
}

func v3(db *sqlx.DB) error {
	if _, err := db.Exec(`UPDATE subscribers SET status = 'enabled' WHERE status = ''`); err != nil {
		return err
	}
	if _, err := db.Exec(`UPDATE campaigns SET status = 'draft' WHERE status IS NULL`); err != nil {
		return err
	}
	if _, err := db.Exec(`DELETE FROM settings WHERE key = 'app.legacy'`); err != nil {
		return err
	}
	_, err := db.Exec(`UPDATE templates SET type = 'campaign' WHERE type = ''`)
	return err
}
