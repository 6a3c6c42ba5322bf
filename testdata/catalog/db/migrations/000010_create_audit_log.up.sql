-- Added for a compliance review; nobody has claimed it since.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
