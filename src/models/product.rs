//! `products`: what the shop sells. This file holds the row types (`Product`, the lighter
//! `ProductCard`, and `ProductChanges` for inserts and edits), what each row shows (price,
//! stock state, picture URLs) and the lookups of one product by id or slug.
//!
//! Not here: lists of products (the catalog page, the home page, the admin list) are in
//! `product_catalog.rs`, and every write (the admin's edits, the checkout's stock updates)
//! in `product_writes.rs`; all three add methods to the same `Product`. Callers are routes,
//! services and the seeder, through the names `models/mod.rs` re-exports.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::{Money, ProductDetails, StockState};
use crate::schema::products;

/// The picture shown for products that have none of their own.
const PLACEHOLDER_IMAGE: &str = "images/placeholder.svg";

/// One row of `products`, every column. Inactive products are rows too: shopper-facing
/// queries filter on `active`, admin ones do not.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = products)]
pub struct Product {
    /// The primary key; it grows as products are added ("newest first" sorts by it).
    pub id: i32,
    /// The product's URL name (`/products/<slug>`), unique across all products.
    pub slug: String,
    /// The name shown on cards, the product page and order lines.
    pub name: String,
    /// Plain text; the template escapes it. May be empty.
    pub description: String,
    /// The price in cents, never negative (a `CHECK` in the table); see `price()`.
    pub price_cents: i64,
    /// Units left to sell, never negative (a `CHECK` in the table). Checkouts take from it
    /// with `take_stock`, never by writing a number they read earlier.
    pub stock: i32,
    /// The category it sits in (`categories.id`); a category with products cannot be deleted.
    pub category_id: i32,
    /// False hides the product from shoppers (catalog, search, product page, API) while
    /// keeping it for the admin and for old orders.
    pub active: bool,
    /// Shown on the home page (if also active).
    pub featured: bool,
    /// Where the picture lives: `images/products/<slug>.svg` under `/static` for the demo
    /// catalog, `media/products/<hex>.jpg` for an upload (see `media`); `None` means the
    /// placeholder.
    pub image_path: Option<String>,
    /// When the product was added, UTC.
    pub created_at: NaiveDateTime,
    /// When an admin last saved it, UTC (stock taken by a checkout does not touch it).
    pub updated_at: NaiveDateTime,
}

/// What a product card in a list shows (the catalog, the home page): only the columns it
/// needs, so a page of 24 reads and decodes no descriptions or timestamps.
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = products)]
pub struct ProductCard {
    /// The card links to `/products/<slug>`.
    pub slug: String,
    /// The product's name.
    pub name: String,
    /// The price in cents; see `price()`.
    pub price_cents: i64,
    /// Units left, for the "Only 3 left" / "Sold out" badge (`stock_state()`).
    pub stock: i32,
    /// As `Product::image_path`; see `thumbnail_url()`.
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

/// The fields an admin sets when creating or editing a product (also used by the seeder and
/// the CSV import). The same struct is the insert (`Product::create`) and the update
/// (`Product::update`): every field is written (a `None` picture excepted), so load a
/// product's current values with `Product::to_changes` before changing a few of them.
#[derive(Debug, Clone, PartialEq, Eq, Insertable, AsChangeset)]
#[diesel(table_name = products)]
pub struct ProductChanges {
    /// Must be free: a taken slug fails the insert or update with a unique violation.
    pub slug: String,
    /// See `Product::name`.
    pub name: String,
    /// See `Product::description`.
    pub description: String,
    /// In cents, not negative.
    pub price_cents: i64,
    /// Units in stock, not negative. An edit should go through `Product::update_if_stock_is`
    /// so that it never overwrites stock a checkout took meanwhile.
    pub stock: i32,
    /// Must name an existing category (a foreign key).
    pub category_id: i32,
    /// See `Product::active`.
    pub active: bool,
    /// See `Product::featured`.
    pub featured: bool,
    /// See `Product::image_path`. `None` on an insert means no picture; on an update Diesel
    /// leaves a `None` field out of the `SET`, so the stored picture stays as it was.
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

    /// The product with this id, active or not. An unknown id is Diesel's `NotFound`
    /// (a 404 once it reaches a handler).
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

    /// The active product with this slug (inactive products are hidden from shoppers);
    /// `NotFound` for an unknown or inactive one.
    pub fn find_active_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Product> {
        products::table
            .filter(products::slug.eq(slug))
            .filter(products::active.eq(true))
            .select(Product::as_select())
            .first(conn)
    }
}

/// The thumbnail's URL, or the placeholder's (also used by `product_keyset`'s rows).
pub(super) fn thumbnail_url(image_path: Option<&str>) -> String {
    match image_path {
        Some(image_path) => crate::media::thumbnail_url(image_path),
        None => crate::static_files::url(PLACEHOLDER_IMAGE),
    }
}
