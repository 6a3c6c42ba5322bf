-- Dashboard queries, kept apart from the domains they read.

-- name: get-dashboard-charts
SELECT (SELECT COUNT(*) FROM campaign_views) AS views, (SELECT COUNT(*) FROM link_clicks) AS clicks;

-- name: get-dashboard-counts
SELECT (SELECT COUNT(*) FROM subscribers) AS subscribers, (SELECT COUNT(*) FROM lists) AS lists,
       (SELECT COUNT(*) FROM campaigns) AS campaigns;
