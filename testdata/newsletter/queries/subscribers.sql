-- Subscribers' queries, in goyesql's format.

-- name: get-subscriber
SELECT id, email, name, status FROM subscribers WHERE id = $1;

-- name: query-subscribers
-- A template: %query% is the user's filter and %order% an ORDER BY list.
SELECT subscribers.id, subscribers.email FROM subscribers
    LEFT JOIN subscriber_lists ON subscriber_lists.subscriber_id = subscribers.id
    WHERE (CARDINALITY($1::INT[]) = 0 OR subscriber_lists.list_id = ANY($1::INT[]))
    %query%
    ORDER BY %order%;

-- name: get-subscriber-lists
SELECT lists.id, lists.name, subscriber_lists.status FROM subscriber_lists
    JOIN lists ON lists.id = subscriber_lists.list_id
    WHERE subscriber_lists.subscriber_id = $1;

-- name: blocklist-subscribers
UPDATE subscribers SET status = 'blocklisted' WHERE id = ANY($1::INT[]);
