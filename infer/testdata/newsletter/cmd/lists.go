package main

// handleGetLists serves get-lists.
func handleGetLists(app *App) error {
	return app.core.GetLists(app.i18n.T("get-lists"))
}

// handleCreateList serves create-list.
func handleCreateList(app *App) error {
	return app.core.CreateList(app.i18n.T("create-list"))
}
