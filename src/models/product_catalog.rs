//! Lists of products: the catalog page (search, filter, sort, numbered pages), the home
//! page's featured products, cards in a given order (recently viewed, recommendations), and
//! the admin's lists (all products by name, low stock).
//!
//! Not here: the row types and single lookups are in `product.rs`, writes in
//! `product_writes.rs`, the full-text SQL in `product_search.rs` (called from `search`), and
//! the API's cursor-paged catalog in `product_keyset.rs`. Callers: `routes::products` (the
//! catalog, the home page) and `routes::admin` (the product list, the dashboard).

use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::{LOW_STOCK_THRESHOLD, ProductSort};
use crate::models::product_search::{self, SearchTerms};
use crate::models::{Category, Product, ProductCard, TRUE};
use crate::schema::products;

/// Products per catalog page.
pub const CATALOG_PAGE_SIZE: i64 = 24;

/// What the catalog page asks for: search words, a category, an order and a page (from 1).
#[derive(Debug, Clone, Default)]
pub struct CatalogQuery {
    /// The words typed into the search box, already split; empty means "browse, no search".
    pub words: Vec<String>,
    /// Only this category's products; `None` for all.
    pub category_id: Option<i32>,
    /// The order of the results.
    pub sort: ProductSort,
    /// The page number, from 1; 0 and negative numbers are read as 1, and a page past the
    /// end is simply empty.
    pub page: i64,
}

impl Product {
    /// Featured active products for the home page, by name, at most `limit`.
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
}

/// The cards of `rows` (id, card) in the order of `ids`.
fn in_order_of(ids: &[i32], mut rows: Vec<(i32, ProductCard)>) -> Vec<ProductCard> {
    rows.sort_by_key(|(id, _)| ids.iter().position(|wanted| wanted == id));
    rows.into_iter().map(|(_, card)| card).collect()
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
