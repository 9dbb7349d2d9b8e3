-- "Bought together": for each pair of products, how many different customers bought both
-- (a customer is the order's user, or its email for a guest order). The `recommendations`
-- job fills it from the sales and rewrites it whole each hour; the product page and the
-- cart read a product's strongest pairs from it. Each pair is stored in both directions so
-- that reading is one index range.
CREATE TABLE product_pairs (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    customers BIGINT NOT NULL,
    PRIMARY KEY (product_id, other_id)
);
-- A product's pairs, strongest first.
CREATE INDEX product_pairs_by_customers ON product_pairs (product_id, customers DESC);

-- Units of each product sold in sales, by the same job in the same transaction: the best
-- sellers of a category, which fill in when a product has too few pairs, are read from here
-- rather than summed over every order on each page view.
CREATE TABLE product_sales (
    product_id INTEGER PRIMARY KEY NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    units BIGINT NOT NULL
);
