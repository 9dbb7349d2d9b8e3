CREATE TABLE products (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    stock INTEGER NOT NULL CHECK (stock >= 0),
    category_id INTEGER NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
    active BOOLEAN NOT NULL DEFAULT 1,
    featured BOOLEAN NOT NULL DEFAULT 0,
    image_path TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX products_category_id ON products (category_id);
CREATE INDEX products_active_name ON products (active, name);
CREATE INDEX products_active_price ON products (active, price_cents);
CREATE INDEX products_active_created ON products (active, created_at);
