CREATE TABLE categories (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE products (
    sku            text PRIMARY KEY,
    name           text NOT NULL,
    category_name  text NOT NULL,
    is_active      boolean NOT NULL DEFAULT true,
    original_price numeric(10, 2) NOT NULL,
    sale_price     numeric(10, 2),
    is_on_sale     boolean NOT NULL DEFAULT false
);

CREATE TABLE price_history (
    id        bigserial PRIMARY KEY,
    sku       text NOT NULL,
    new_price numeric(10, 2) NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stock (
    sku      text PRIMARY KEY,
    quantity integer NOT NULL
);

CREATE TABLE campaigns (
    id    bigserial PRIMARY KEY,
    title text NOT NULL
);
