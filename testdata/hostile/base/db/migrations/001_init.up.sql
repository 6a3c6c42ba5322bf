CREATE TABLE orders (id int PRIMARY KEY, total int NOT NULL);
CREATE TABLE invoices (id int PRIMARY KEY, order_id int NOT NULL REFERENCES orders (id));
