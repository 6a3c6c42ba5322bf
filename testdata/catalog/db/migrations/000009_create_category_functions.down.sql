DROP FUNCTION active_product_count(text);

DROP FUNCTION category_price_range(text);
