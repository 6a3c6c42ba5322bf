-- Queries of the newsletter, in goyesql's format.

-- name: get-subscriber
SELECT id, email FROM subscribers WHERE id = $1;

-- name: query-subscribers
-- A template: %query% is a condition and %order% an ORDER BY list, filled in at run time.
SELECT subscribers.id FROM subscribers
    LEFT JOIN subscriber_lists ON subscriber_lists.subscriber_id = subscribers.id
    WHERE subscriber_lists.list_id = ANY($1::INT[]) %query%
    ORDER BY %order%;

-- name: count-subscribers-in-lists
SELECT COUNT(*) FROM subscriber_lists WHERE list_id = ANY($1) %query%;

-- name: get-campaign-lists
SELECT lists.name FROM campaign_lists JOIN lists ON lists.id = campaign_lists.list_id WHERE campaign_lists.campaign_id = $1;

-- name: update-campaign-status
UPDATE campaigns SET status = $2 WHERE id = $1;

-- name: delete-list
DELETE FROM lists WHERE id = $1;

-- name: get-settings
SELECT value FROM settings;

-- name: any-table
SELECT * FROM %s WHERE id = $1;

-- name: broken
SELECT FROM WHERE;
