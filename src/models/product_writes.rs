//! Changing `products`: the admin's create, edit and delete (each keeping the categories'
//! product counts right), the checkout's stock updates, and the few reads these writes need
//! (is a product ordered, the highest id, how many there are).
//!
//! Not here: the row types are in `product.rs` and the lists in `product_catalog.rs`. The
//! rules around these writes (a taken slug as a form message, a refused delete explained,
//! stock taken for every line or none) are the callers' work: `services::catalog`,
//! `services::checkout` (also for `services::orders`) and `seed`, each in a write transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::models::{Category, Product, ProductChanges};
use crate::schema::{order_items, products};

impl Product {
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

    /// Saves an edit, stock included, whatever the stock is now; `NotFound` for an unknown
    /// id. The admin's form uses `update_if_stock_is` instead, so as never to undo a sale;
    /// this one is for setting products up (the tests do).
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

    /// Puts units back into stock (a failed payment or a cancelled order). Returns the
    /// number of rows changed: 0 if the product no longer exists.
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

    /// The highest product id so far (generated products number themselves after it);
    /// `None` when there are no products.
    pub fn max_id(conn: &mut DbConn) -> QueryResult<Option<i32>> {
        products::table
            .select(diesel::dsl::max(products::id))
            .first(conn)
    }

    /// How many products exist, active or not (the seeder checks for an empty shop).
    pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
        products::table.count().get_result(conn)
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
