CREATE TABLE items (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE orders (
    id      bigint PRIMARY KEY,
    item_id bigint NOT NULL,
    qty     int NOT NULL
);
