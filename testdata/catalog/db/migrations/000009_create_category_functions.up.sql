-- The range of prices customers pay today in a category, for the category page.
CREATE FUNCTION category_price_range(category text, OUT lowest numeric, OUT highest numeric)
LANGUAGE sql STABLE AS $$
    SELECT min(CASE WHEN is_on_sale THEN coalesce(sale_price, original_price) ELSE original_price END),
           max(CASE WHEN is_on_sale THEN coalesce(sale_price, original_price) ELSE original_price END)
    FROM products
    WHERE category_name = category AND is_active
$$;

-- How many active products a category has, for the navigation menu.
CREATE FUNCTION active_product_count(category text) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM products WHERE category_name = category AND is_active
$$;
