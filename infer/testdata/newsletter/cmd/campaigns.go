package main

// handleGetCampaign serves get-campaign.
func handleGetCampaign(app *App) error {
	return app.core.GetCampaign(app.i18n.T("get-campaign"))
}

// handleCreateCampaign serves create-campaign.
func handleCreateCampaign(app *App) error {
	return app.core.CreateCampaign(app.i18n.T("create-campaign"))
}
