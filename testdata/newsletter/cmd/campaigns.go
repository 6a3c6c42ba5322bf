package main

// handleCampaignStatus changes a campaign's status, then reads the campaign's
// lists itself, and the lists through the lists context's code.
func (app *App) handleCampaignStatus(id int, status string) error {
	if _, err := app.queries.UpdateCampaignStatus.Exec(id, status); err != nil {
		return err
	}
	var lists struct{ ID, Name string }
	if err := app.queries.GetCampaignLists.Get(&lists, id); err != nil {
		return err
	}
	return app.core.GetLists("name")
}
