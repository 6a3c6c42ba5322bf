package main

// handleGetSubscriber serves get-subscriber.
func handleGetSubscriber(app *App) error {
	return app.core.GetSubscriber(app.i18n.T("get-subscriber"))
}

// handleGetSubscriberLists serves get-subscriber-lists.
func handleGetSubscriberLists(app *App) error {
	return app.core.GetSubscriberLists(app.i18n.T("get-subscriber-lists"))
}
