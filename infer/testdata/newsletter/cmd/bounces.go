package main

// handleRecordBounce serves record-bounce.
func handleRecordBounce(app *App) error {
	return app.core.RecordBounce(app.i18n.T("record-bounce"))
}

// handleQueryBounces serves query-bounces.
func handleQueryBounces(app *App) error {
	return app.core.QueryBounces(app.i18n.T("query-bounces"))
}
