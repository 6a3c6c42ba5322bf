-- +goose Up
-- Orders are partitioned by the day they were placed. Billing keeps its
-- amounts and payment time in the same rows.
CREATE SEQUENCE order_number_seq;

CREATE TABLE orders (
    id          bigint NOT NULL DEFAULT nextval('order_number_seq'),
    placed_on   date NOT NULL,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status      text NOT NULL DEFAULT 'open',
    total_cents bigint NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
    paid_at     timestamptz,
    PRIMARY KEY (id, placed_on)
) PARTITION BY RANGE (placed_on);

ALTER SEQUENCE order_number_seq OWNED BY orders.id;

CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

-- +goose Down
DROP TABLE orders;
