CREATE TABLE price_history (
    id         bigserial PRIMARY KEY,
    sku        text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('list', 'sale')),
    old_price  numeric(12, 2),
    new_price  numeric(12, 2),
    reason     text,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT price_history_sku_fkey FOREIGN KEY (sku) REFERENCES products (sku)
);

CREATE INDEX price_history_sku_changed_at_idx ON price_history (sku, changed_at DESC);
