-- A file holding the queries of several contexts.

-- name: get-campaign-count
SELECT COUNT(*) FROM campaigns;

-- name: dashboard-counts
SELECT (SELECT COUNT(*) FROM subscribers), (SELECT COUNT(*) FROM campaigns);

-- name: get-settings
SELECT value FROM settings, subscribers, campaigns;

-- name: other
SELECT * FROM %s;
