// Command newsletter serves the newsletter manager.
package main

import (
	"github.com/jmoiron/sqlx"
	"github.com/knadh/goyesql/v2"
	goyesqlx "github.com/knadh/goyesql/v2/sqlx"

	"example.com/newsletter/internal/captcha"
	"example.com/newsletter/internal/core"
	"example.com/newsletter/internal/i18n"
	"example.com/newsletter/internal/manager"
	"example.com/newsletter/internal/media/providers/filesystem"
	"example.com/newsletter/internal/migrations"
	"example.com/newsletter/models"
)

// App is what the handlers share.
type App struct {
	core    *core.Core
	i18n    *i18n.I18n
	captcha *captcha.Captcha
	media   *filesystem.Store
	manager *manager.Manager
	queries *models.Queries
}

func main() {
	db := sqlx.MustConnect("postgres", "")
	qMap, _ := goyesql.ParseFile("queries/queries.sql")
	var q models.Queries
	goyesqlx.ScanToStruct(&q, qMap, db.Unsafe())
	migrations.Run(db)
	app := &App{core: core.New(&q, i18n.New()), i18n: i18n.New(), captcha: captcha.New(), media: filesystem.New(), queries: &q}
	app.manager = manager.New(&q, app.i18n)
	_ = app
}
