ALTER TABLE products DROP COLUMN is_on_sale;
