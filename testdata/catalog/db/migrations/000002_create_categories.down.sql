ALTER TABLE products DROP CONSTRAINT products_category_name_fkey;

DROP TABLE categories;
