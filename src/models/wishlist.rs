//! `wishlist_items`: the products a logged-in customer saved for later.
//!
//! Only the SQL lives here: saving, removing, asking whether a product is saved and listing a
//! customer's saved products. Who may save what (a logged-in customer, an active product) is
//! decided by `services::wishlist`, which `routes::wishlist` and the product page call. The
//! table comes from `migrations/*/2026-11-23-000012_wishlists`; `docs/TOUR.md` builds this
//! file step by step in its chapter "Add a feature".

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConn, is_unique_violation};
use crate::schema::{products, wishlist_items};

use super::{ProductCard, now};

/// One saved product as the wishlist page shows it: the product's card, its id for the
/// page's forms, and when it was saved.
#[derive(Debug, Clone, Queryable)]
pub struct WishlistEntry {
    /// The product's id, for the "Remove" and "Add to cart" forms.
    pub product_id: i32,
    /// The product as it is now (name, price, stock, picture).
    pub card: ProductCard,
    /// When the customer saved it (UTC).
    pub added_at: NaiveDateTime,
}

/// Saves `product_id` on the customer's wishlist. Returns `false` when it was saved already:
/// the primary key (user_id, product_id) refuses the second row, so a double click or two
/// tabs racing each other still leave one row, and neither gets an error page.
pub fn add(conn: &mut DbConn, user_id: i32, product_id: i32) -> QueryResult<bool> {
    let inserted = diesel::insert_into(wishlist_items::table)
        .values((
            wishlist_items::user_id.eq(user_id),
            wishlist_items::product_id.eq(product_id),
            wishlist_items::added_at.eq(now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(error) if is_unique_violation(&error) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Removes `product_id` from the customer's wishlist. Returns `false` when it was not there,
/// which is no error: the page the customer clicked on may be older than their last removal.
pub fn remove(conn: &mut DbConn, user_id: i32, product_id: i32) -> QueryResult<bool> {
    let deleted =
        diesel::delete(wishlist_items::table.find((user_id, product_id))).execute(conn)?;
    Ok(deleted > 0)
}

/// Whether the customer has saved this product (the product page's button depends on it).
pub fn contains(conn: &mut DbConn, user_id: i32, product_id: i32) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        wishlist_items::table.find((user_id, product_id)),
    ))
    .get_result(conn)
}

/// The customer's saved products that are still for sale, newest first, in one query. A
/// product an admin deactivated stays saved and shows again if it comes back.
pub fn entries(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<WishlistEntry>> {
    wishlist_items::table
        .inner_join(products::table)
        .filter(wishlist_items::user_id.eq(user_id))
        .filter(products::active.eq(true))
        .order((wishlist_items::added_at.desc(), products::id.desc()))
        .select((
            products::id,
            ProductCard::as_select(),
            wishlist_items::added_at,
        ))
        .load(conn)
}
