-- name: get-subscriber
SELECT id FROM subscribers WHERE id = $1;

-- name: query-subscribers
SELECT id FROM subscribers WHERE true %query% ORDER BY %order%;

-- name: subscriber-campaigns
SELECT campaigns.name FROM campaigns JOIN subscribers ON subscribers.id = campaigns.id;
