//! `carts` and `cart_items`: what a shopper is about to buy.
//!
//! A cart belongs to a browser (its id is in the session) and, after login, to a user.
//! Totals are never stored: they are computed from today's prices whenever the cart is shown.
//!
//! The rules (no more than the stock, merging carts at login) are in `services::cart`; the
//! checkout reads a cart's lines through `services::checkout`, and `layout` its badge.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::Money;
use crate::schema::{cart_items, carts, products};

use super::Product;

/// One row of `carts`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = carts)]
pub struct Cart {
    /// The primary key, kept in the session cookie (see `session`).
    pub id: i32,
    /// The owner once the shopper has logged in; `None` for an anonymous cart. Unique: a
    /// user has at most one cart.
    pub user_id: Option<i32>,
    /// When the cart was made, UTC.
    pub created_at: NaiveDateTime,
    /// When a line last changed (`touch`), UTC; the `idle-carts` job deletes anonymous carts
    /// left alone too long.
    pub updated_at: NaiveDateTime,
}

/// One row of `cart_items`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cart_items)]
pub struct CartItem {
    /// The cart; with `product_id`, the primary key, so a product is one line per cart.
    pub cart_id: i32,
    /// The product; deleting it deletes its cart lines.
    pub product_id: i32,
    /// From 1 to 99 (a `CHECK` in the table); a line set to 0 is deleted instead.
    pub quantity: i32,
    /// When the line was added, UTC; lines are shown in this order.
    pub added_at: NaiveDateTime,
}

/// A cart line as shown: the product as it is now, and how many.
#[derive(Debug, Clone)]
pub struct CartLine {
    /// The product with today's price and stock (which may have changed since it was added).
    pub product: Product,
    /// How many, 1 to 99.
    pub quantity: i32,
}

impl CartLine {
    /// Today's price times the quantity.
    pub fn line_total(&self) -> Money {
        self.product.price() * self.quantity
    }
}

impl Cart {
    /// The cart with this id if it may be used by this visitor: an anonymous cart, or the
    /// visitor's own. A stale or foreign id from an old cookie gives `None`.
    pub fn find_usable(
        conn: &mut DbConn,
        cart_id: i32,
        user_id: Option<i32>,
    ) -> QueryResult<Option<Cart>> {
        let cart: Option<Cart> = carts::table
            .find(cart_id)
            .select(Cart::as_select())
            .first(conn)
            .optional()?;
        Ok(cart.filter(|cart| cart.user_id.is_none() || cart.user_id == user_id))
    }

    /// The user's own cart, if they have one.
    pub fn find_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Option<Cart>> {
        carts::table
            .filter(carts::user_id.eq(user_id))
            .select(Cart::as_select())
            .first(conn)
            .optional()
    }

    /// Makes a new, empty cart.
    pub fn create(conn: &mut DbConn, user_id: Option<i32>) -> QueryResult<Cart> {
        diesel::insert_into(carts::table)
            .values(carts::user_id.eq(user_id))
            .returning(carts::all_columns)
            .get_result(conn)
    }

    /// Gives an anonymous cart to a user (they logged in and had no cart of their own).
    pub fn assign_to_user(conn: &mut DbConn, cart_id: i32, user_id: i32) -> QueryResult<usize> {
        diesel::update(carts::table.find(cart_id))
            .set(carts::user_id.eq(user_id))
            .execute(conn)
    }

    /// Records that the cart changed now, so the `idle-carts` job keeps it for another 30
    /// days. Called whenever a line is added, changed or removed (tests pass a past time to
    /// have a cart left a month ago).
    pub fn touch(conn: &mut DbConn, cart_id: i32, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(carts::table.find(cart_id))
            .set(carts::updated_at.eq(now))
            .execute(conn)
    }

    /// Deletes anonymous carts (no user) not changed since `cutoff`, and through `ON DELETE
    /// CASCADE` their lines; an order placed from such a cart keeps its lines (its `cart_id`
    /// becomes NULL). Returns how many carts went.
    pub fn delete_idle_anonymous(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(
            carts::table
                .filter(carts::user_id.is_null())
                .filter(carts::updated_at.lt(cutoff)),
        )
        .execute(conn)
    }

    /// Deletes a cart and, through `ON DELETE CASCADE`, its items.
    pub fn delete(conn: &mut DbConn, cart_id: i32) -> QueryResult<usize> {
        diesel::delete(carts::table.find(cart_id)).execute(conn)
    }

    /// The cart's lines with their products, in the order they were added.
    pub fn lines(conn: &mut DbConn, cart_id: i32) -> QueryResult<Vec<CartLine>> {
        let rows: Vec<(Product, i32)> = cart_items::table
            .inner_join(products::table)
            .filter(cart_items::cart_id.eq(cart_id))
            .order((cart_items::added_at, cart_items::product_id))
            .select((Product::as_select(), cart_items::quantity))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(product, quantity)| CartLine { product, quantity })
            .collect())
    }

    /// How many units the cart holds in all (the badge in the header).
    pub fn item_count(conn: &mut DbConn, cart_id: i32) -> QueryResult<i64> {
        let total: Option<i64> = cart_items::table
            .filter(cart_items::cart_id.eq(cart_id))
            .select(diesel::dsl::sum(cart_items::quantity))
            .first(conn)?;
        Ok(total.unwrap_or(0))
    }
}

impl CartItem {
    /// The cart's items (ids and quantities only).
    pub fn all_in(conn: &mut DbConn, cart_id: i32) -> QueryResult<Vec<CartItem>> {
        cart_items::table
            .filter(cart_items::cart_id.eq(cart_id))
            .select(CartItem::as_select())
            .load(conn)
    }

    /// How many of this product the cart holds now (0 when none).
    pub fn quantity_in(conn: &mut DbConn, cart_id: i32, product_id: i32) -> QueryResult<i32> {
        let quantity = cart_items::table
            .find((cart_id, product_id))
            .select(cart_items::quantity)
            .first(conn)
            .optional()?;
        Ok(quantity.unwrap_or(0))
    }

    /// Sets the line's quantity, adding the line if it is new. Callers hold the cart's
    /// `db::lock_key` in a write transaction, so no other request adds the same line between
    /// the update and the insert.
    pub fn set_quantity(
        conn: &mut DbConn,
        cart_id: i32,
        product_id: i32,
        quantity: i32,
    ) -> QueryResult<usize> {
        let updated = diesel::update(cart_items::table.find((cart_id, product_id)))
            .set(cart_items::quantity.eq(quantity))
            .execute(conn)?;
        if updated > 0 {
            return Ok(updated);
        }
        diesel::insert_into(cart_items::table)
            .values((
                cart_items::cart_id.eq(cart_id),
                cart_items::product_id.eq(product_id),
                cart_items::quantity.eq(quantity),
                cart_items::added_at.eq(super::now()),
            ))
            .execute(conn)
    }

    /// Removes a product from the cart.
    pub fn remove(conn: &mut DbConn, cart_id: i32, product_id: i32) -> QueryResult<usize> {
        diesel::delete(cart_items::table.find((cart_id, product_id))).execute(conn)
    }

    /// Empties the cart (after a paid checkout).
    pub fn clear(conn: &mut DbConn, cart_id: i32) -> QueryResult<usize> {
        diesel::delete(cart_items::table.filter(cart_items::cart_id.eq(cart_id))).execute(conn)
    }
}
