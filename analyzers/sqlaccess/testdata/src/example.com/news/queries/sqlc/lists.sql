-- name: GetList :one
-- sqlc's format: the Go code is generated into internal/platform/db.
SELECT id, name FROM lists
WHERE id = $1;
