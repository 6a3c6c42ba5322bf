ALTER TABLE products ADD COLUMN is_on_sale boolean NOT NULL DEFAULT false;

UPDATE products SET is_on_sale = true WHERE sale_price IS NOT NULL;
