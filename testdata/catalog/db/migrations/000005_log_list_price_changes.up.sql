-- Merchandising edits list prices straight in the products table; this trigger
-- keeps the price history complete whoever makes the change.
CREATE FUNCTION log_list_price_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO price_history (sku, kind, old_price, new_price, reason)
    VALUES (NEW.sku, 'list', OLD.original_price, NEW.original_price, 'list price changed');
    RETURN NEW;
END;
$$;

CREATE TRIGGER products_log_list_price_change
    AFTER UPDATE OF original_price ON products
    FOR EACH ROW
    WHEN (OLD.original_price IS DISTINCT FROM NEW.original_price)
    EXECUTE FUNCTION log_list_price_change();
