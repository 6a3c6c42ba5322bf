package main

// handleInsertMedia serves insert-media.
func handleInsertMedia(app *App) error {
	return app.core.InsertMedia(app.i18n.T("insert-media"))
}

// handleGetMedia serves get-media.
func handleGetMedia(app *App) error {
	return app.core.GetMedia(app.i18n.T("get-media"))
}
