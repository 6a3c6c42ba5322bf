-- name: invoiced-orders
SELECT i.order_id FROM invoices i;
