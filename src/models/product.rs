//! `products`: what the shop sells, and the catalog queries (search, filter, sort, page).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::{LOW_STOCK_THRESHOLD, Money, ProductDetails, ProductSort, StockState};
use crate::models::product_search::{self, SearchTerms};
use crate::models::{Category, TRUE};
use crate::schema::{order_items, products};

/// Products per catalog page.
pub const CATALOG_PAGE_SIZE: i64 = 24;
/// The picture shown for products that have none of their own.
const PLACEHOLDER_IMAGE: &str = "images/placeholder.svg";

/// One row of `products`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    pub stock: i32,
    pub category_id: i32,
    pub active: bool,
    pub featured: bool,
    pub image_path: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a product card in a list shows (the catalog, the home page): only the columns it
/// needs, so a page of 24 reads and decodes no descriptions or timestamps.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = products)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub price_cents: i64,
    pub stock: i32,
    pub image_path: Option<String>,
}

impl ProductCard {
    /// The price as `Money`.
    pub fn price(&self) -> Money {
        Money::from_cents(self.price_cents)
    }

    /// In stock, low ("only 3 left") or sold out.
    pub fn stock_state(&self) -> StockState {
        StockState::of(self.stock)
    }

    /// The thumbnail's URL, for the card (see `media`).
    pub fn thumbnail_url(&self) -> String {
        thumbnail_url(self.image_path.as_deref())
    }
}

/// The fields an admin sets when creating or editing a product (also used by the seeder).
#[derive(Debug, Clone, PartialEq, Eq, Insertable, AsChangeset)]
#[diesel(table_name = products)]
pub struct ProductChanges {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    pub stock: i32,
    pub category_id: i32,
    pub active: bool,
    pub featured: bool,
    pub image_path: Option<String>,
}

impl ProductChanges {
    /// The changes for a product whose own fields were parsed by `ProductDetails` (the form
    /// and the CSV import both do that). No picture: `catalog::save_product` keeps the
    /// current one unless a new one is given.
    pub fn from_details(
        details: ProductDetails,
        category_id: i32,
        active: bool,
        featured: bool,
    ) -> ProductChanges {
        ProductChanges {
            slug: details.slug.as_str().to_string(),
            name: details.name,
            description: details.description,
            price_cents: details.price.cents(),
            stock: details.stock,
            category_id,
            active,
            featured,
            image_path: None,
        }
    }
}

/// What the catalog page asks for: search words, a category, an order and a page (from 1).
#[derive(Debug, Clone, Default)]
pub struct CatalogQuery {
    pub words: Vec<String>,
    pub category_id: Option<i32>,
    pub sort: ProductSort,
    pub page: i64,
}

impl Product {
    /// The product's editable fields, to save it back with a few of them changed.
    pub fn to_changes(&self) -> ProductChanges {
        ProductChanges {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            price_cents: self.price_cents,
            stock: self.stock,
            category_id: self.category_id,
            active: self.active,
            featured: self.featured,
            image_path: self.image_path.clone(),
        }
    }

    /// The price as `Money`.
    pub fn price(&self) -> Money {
        Money::from_cents(self.price_cents)
    }

    /// In stock, low ("only 3 left") or sold out.
    pub fn stock_state(&self) -> StockState {
        StockState::of(self.stock)
    }

    /// The full-size picture's URL: under `/media` for an uploaded one, `/static` otherwise.
    pub fn image_url(&self) -> String {
        match self.image_path.as_deref() {
            Some(image_path) => crate::media::picture_url(image_path),
            None => crate::static_files::url(PLACEHOLDER_IMAGE),
        }
    }

    /// The thumbnail's URL, for product cards.
    pub fn thumbnail_url(&self) -> String {
        thumbnail_url(self.image_path.as_deref())
    }

