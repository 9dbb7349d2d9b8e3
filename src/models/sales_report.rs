//! The dashboard's sales reports: each sale of a period, and the best-selling products.
//!
//! These queries read `orders`, `order_items` and `products` together, so they live in a file
//! of their own (as `product_search` does) rather than on one table's row type. A sale is an
//! order whose status counts as one (`order::sale_statuses`), the same rule as the
//! dashboard's "today" figures, so a cancelled or unpaid order is never counted.
//!
//! Revenue per day is added up in Rust (`domain::SalesChart`), not with `GROUP BY` a date:
//! SQLite and PostgreSQL turn a timestamp into a day with different functions and types,
//! while fetching (placed at, total) pairs is the same query on both, and 30 days of orders
//! is a short list.

use chrono::NaiveDateTime;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConn;
use crate::domain::Money;
use crate::models::order::sale_statuses;
use crate::schema::{order_items, orders, products};

/// A product and how much of it sold in a period.
#[derive(Debug, Clone, Queryable)]
pub struct BestSeller {
    /// The product.
    pub product_id: i32,
    /// The product's name today (not as it was on the order lines).
    pub name: String,
    /// Units sold in the period.
    pub units: i64,
    /// What those units brought, at the prices paid, in cents.
    pub revenue_cents: i64,
}

impl BestSeller {
    /// The revenue as `Money`.
    pub fn revenue(&self) -> Money {
        Money::from_cents(self.revenue_cents)
    }
}

/// When each sale since `since` was placed and its total in cents, oldest first.
pub fn sale_totals_since(
    conn: &mut DbConn,
    since: NaiveDateTime,
) -> QueryResult<Vec<(NaiveDateTime, i64)>> {
    orders::table
        .filter(orders::created_at.ge(since))
        .filter(orders::status.eq_any(sale_statuses()))
        .order(orders::created_at)
        .select((orders::created_at, orders::total_cents))
        .load(conn)
}

/// Like `sale_totals_since`, for sales placed from `since` up to (not including) `until`.
pub fn sale_totals_between(
    conn: &mut DbConn,
    since: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(NaiveDateTime, i64)>> {
    orders::table
        .filter(orders::created_at.ge(since))
        .filter(orders::created_at.lt(until))
        .filter(orders::status.eq_any(sale_statuses()))
        .order(orders::created_at)
        .select((orders::created_at, orders::total_cents))
        .load(conn)
}

/// The `limit` products that sold the most units in sales since `since`, with the revenue
/// they brought; ties go to the higher revenue, then to the name.
pub fn best_sellers(
    conn: &mut DbConn,
    since: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<BestSeller>> {
    order_items::table
        .inner_join(orders::table)
        .inner_join(products::table)
        .filter(orders::created_at.ge(since))
        .filter(orders::status.eq_any(sale_statuses()))
        .group_by((products::id, products::name))
        .select((products::id, products::name, units_sold(), revenue()))
        .order((units_sold().desc(), revenue().desc(), products::name))
        .limit(limit)
        .load(conn)
}

/// Units sold, as a BIGINT on both databases (PostgreSQL's `SUM` of an INTEGER is a BIGINT
/// already; SQLite's is whatever fits, read as BIGINT).
fn units_sold() -> SqlLiteral<BigInt> {
    diesel::dsl::sql("CAST(SUM(order_items.quantity) AS BIGINT)")
}

/// Revenue in cents: each line's price paid times its quantity. A product's order lines
/// keep the price it had when bought, so this is what was really paid for it. The cast keeps
/// it an `i64` (see `order::sum_of_totals` for why).
fn revenue() -> SqlLiteral<BigInt> {
    diesel::dsl::sql("CAST(SUM(order_items.unit_price_cents * order_items.quantity) AS BIGINT)")
}
