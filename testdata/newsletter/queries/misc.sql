-- Queries of several contexts in one file: owned query by query in faultline.yaml.

-- name: get-settings
SELECT key, value FROM settings;

-- name: get-dashboard-counts
SELECT (SELECT COUNT(*) FROM subscribers) AS subscribers,
       (SELECT COUNT(*) FROM lists) AS lists,
       (SELECT COUNT(*) FROM campaigns) AS campaigns;

-- name: get-dashboard-charts
SELECT campaigns.name, COUNT(subscriber_lists.subscriber_id) FROM campaigns
    JOIN campaign_lists ON campaign_lists.campaign_id = campaigns.id
    JOIN subscriber_lists ON subscriber_lists.list_id = campaign_lists.list_id
    GROUP BY campaigns.name;
