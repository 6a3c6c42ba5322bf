-- The newsletter's schema, in one file at the root as the monolith keeps it.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value JSONB NOT NULL
);

CREATE TABLE subscribers (
    id      SERIAL PRIMARY KEY,
    email   TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    status  TEXT NOT NULL DEFAULT 'enabled'
);

CREATE TABLE lists (
    id   SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'public'
);

CREATE TABLE subscriber_lists (
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    list_id       INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    status        TEXT NOT NULL DEFAULT 'unconfirmed',
    PRIMARY KEY (subscriber_id, list_id)
);

CREATE TABLE campaigns (
    id      SERIAL PRIMARY KEY,
    name    TEXT NOT NULL,
    subject TEXT NOT NULL,
    status  TEXT NOT NULL DEFAULT 'draft',
    sent    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE campaign_lists (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    list_id     INTEGER REFERENCES lists(id) ON DELETE SET NULL,
    list_name   TEXT NOT NULL
);
