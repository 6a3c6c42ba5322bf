-- Campaigns began as special categories. Their ids still come from the
-- category sequence so that the old campaign links keep resolving.
CREATE TABLE campaigns (
    id            bigint PRIMARY KEY DEFAULT nextval('category_id_seq'),
    title         text NOT NULL,
    category_name text NOT NULL,
    min_stock     integer NOT NULL DEFAULT 1,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
