-- name: low-stock
-- goyesql style: a name without a sqlc command.
SELECT s.sku, p.name FROM stock s JOIN products p ON p.sku = s.sku WHERE s.quantity < :threshold;

-- name: stock-level
SELECT quantity FROM stock WHERE sku = ?;
