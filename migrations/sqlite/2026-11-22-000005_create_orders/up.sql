CREATE TABLE orders (
    id INTEGER PRIMARY KEY NOT NULL,
    -- What shoppers see and type: short, random, never the row id.
    number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
        ('pending', 'paid', 'payment_failed', 'shipped', 'delivered', 'cancelled')),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- The browser cart the order came from: lets a guest see the order from the same browser.
    cart_id INTEGER REFERENCES carts (id) ON DELETE SET NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    -- One checkout form, one order: a second submit of the same form finds this row.
    checkout_token TEXT NOT NULL UNIQUE,
    card_brand TEXT NOT NULL DEFAULT '',
    card_last4 TEXT NOT NULL DEFAULT '',
    payment_reference TEXT,
    payment_error TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX orders_user_id ON orders (user_id);
CREATE INDEX orders_status_created ON orders (status, created_at);
CREATE INDEX orders_created ON orders (created_at);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    -- Name and price as they were when bought: later catalog edits never rewrite history.
    name TEXT NOT NULL,
    unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0)
);
CREATE INDEX order_items_order_id ON order_items (order_id);
CREATE INDEX order_items_product_id ON order_items (product_id);
