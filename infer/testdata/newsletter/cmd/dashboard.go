package main

// handleDashboard serves the dashboard's counts and charts.
func handleDashboard(app *App) error {
	var out []byte
	if err := app.queries.GetDashboardCounts.Get(&out); err != nil {
		return err
	}
	return app.queries.GetDashboardCharts.Get(&out)
}
