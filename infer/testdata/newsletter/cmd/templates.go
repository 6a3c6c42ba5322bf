package main

// handleGetTemplates serves get-templates.
func handleGetTemplates(app *App) error {
	return app.core.GetTemplates(app.i18n.T("get-templates"))
}

// handleCreateTemplate serves create-template.
func handleCreateTemplate(app *App) error {
	return app.core.CreateTemplate(app.i18n.T("create-template"))
}
