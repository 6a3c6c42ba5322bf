-- What the storefront may show: active products with something in stock.
CREATE VIEW available_products AS
SELECT p.sku, p.name, p.category_name, s.quantity
FROM products p
JOIN stock s ON s.sku = p.sku
WHERE p.is_active AND s.quantity > 0;
