CREATE TABLE orders (
    id        bigserial PRIMARY KEY,
    customer  text NOT NULL,
    total     numeric(12, 2) NOT NULL,
    billed_at timestamptz
);
CREATE TABLE order_lines (
    order_id bigint NOT NULL REFERENCES orders (id),
    sku      text NOT NULL,
    quantity integer NOT NULL
);
CREATE TABLE invoices (
    id       bigserial PRIMARY KEY,
    order_id bigint NOT NULL,
    total    numeric(12, 2) NOT NULL
);
