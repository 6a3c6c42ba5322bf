-- Campaigns' queries.

-- name: get-campaign
SELECT id, name, subject, status FROM campaigns WHERE id = $1;

-- name: get-campaign-lists
SELECT lists.id, lists.name FROM campaign_lists
    JOIN lists ON lists.id = campaign_lists.list_id
    WHERE campaign_lists.campaign_id = $1;

-- name: count-campaign-targets
-- %query% narrows the subscribers the campaign goes to.
SELECT COUNT(*) FROM subscriber_lists
    WHERE list_id = ANY(SELECT list_id FROM campaign_lists WHERE campaign_id = $1)
    %query%;

-- name: update-campaign-status
UPDATE campaigns SET status = $2 WHERE id = $1;
