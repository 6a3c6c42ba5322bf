CREATE TABLE stock (
    sku        text PRIMARY KEY REFERENCES products (sku),
    quantity   integer NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
