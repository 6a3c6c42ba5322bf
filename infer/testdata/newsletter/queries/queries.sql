-- subscribers
-- name: get-subscriber
SELECT * FROM subscribers WHERE id = $1 OR uuid = $2 OR email = $3;

-- name: get-subscriber-lists
SELECT lists.id, lists.name, subscriber_lists.status FROM lists
    LEFT JOIN subscriber_lists ON (subscriber_lists.list_id = lists.id)
    WHERE subscriber_lists.subscriber_id = $1;

-- name: insert-subscriber
INSERT INTO subscribers (uuid, email, name, status, attribs) VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: update-subscriber
UPDATE subscribers SET email = $2, name = $3, status = $4, attribs = $5 WHERE id = $1;

-- name: delete-subscribers
DELETE FROM subscribers WHERE id = ANY($1::INT[]);

-- name: add-subscribers-to-lists
INSERT INTO subscriber_lists (subscriber_id, list_id, status)
    VALUES (UNNEST($1::INT[]), UNNEST($2::INT[]), 'confirmed')
    ON CONFLICT (subscriber_id, list_id) DO NOTHING;

-- name: unsubscribe-subscribers-from-lists
UPDATE subscriber_lists SET status = 'unsubscribed' WHERE subscriber_id = ANY($1::INT[]);

-- name: blocklist-subscribers
UPDATE subscribers SET status = 'blocklisted' WHERE id = ANY($1::INT[]);

-- lists
-- name: get-lists
SELECT id, uuid, name, type, optin, tags, created_at FROM lists ORDER BY created_at;

-- name: create-list
INSERT INTO lists (uuid, name, type, optin, tags) VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: update-list
UPDATE lists SET name = $2, type = $3, optin = $4, tags = $5 WHERE id = $1;

-- name: delete-lists
DELETE FROM lists WHERE id = ANY($1);

-- campaigns
-- name: get-campaign
SELECT campaigns.*, templates.body AS template_body FROM campaigns
    LEFT JOIN templates ON (templates.id = campaigns.template_id)
    WHERE campaigns.id = $1;

-- name: create-campaign
INSERT INTO campaigns (uuid, name, subject, body, template_id) VALUES ($1, $2, $3, $4, $5) RETURNING id;

-- name: insert-campaign-lists
INSERT INTO campaign_lists (campaign_id, list_id, list_name)
    SELECT $1, id, name FROM lists WHERE id = ANY($2::INT[]);

-- name: update-campaign-status
UPDATE campaigns SET status = $2 WHERE id = $1;

-- name: delete-campaign
DELETE FROM campaigns WHERE id = $1;

-- name: get-campaign-stats
SELECT campaign_id, COUNT(*) AS views FROM campaign_views WHERE campaign_id = ANY($1) GROUP BY campaign_id;

-- name: register-campaign-view
INSERT INTO campaign_views (campaign_id, subscriber_id)
    VALUES ((SELECT id FROM campaigns WHERE uuid = $1), (SELECT id FROM subscribers WHERE uuid = $2));

-- name: next-campaign-subscribers
SELECT subscribers.id, subscribers.email, subscribers.name FROM subscribers
    LEFT JOIN subscriber_lists ON (subscriber_lists.subscriber_id = subscribers.id)
    WHERE subscriber_lists.list_id = ANY($2::INT[]) AND subscribers.id > $3
    ORDER BY subscribers.id LIMIT $4;

-- name: update-campaign-counts
UPDATE campaigns SET sent = sent + $2, last_subscriber_id = $3 WHERE id = $1;

-- name: get-campaign-link-counts
SELECT COUNT(*) AS count, url FROM link_clicks
    LEFT JOIN links ON (link_clicks.link_id = links.id)
    WHERE campaign_id = ANY($1) GROUP BY links.url;

-- name: create-link
INSERT INTO links (uuid, url) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET url = EXCLUDED.url RETURNING uuid;

-- name: register-link-click
INSERT INTO link_clicks (campaign_id, subscriber_id, link_id)
    VALUES ((SELECT id FROM campaigns WHERE uuid = $1), (SELECT id FROM subscribers WHERE uuid = $2),
            (SELECT id FROM links WHERE uuid = $3));

-- templates
-- name: get-templates
SELECT id, name, type, body, is_default FROM templates WHERE $1 = 0 OR id = $1;

-- name: create-template
INSERT INTO templates (name, type, body) VALUES ($1, $2, $3) RETURNING id;

-- name: update-template
UPDATE templates SET name = $2, body = $3 WHERE id = $1;

-- name: set-default-template
UPDATE templates SET is_default = (id = $1);

-- name: delete-template
DELETE FROM templates WHERE id = $1 AND is_default = false;

-- media
-- name: insert-media
INSERT INTO media (uuid, provider, filename, thumb) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: get-media
SELECT id, uuid, provider, filename, thumb, created_at FROM media WHERE id = $1;

-- name: delete-media
DELETE FROM media WHERE id = $1 RETURNING filename;

-- settings
-- name: get-settings
SELECT json_object_agg(key, value) FROM settings;

-- name: update-settings
UPDATE settings SET value = $2, updated_at = now() WHERE key = $1;

-- users
-- name: get-users
SELECT id, username, email, role, created_at FROM users WHERE $1 = 0 OR id = $1;

-- name: create-user
INSERT INTO users (username, password, email, role) VALUES ($1, $2, $3, $4) RETURNING id;

-- name: update-user
UPDATE users SET username = $2, email = $3, role = $4 WHERE id = $1;

-- name: delete-user
DELETE FROM users WHERE id = $1;

-- bounces
-- name: record-bounce
INSERT INTO bounces (subscriber_id, campaign_id, type, source, meta)
    VALUES ((SELECT id FROM subscribers WHERE email = $1), (SELECT id FROM campaigns WHERE uuid = $2), $3, $4, $5);

-- name: query-bounces
SELECT bounces.id, bounces.type, bounces.source, bounces.created_at, subscribers.email FROM bounces
    LEFT JOIN subscribers ON (subscribers.id = bounces.subscriber_id) WHERE $1 = 0 OR bounces.id = $1;

-- name: delete-bounces
DELETE FROM bounces WHERE id = ANY($1);