    /// The product with this id, active or not.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Product> {
        products::table
            .find(id)
            .select(Product::as_select())
            .first(conn)
    }

    /// The product with this slug, active or not, if there is one.
    pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Product>> {
        products::table
            .filter(products::slug.eq(slug))
            .select(Product::as_select())
            .first(conn)
            .optional()
    }

    /// The active product with this slug (inactive products are hidden from shoppers).
    pub fn find_active_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Product> {
        products::table
            .filter(products::slug.eq(slug))
            .filter(products::active.eq(true))
            .select(Product::as_select())
            .first(conn)
    }

    /// Featured active products for the home page.
    pub fn featured(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ProductCard>> {
        products::table
            .filter(products::featured.eq(TRUE))
            .filter(products::active.eq(TRUE))
            .order(products::name)
            .limit(limit)
            .select(ProductCard::as_select())
            .load(conn)
    }

    /// The cards of the active products among `ids`, in the order of `ids` (one query; the
    /// order is restored in Rust). Unknown and inactive ids are left out.
    pub fn cards_in_order(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<ProductCard>> {
        let rows: Vec<(i32, ProductCard)> = products::table
            .filter(products::id.eq_any(ids))
            .filter(products::active.eq(TRUE))
            .select((products::id, ProductCard::as_select()))
            .load(conn)?;
        Ok(in_order_of(ids, rows))
    }

    /// One page of the catalog and the number of matching products in all (for a search,
    /// counted up to `SEARCH_COUNT_CAP + 1`).
    ///
    /// Without search words the page is read off an index in the chosen order and the total
    /// comes from the counter caches of `categories` (all of them, loaded for the page
    /// anyway); with them, `product_search` asks the full-text index. Text with no letter or
    /// digit in it matches nothing.
    pub fn search(
        conn: &mut DbConn,
        query: &CatalogQuery,
        categories: &[Category],
    ) -> QueryResult<(Vec<ProductCard>, i64)> {
        // Saturating: an absurd ?page= gives an empty page, not an overflow.
        let offset = (query.page.max(1) - 1).saturating_mul(CATALOG_PAGE_SIZE);
        if query.words.is_empty() {
            let page = Product::browse(conn, query.category_id, query.sort, offset)?;
            let total = categories
                .iter()
                .filter(|category| query.category_id.is_none_or(|id| id == category.id))
                .map(|category| i64::from(category.product_count))
                .sum();
            return Ok((page, total));
        }
        let Some(terms) = SearchTerms::from_words(&query.words) else {
            return Ok((Vec::new(), 0));
        };
        let page = product_search::page(
            conn,
            &terms,
            query.category_id,
            query.sort,
            CATALOG_PAGE_SIZE,
            offset,
        )?;
        let total = product_search::count(conn, &terms, query.category_id)?;
        Ok((page, total))
    }

    /// One page of the active products (in a category), in the chosen order.
    ///
    /// The busiest query of the shop, so it is written as eight fixed queries (two filters
    /// times four orders) instead of one built at run time with `into_boxed`: Diesel turns a
    /// fixed query into SQL and prepares it once per connection, while a boxed one is turned
    /// into SQL text again on every call. The macro only saves writing the eight out.
    fn browse(
        conn: &mut DbConn,
        category_id: Option<i32>,
        sort: ProductSort,
        offset: i64,
    ) -> QueryResult<Vec<ProductCard>> {
        macro_rules! page_in_order {
            ($filtered:expr) => {
                match sort {
                    ProductSort::Name => page_in_order!($filtered, (products::name, products::id)),
                    ProductSort::PriceLowToHigh => {
                        page_in_order!($filtered, (products::price_cents, products::id))
                    }
                    ProductSort::PriceHighToLow => page_in_order!(
                        $filtered,
                        (products::price_cents.desc(), products::id.desc())
                    ),
                    // Ids grow as products are added, and the primary key is an index.
                    ProductSort::Newest => page_in_order!($filtered, products::id.desc()),
                }
            };
            ($filtered:expr, $order:expr) => {
                $filtered
                    .order($order)
                    .limit(CATALOG_PAGE_SIZE)
                    .offset(offset)
                    .select(ProductCard::as_select())
                    .load(conn)
            };
        }
        let active = products::table.filter(products::active.eq(TRUE));
        match category_id {
            None => page_in_order!(active),
            Some(id) => page_in_order!(active.filter(products::category_id.eq(id))),
        }
    }

    /// Active products with little stock left, fewest first (for the admin dashboard).
    pub fn low_stock(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Product>> {
        products::table
            .filter(products::active.eq(true))
            .filter(products::stock.le(LOW_STOCK_THRESHOLD))
            .order((products::stock, products::name))
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    /// Up to `limit` products, active or not, by name, skipping the first `offset` (a page
    /// of the admin list).
    pub fn page_for_admin(conn: &mut DbConn, offset: i64, limit: i64) -> QueryResult<Vec<Product>> {
        products::table
            .order((products::name, products::id))
            .offset(offset)
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    /// Adds a product; a taken slug fails with a unique violation.
    pub fn create(conn: &mut DbConn, new: &ProductChanges) -> QueryResult<Product> {
        let product: Product = diesel::insert_into(products::table)
            .values(new)
            .returning(products::all_columns)
            .get_result(conn)?;
        Category::recount_products(conn, &[product.category_id])?;
        Ok(product)
    }

    /// Adds many products (the seeder's batches), one statement each: a many-row insert is
    /// written differently by SQLite and PostgreSQL. Inside one transaction this is fast.
    pub fn create_many(conn: &mut DbConn, new: &[ProductChanges]) -> QueryResult<usize> {
        let mut written = 0;
        for product in new {
            written += diesel::insert_into(products::table)
                .values(product)
                .execute(conn)?;
        }
        let mut categories: Vec<i32> = new.iter().map(|p| p.category_id).collect();
        categories.sort_unstable();
        categories.dedup();
        Category::recount_products(conn, &categories)?;
        Ok(written)
    }

    /// Saves an admin's edit.
    pub fn update(conn: &mut DbConn, id: i32, changes: &ProductChanges) -> QueryResult<Product> {
        let category_was = Product::category_id_of(conn, id)?;
        let product: Product = diesel::update(products::table.find(id))
            .set((changes, products::updated_at.eq(super::now())))
            .returning(products::all_columns)
            .get_result(conn)?;
        Category::recount_products(conn, &categories_touched(category_was, &product))?;
        Ok(product)
    }

    /// Saves an admin's edit only if the stock is still `stock_was`, in one statement, so a
    /// checkout that takes stock at the same moment is never overwritten; `None` if the
    /// stock had changed.
    pub fn update_if_stock_is(
        conn: &mut DbConn,
        id: i32,
        changes: &ProductChanges,
        stock_was: i32,
    ) -> QueryResult<Option<Product>> {
        let category_was = Product::category_id_of(conn, id)?;
        let saved: Option<Product> = diesel::update(
            products::table
                .find(id)
                .filter(products::stock.eq(stock_was)),
        )
        .set((changes, products::updated_at.eq(super::now())))
        .returning(products::all_columns)
        .get_result(conn)
        .optional()?;
        if let Some(product) = &saved {
            Category::recount_products(conn, &categories_touched(category_was, product))?;
        }
        Ok(saved)
    }

    /// The category a product is in now (read before an edit that may move it).
    fn category_id_of(conn: &mut DbConn, id: i32) -> QueryResult<i32> {
        products::table
            .find(id)
            .select(products::category_id)
            .first(conn)
    }

    /// True once any order line points at the product (it must then stay, for the history).
    pub fn is_ordered(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            order_items::table.filter(order_items::product_id.eq(id)),
        ))
        .get_result(conn)
    }

    /// Deletes a product (and, by `ON DELETE CASCADE`, its cart lines). The database refuses
    /// if order lines point at it; check `is_ordered` first to explain why.
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        let category_was = Product::category_id_of(conn, id)?;
        let deleted = diesel::delete(products::table.find(id)).execute(conn)?;
        Category::recount_products(conn, &[category_was])?;
        Ok(deleted)
    }

    /// Takes `quantity` units out of stock only if that many are there. Returns false (and
    /// changes nothing) otherwise. The check and the change are one statement, so two
    /// checkouts racing for the last unit cannot both succeed.
    pub fn take_stock(conn: &mut DbConn, id: i32, quantity: i32) -> QueryResult<bool> {
        let updated = diesel::update(products::table.find(id))
            .filter(products::stock.ge(quantity))
            .set(products::stock.eq(products::stock - quantity))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Puts units back into stock (a failed payment or a cancelled order).
    pub fn return_stock(conn: &mut DbConn, id: i32, quantity: i32) -> QueryResult<usize> {
        diesel::update(products::table.find(id))
            .set(products::stock.eq(products::stock + quantity))
            .execute(conn)
    }

    /// Sets when a product was added (the demo catalog spreads its products over time).
    pub fn set_created_at(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(products::table.find(id))
            .set(products::created_at.eq(at))
            .execute(conn)
    }

    /// The highest product id so far (generated products number themselves after it).
    pub fn max_id(conn: &mut DbConn) -> QueryResult<Option<i32>> {
        products::table
            .select(diesel::dsl::max(products::id))
            .first(conn)
    }

    /// How many products exist (the seeder checks for an empty shop).
    pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
        products::table.count().get_result(conn)
    }
}

/// The cards of `rows` (id, card) in the order of `ids`.
fn in_order_of(ids: &[i32], mut rows: Vec<(i32, ProductCard)>) -> Vec<ProductCard> {
    rows.sort_by_key(|(id, _)| ids.iter().position(|wanted| wanted == id));
    rows.into_iter().map(|(_, card)| card).collect()
}

/// The thumbnail's URL, or the placeholder's.
pub(super) fn thumbnail_url(image_path: Option<&str>) -> String {
    match image_path {
        Some(image_path) => crate::media::thumbnail_url(image_path),
        None => crate::static_files::url(PLACEHOLDER_IMAGE),
    }
}

/// The categories whose counts an edit can change: the one it left and the one it is in.
fn categories_touched(category_was: i32, product: &Product) -> Vec<i32> {
    if category_was == product.category_id {
        vec![category_was]
    } else {
        vec![category_was, product.category_id]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(slug: &str) -> ProductCard {
        ProductCard {
            slug: slug.into(),
            name: slug.into(),
            price_cents: 100,
            stock: 1,
            image_path: None,
        }
    }

    #[test]
    fn cards_come_back_in_the_order_asked_for() {
        let rows = vec![(1, card("one")), (2, card("two")), (3, card("three"))];

        let cards = in_order_of(&[3, 1, 2], rows);

        let slugs: Vec<&str> = cards.iter().map(|card| card.slug.as_str()).collect();
        assert_eq!(slugs, vec!["three", "one", "two"]);
    }
}
