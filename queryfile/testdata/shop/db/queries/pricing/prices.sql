-- Queries the pricing context issues, in sqlc's format.

-- name: GetPriceForSKU :one
SELECT sku, original_price, sale_price, is_on_sale FROM products WHERE sku = $1;

-- name: GetPriceLabel :one
SELECT sku, name, sale_price, is_on_sale
FROM products
WHERE sku = $1;

-- name: ListPriceHistory :many
SELECT id, kind, new_price FROM price_history WHERE sku = $1 ORDER BY changed_at DESC;

-- name: SetSalePrice :exec
UPDATE products SET sale_price = $2, is_on_sale = $3 WHERE sku = $1;

-- name: Broken :exec
UPDATE price_history SET new_price = WHERE id = $1;

-- name: Retire :exec
UPDATE products SET sale_price = NULL WHERE sku = $1;
UPDATE products SET is_active = false WHERE sku = $1;
