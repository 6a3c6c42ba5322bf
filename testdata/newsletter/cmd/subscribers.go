package main

// handleGetSubscriber serves a subscriber with the lists it is on.
func (app *App) handleGetSubscriber(id int) error {
	if _, err := app.core.GetSubscriber(id); err != nil {
		return err
	}
	var settings struct{ Key, Value string }
	if err := app.queries.GetSettings.Get(&settings); err != nil {
		return err
	}
	return app.core.GetSubscriberLists(id)
}
