// Command newsletter serves the newsletter. Like its model, the package main
// is split by file: handlers of each context in their own file, wiring here.
package main

import (
	"database/sql"
	"log"
	"os"

	"example.com/newsletter/internal/core"
	"example.com/newsletter/internal/dbutil"
)

// App is what the handlers share.
type App struct {
	core    *core.Core
	queries *core.Queries
}

func main() {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	var qs map[string]string
	for _, name := range []string{"queries/subscribers.sql", "queries/lists.sql", "queries/campaigns.sql", "queries/misc.sql"} {
		f, err := os.Open(name)
		if err != nil {
			log.Fatal(err)
		}
		m, err := dbutil.ParseQueries(f)
		f.Close()
		if err != nil {
			log.Fatal(err)
		}
		if qs == nil {
			qs = m
		}
		for k, v := range m {
			qs[k] = v
		}
	}
	var q core.Queries
	if err := dbutil.ScanToStruct(&q, qs, db); err != nil {
		log.Fatal(err)
	}
	app := &App{core: core.New(&q, db), queries: &q}
	var counts struct{ Subscribers, Lists, Campaigns int }
	// The dashboard is wired here, in code no context owns: faultline judges
	// its queries by the `queries:` entry that owns them.
	if err := app.queries.GetDashboardCounts.Get(&counts); err != nil {
		log.Fatal(err)
	}
	serve(app)
}

func serve(app *App) {
	app.handleGetSubscriber(1)
	app.handleCampaignStatus(1, "paused")
}
