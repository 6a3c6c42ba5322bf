-- +goose Up
CREATE TABLE customers (
    id    bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name  text NOT NULL
);

-- +goose Down
DROP TABLE customers;
