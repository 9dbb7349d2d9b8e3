//! The rows of the admin's CSV exports (`services::csv_export` writes them out).
//!
//! An export may cover every order the shop ever took, so it is read in batches of a fixed
//! size, each starting after the last row of the one before ("keyset pagination"). Unlike an
//! `OFFSET`, which makes the database skip all earlier rows again for every batch, this
//! reads each batch straight off an index, and an order placed while the export runs cannot
//! shift the batches.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConn;
use crate::schema::{categories, order_items, orders, products};

/// One order as the export writes it.
#[derive(Debug, Clone, Queryable)]
pub struct OrderExportRow {
    /// Not written to the file: with `created_at`, where the next batch starts.
    pub id: i32,
    /// The order number the customer sees.
    pub number: String,
    /// When the order was placed, UTC (the `placed_at` column).
    pub created_at: NaiveDateTime,
    /// The email given at checkout: typed by a customer, so guarded against formulas.
    pub email: String,
    /// The status as stored (`paid`, `shipped` …; see `domain::OrderStatus`).
    pub status: String,
    /// Units over all of the order's lines.
    pub item_count: i64,
    /// The order's total in cents, as charged.
    pub total_cents: i64,
}

/// One product as the export writes it, with its category's slug.
#[derive(Debug, Clone, Queryable)]
pub struct ProductExportRow {
    /// Not written to the file (the importer finds products by slug): where the next
    /// batch starts.
    pub id: i32,
    /// The product's slug, the importer's key.
    pub slug: String,
    /// The product's name.
    pub name: String,
    /// The product's description.
    pub description: String,
    /// The price in cents (written as `12.50`).
    pub price_cents: i64,
    /// Units in stock.
    pub stock: i32,
    /// The category, by slug (as the importer reads it back).
    pub category_slug: String,
    /// Shown to shoppers.
    pub active: bool,
    /// Shown on the home page.
    pub featured: bool,
}

/// Up to `limit` orders, newest first, placed before the order `after` (its placed-at time
/// and id), or the newest ones when `after` is `None`. Two statements: the orders, then the
/// units of just those orders.
pub fn orders_batch(
    conn: &mut DbConn,
    after: Option<(NaiveDateTime, i32)>,
    limit: i64,
) -> QueryResult<Vec<OrderExportRow>> {
    let mut query = orders::table.into_boxed();
    if let Some((created_at, id)) = after {
        // Newest first by (placed at, id): the next batch holds what sorts after the last row.
        query = query.filter(
            orders::created_at
                .lt(created_at)
                .or(orders::created_at.eq(created_at).and(orders::id.lt(id))),
        );
    }
    let orders: Vec<(i32, String, NaiveDateTime, String, String, i64)> = query
        .order((orders::created_at.desc(), orders::id.desc()))
        .limit(limit)
        .select((
            orders::id,
            orders::number,
            orders::created_at,
            orders::email,
            orders::status,
            orders::total_cents,
        ))
        .load(conn)?;
    let ids: Vec<i32> = orders.iter().map(|order| order.0).collect();
    let units: HashMap<i32, i64> = order_items::table
        .filter(order_items::order_id.eq_any(&ids))
        .group_by(order_items::order_id)
        .select((order_items::order_id, units_sum()))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(orders
        .into_iter()
        .map(
            |(id, number, created_at, email, status, total_cents)| OrderExportRow {
                item_count: units.get(&id).copied().unwrap_or(0),
                id,
                number,
                created_at,
                email,
                status,
                total_cents,
            },
        )
        .collect())
}

/// Up to `limit` products with an id above `after_id`, in id order.
pub fn products_batch(
    conn: &mut DbConn,
    after_id: i32,
    limit: i64,
) -> QueryResult<Vec<ProductExportRow>> {
    products::table
        .inner_join(categories::table)
        .filter(products::id.gt(after_id))
        .order(products::id)
        .limit(limit)
        .select((
            products::id,
            products::slug,
            products::name,
            products::description,
            products::price_cents,
            products::stock,
            categories::slug,
            products::active,
            products::featured,
        ))
        .load(conn)
}

/// The units of an order's lines, as a BIGINT on both databases.
fn units_sum() -> SqlLiteral<BigInt> {
    diesel::dsl::sql("CAST(SUM(order_items.quantity) AS BIGINT)")
}
