//! The catalog paged by cursor (keyset pagination), for the JSON API's `GET /api/v1/products`.
//!
//! It answers the same question as `Product::search` (active products, search words, a
//! category, one of the four sort orders), with the same filters: without words it reads
//! `products` with the catalog's conditions, with words it asks the full-text index through
//! `product_search::keyset_page`. Only the paging differs: instead of `OFFSET`, each page
//! starts after the row a `CatalogCursor` names (see `domain::catalog_cursor` for why).
//! The HTML catalog keeps numbered pages, which people use to jump around; programs walking
//! the whole list want cursors.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::{CatalogCursor, ProductSort};
use crate::models::TRUE;
use crate::models::product_search::{self, SearchTerms};
use crate::schema::products;

/// What the API's product list shows of a product, plus what the next cursor needs.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = products)]
pub struct ProductListing {
    /// The product's id: the tie-breaker of every cursor (and the whole cursor for "newest").
    pub id: i32,
    /// The product's URL name.
    pub slug: String,
    /// The product's name (also the cursor's key when sorting by name).
    pub name: String,
    /// The price in cents (also the cursor's key when sorting by price).
    pub price_cents: i64,
    /// Units in stock.
    pub stock: i32,
    /// The product's category.
    pub category_id: i32,
    /// See `Product::image_path`; read it through `thumbnail_url`.
    pub image_path: Option<String>,
}

impl ProductListing {
    /// The thumbnail's URL, as on the catalog's product cards.
    pub fn thumbnail_url(&self) -> String {
        super::product::thumbnail_url(self.image_path.as_deref())
    }
}

/// One page of the catalog by cursor: the catalog's filters and order, the row to start
/// after (none for the first page) and how many rows to read.
#[derive(Debug, Clone)]
pub struct KeysetQuery {
    /// Search words, as in `CatalogQuery::words`; empty for no search.
    pub words: Vec<String>,
    /// Only this category's products; `None` for all.
    pub category_id: Option<i32>,
    /// The order; `after` must have been made for the same one.
    pub sort: ProductSort,
    /// The last row of the previous page; `None` for the first page.
    pub after: Option<CatalogCursor>,
    /// The most rows to read. The API asks for one more than it shows, to learn whether
    /// there is a next page.
    pub limit: i64,
}

/// The page `query` asks for. Text with no letter or digit in it matches nothing, as in the
/// catalog.
pub fn page(conn: &mut DbConn, query: &KeysetQuery) -> QueryResult<Vec<ProductListing>> {
    if !query.words.is_empty() {
        let Some(terms) = SearchTerms::from_words(&query.words) else {
            return Ok(Vec::new());
        };
        return product_search::keyset_page(conn, &terms, query);
    }
    // Boxed, because the filters and the order are chosen at run time; the catalog page's
    // own query is written out as fixed queries for speed (see `Product::browse`).
    let mut rows = products::table
        .filter(products::active.eq(TRUE))
        .select(ProductListing::as_select())
        .into_boxed();
    if let Some(category_id) = query.category_id {
        rows = rows.filter(products::category_id.eq(category_id));
    }
    rows = match query.after.clone() {
        None => rows,
        Some(CatalogCursor::Name { name, id }) => rows.filter(
            products::name
                .gt(name.clone())
                .or(products::name.eq(name).and(products::id.gt(id))),
        ),
        Some(CatalogCursor::Price { cents, id }) if query.sort == ProductSort::PriceHighToLow => {
            rows.filter(
                products::price_cents
                    .lt(cents)
                    .or(products::price_cents.eq(cents).and(products::id.lt(id))),
            )
        }
        Some(CatalogCursor::Price { cents, id }) => rows.filter(
            products::price_cents
                .gt(cents)
                .or(products::price_cents.eq(cents).and(products::id.gt(id))),
        ),
        Some(CatalogCursor::Id { id }) => rows.filter(products::id.lt(id)),
    };
    rows = match query.sort {
        ProductSort::Name => rows.order((products::name.asc(), products::id.asc())),
        ProductSort::PriceLowToHigh => {
            rows.order((products::price_cents.asc(), products::id.asc()))
        }
        ProductSort::PriceHighToLow => {
            rows.order((products::price_cents.desc(), products::id.desc()))
        }
        ProductSort::Newest => rows.order(products::id.desc()),
    };
    rows.limit(query.limit).load(conn)
}
