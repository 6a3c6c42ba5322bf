package main

// handleView registers a campaign view from the tracking pixel.
func handleView(app *App, campUUID, subUUID string) error {
	_, err := app.queries.RegisterCampaignView.Exec(campUUID, subUUID)
	return err
}

// handleLinkRedirect registers a click and redirects.
func handleLinkRedirect(app *App, campUUID, subUUID, linkUUID string) error {
	_, err := app.queries.RegisterLinkClick.Exec(campUUID, subUUID, linkUUID)
	return err
}
