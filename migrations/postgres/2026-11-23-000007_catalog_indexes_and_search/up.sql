-- The catalog's queries, made index-backed (see docs/PERFORMANCE.md).

-- A counter cache: each category's number of active products, kept by
-- Category::recount_products after every product write, so a catalog page never counts
-- thousands of rows to print "10,066 products".
ALTER TABLE categories ADD COLUMN product_count INTEGER NOT NULL DEFAULT 0;
UPDATE categories SET product_count =
    (SELECT count(*) FROM products WHERE products.category_id = categories.id AND products.active);

-- One index per way the catalog filters and orders, in the order the query uses them:
-- equality columns first, then the ORDER BY columns with id as the tiebreak. A page is then
-- read in index order, with no sorting, and stops after its 24 rows.
-- They are partial: only active products are in them (shoppers never see the others), so
-- a page, or the products it skips, walks no other entries. A query uses them only when its
-- WHERE says `active = TRUE` in those same words (see `SqlTrue` in
-- src/models/mod.rs).
DROP INDEX products_active_name;
DROP INDEX products_active_price;
DROP INDEX products_active_created; -- "newest first" orders by id, the primary key
CREATE INDEX products_active_name ON products (name, id) WHERE active = TRUE;
CREATE INDEX products_active_price ON products (price_cents, id) WHERE active = TRUE;
CREATE INDEX products_category_name ON products (category_id, name, id) WHERE active = TRUE;
CREATE INDEX products_category_price ON products (category_id, price_cents, id)
    WHERE active = TRUE;
CREATE INDEX products_category_newest ON products (category_id, id) WHERE active = TRUE;
CREATE INDEX products_featured_name ON products (name) WHERE featured = TRUE AND active = TRUE;

-- Full-text search over names and descriptions: a GIN index on the words of both. The
-- catalog's search condition repeats this exact expression, which is what lets PostgreSQL
-- use the index. 'english' reduces words to their stem, like SQLite's porter tokenizer.
CREATE INDEX products_search ON products
    USING GIN (to_tsvector('english', name || ' ' || description));
