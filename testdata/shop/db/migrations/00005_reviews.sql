-- +goose Up
CREATE TABLE reviews (
    id     bigserial PRIMARY KEY,
    rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body   text NOT NULL
);

-- +goose Down
DROP TABLE reviews;
