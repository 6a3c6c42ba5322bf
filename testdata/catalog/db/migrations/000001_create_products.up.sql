-- One row per product, identified by its SKU. In the monolith's first days the
-- prices lived right next to the description, and they still do.
CREATE TABLE products (
    sku            text PRIMARY KEY,
    name           text NOT NULL,
    category_name  text NOT NULL,
    is_active      boolean NOT NULL DEFAULT true,
    original_price numeric(12, 2) NOT NULL CHECK (original_price >= 0),
    sale_price     numeric(12, 2) CHECK (sale_price >= 0),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX products_category_name_idx ON products (category_name) WHERE is_active;
