package main

// handleGetSettings serves get-settings.
func handleGetSettings(app *App) error {
	return app.core.GetSettings(app.i18n.T("get-settings"))
}

// handleUpdateSettings serves update-settings.
func handleUpdateSettings(app *App) error {
	return app.core.UpdateSettings(app.i18n.T("update-settings"))
}
