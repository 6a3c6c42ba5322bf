DROP TABLE campaigns, stock, price_history, products, categories;
