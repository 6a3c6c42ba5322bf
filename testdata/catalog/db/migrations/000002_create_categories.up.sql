CREATE SEQUENCE category_id_seq;

CREATE TABLE categories (
    id   bigint PRIMARY KEY DEFAULT nextval('category_id_seq'),
    name text NOT NULL UNIQUE
);

ALTER SEQUENCE category_id_seq OWNED BY categories.id;

INSERT INTO categories (name)
SELECT DISTINCT category_name FROM products;

ALTER TABLE products
    ADD CONSTRAINT products_category_name_fkey
    FOREIGN KEY (category_name) REFERENCES categories (name);
