-- +goose Up
CREATE VIEW customer_balances AS
SELECT c.id, c.email, sum(i.amount) AS invoiced
FROM customers c
JOIN invoices i ON i.customer_id = c.id
GROUP BY c.id, c.email;

-- +goose Down
DROP VIEW customer_balances;
