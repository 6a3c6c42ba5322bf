-- The newsletter manager's schema, kept at the root as the project does.
CREATE TABLE subscribers (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    attribs jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'enabled',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lists (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    name text NOT NULL,
    type text NOT NULL,
    optin text NOT NULL,
    tags text[],
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscriber_lists (
    subscriber_id integer NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    list_id integer NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'unconfirmed',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, list_id)
);

CREATE TABLE templates (
    id serial PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL,
    body text NOT NULL,
    is_default boolean NOT NULL DEFAULT false
);

CREATE TABLE campaigns (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    name text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'draft',
    template_id integer REFERENCES templates(id) ON DELETE SET NULL,
    sent integer NOT NULL DEFAULT 0,
    to_send integer NOT NULL DEFAULT 0,
    last_subscriber_id integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_lists (
    campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    list_id integer REFERENCES lists(id) ON DELETE SET NULL,
    list_name text NOT NULL
);

CREATE TABLE campaign_views (
    campaign_id integer REFERENCES campaigns(id) ON DELETE CASCADE,
    subscriber_id integer REFERENCES subscribers(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE links (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    url text NOT NULL UNIQUE
);

CREATE TABLE link_clicks (
    campaign_id integer REFERENCES campaigns(id) ON DELETE CASCADE,
    link_id integer NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    subscriber_id integer REFERENCES subscribers(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE media (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    provider text NOT NULL,
    filename text NOT NULL,
    thumb text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE settings (
    key text PRIMARY KEY,
    value jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id serial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    password text,
    email text NOT NULL UNIQUE,
    role text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bounces (
    id serial PRIMARY KEY,
    subscriber_id integer NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    campaign_id integer REFERENCES campaigns(id) ON DELETE SET NULL,
    type text NOT NULL,
    source text NOT NULL,
    meta jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
