package main

// handleGetUsers serves get-users.
func handleGetUsers(app *App) error {
	return app.core.GetUsers(app.i18n.T("get-users"))
}

// handleCreateUser serves create-user.
func handleCreateUser(app *App) error {
	return app.core.CreateUser(app.i18n.T("create-user"))
}
