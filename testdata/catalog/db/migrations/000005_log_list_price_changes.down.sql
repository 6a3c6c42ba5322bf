DROP TRIGGER products_log_list_price_change ON products;

DROP FUNCTION log_list_price_change();
