-- Wishlists: the products a logged-in customer saved for later. A row is the pair
-- (customer, product), so the primary key itself makes saving twice impossible: a double
-- click's second insert fails on the key and is read as "already saved". Deleting the
-- customer or the product deletes their rows (ON DELETE CASCADE).
CREATE TABLE wishlist_items (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, product_id)
);
