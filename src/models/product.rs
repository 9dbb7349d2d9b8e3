//! `products`: what the shop sells, and the catalog queries (search, filter, sort, page).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbBackend, DbConn};
use crate::domain::{LOW_STOCK_THRESHOLD, Money, ProductSort, StockState};
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

/// The fields an admin sets when creating or editing a product (also used by the seeder).
#[derive(Debug, Clone, Insertable, AsChangeset)]
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

/// What the catalog page asks for: search words, a category, an order and a page (from 1).
#[derive(Debug, Clone, Default)]
pub struct CatalogQuery {
    pub words: Vec<String>,
    pub category_id: Option<i32>,
    pub sort: ProductSort,
    pub page: i64,
}

type BoxedProducts<'a> = products::BoxedQuery<'a, DbBackend>;

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

    /// The picture's URL under `/static`.
    pub fn image_url(&self) -> String {
        format!(
            "/static/{}",
            self.image_path.as_deref().unwrap_or(PLACEHOLDER_IMAGE)
        )
    }

    /// The product with this id, active or not.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Product> {
        products::table
            .find(id)
            .select(Product::as_select())
            .first(conn)
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
    pub fn featured(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Product>> {
        products::table
            .filter(products::active.eq(true))
            .filter(products::featured.eq(true))
            .order(products::name)
            .limit(limit)
            .select(Product::as_select())
            .load(conn)
    }

    /// One page of the catalog and the number of matching products in all.
    pub fn search(conn: &mut DbConn, query: &CatalogQuery) -> QueryResult<(Vec<Product>, i64)> {
        let total = catalog_filter(query).count().get_result(conn)?;
        let sorted = match query.sort {
            ProductSort::Name => catalog_filter(query).order((products::name, products::id)),
            ProductSort::PriceLowToHigh => {
                catalog_filter(query).order((products::price_cents, products::id))
            }
            ProductSort::PriceHighToLow => {
                catalog_filter(query).order((products::price_cents.desc(), products::id))
            }
            ProductSort::Newest => {
                catalog_filter(query).order((products::created_at.desc(), products::id.desc()))
            }
        };
        let page = sorted
            .limit(CATALOG_PAGE_SIZE)
            // Saturating: an absurd ?page= gives an empty page, not an overflow.
            .offset((query.page.max(1) - 1).saturating_mul(CATALOG_PAGE_SIZE))
            .select(Product::as_select())
            .load(conn)?;
        Ok((page, total))
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

    /// Every product, active or not, for the admin list.
    pub fn all_for_admin(conn: &mut DbConn) -> QueryResult<Vec<Product>> {
        products::table
            .order((products::name, products::id))
            .select(Product::as_select())
            .load(conn)
    }

    /// Adds a product; a taken slug fails with a unique violation.
    pub fn create(conn: &mut DbConn, new: &ProductChanges) -> QueryResult<Product> {
        diesel::insert_into(products::table)
            .values(new)
            .returning(products::all_columns)
            .get_result(conn)
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
        Ok(written)
    }

    /// Saves an admin's edit.
    pub fn update(conn: &mut DbConn, id: i32, changes: &ProductChanges) -> QueryResult<Product> {
        diesel::update(products::table.find(id))
            .set((changes, products::updated_at.eq(super::now())))
            .returning(products::all_columns)
            .get_result(conn)
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
        diesel::update(
            products::table
                .find(id)
                .filter(products::stock.eq(stock_was)),
        )
        .set((changes, products::updated_at.eq(super::now())))
        .returning(products::all_columns)
        .get_result(conn)
        .optional()
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
        diesel::delete(products::table.find(id)).execute(conn)
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

/// The WHERE part of the catalog query, shared by the count and the page.
/// Each search word must appear in the name or the description.
fn catalog_filter(query: &CatalogQuery) -> BoxedProducts<'_> {
    let mut filtered = products::table
        .filter(products::active.eq(true))
        .into_boxed();
    if let Some(category_id) = query.category_id {
        filtered = filtered.filter(products::category_id.eq(category_id));
    }
    for word in &query.words {
        // LIKE ignores case on SQLite but not on PostgreSQL: compare lower case on both.
        // SQLite's lower() changes ASCII letters only, so the search word must match that.
        let pattern = format!("%{}%", escape_like(&word.to_ascii_lowercase()));
        filtered = filtered.filter(
            lower(products::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(products::description).like(pattern).escape('\\')),
        );
    }
    filtered
}

diesel::define_sql_function! {
    /// SQL's `lower(text)`, the same on SQLite and PostgreSQL (for ASCII letters on SQLite).
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Makes `%` and `_` in a search word match themselves instead of acting as wildcards.
fn escape_like(word: &str) -> String {
    word.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_words_are_escaped() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
