DROP VIEW available_products;
