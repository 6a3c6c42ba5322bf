-- +goose Up
-- Invoice numbers come from the order number sequence, so that an invoice
-- and its order could once be told apart by nobody.
CREATE TABLE invoices (
    id          bigint PRIMARY KEY DEFAULT nextval('order_number_seq'),
    order_id    bigint NOT NULL,
    placed_on   date NOT NULL,
    customer_id bigint NOT NULL,
    amount      bigint NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_order_fkey FOREIGN KEY (order_id, placed_on) REFERENCES orders (id, placed_on) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE invoices;
