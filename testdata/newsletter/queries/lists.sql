-- Lists' queries.

-- name: get-lists
SELECT id, name, type FROM lists ORDER BY %order%;

-- name: delete-list
WITH gone AS (DELETE FROM subscriber_lists WHERE list_id = $1)
DELETE FROM lists WHERE id = $1;
