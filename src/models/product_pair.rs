//! `product_pairs`: which products were bought by the same customers, and by how many; and
//! `product_sales`: how many units of each product were sold.
//!
//! Both tables are derived data: `ProductPair::recompute` rewrites them from the sales, and
//! the readers (`bought_with`, `category_best_sellers`) only read them. What to show, and why, is
//! decided in `services::recommendations`.

use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::{self, DbConn};
use crate::models::order::sale_statuses;
use crate::models::{ProductCard, TRUE};
use crate::schema::{order_items, orders, product_pairs, product_sales, products};

/// A product bought together with another one, and by how many different customers.
#[derive(Debug, Clone)]
pub struct PairedProduct {
    /// The id of the product to show.
    pub id: i32,
    /// Its card.
    pub card: ProductCard,
    /// How many different customers bought both in one order.
    pub customers: i64,
}

/// Namespace for the queries on `product_pairs`.
pub struct ProductPair;

impl ProductPair {
    /// Rewrites both tables from the orders that count as sales, in one transaction:
    /// readers see the old pairs or the new ones, never half of them. Returns the number of
    /// rows written (each pair twice, once per direction, plus one per product sold).
    ///
    /// The counting is one `INSERT … SELECT`: a self-join of `order_items` on the order gives
    /// every ordered pair of products bought in one order, and `COUNT(DISTINCT …)` counts the
    /// customers behind them, so the database does the work without sending rows to us.
    pub fn recompute(conn: &mut DbConn) -> QueryResult<usize> {
        let statuses = sale_statuses();
        // A write transaction (see `db::write_transaction`): on SQLite it takes the write
        // lock up front, so the job queues behind a checkout instead of failing on it. On
        // SQLite the lock is held while the database counts (about a second for 100,000
        // orders): checkouts wait that long, within the busy timeout, rather than fail.
        db::write_transaction(conn, |conn| {
            diesel::delete(product_pairs::table).execute(conn)?;
            diesel::delete(product_sales::table).execute(conn)?;
            let pairs = diesel::sql_query(recompute_sql(&statuses)).execute(conn)?;
            let products = diesel::sql_query(units_sold_sql(&statuses)).execute(conn)?;
            Ok(pairs + products)
        })
    }

    /// The active, in-stock products bought together with any of `product_ids` by at least
    /// `min_customers` different customers, strongest first, excluding `product_ids`
    /// themselves. A product paired with several of them appears once per pair; the caller
    /// keeps the first.
    pub fn bought_with(
        conn: &mut DbConn,
        product_ids: &[i32],
        min_customers: i64,
        limit: i64,
    ) -> QueryResult<Vec<PairedProduct>> {
        product_pairs::table
            .inner_join(products::table)
            .filter(product_pairs::product_id.eq_any(product_ids))
            .filter(product_pairs::other_id.ne_all(product_ids))
            .filter(product_pairs::customers.ge(min_customers))
            .filter(products::active.eq(TRUE))
            .filter(products::stock.gt(0))
            .order((product_pairs::customers.desc(), products::name))
            .limit(limit)
            .select((
                products::id,
                ProductCard::as_select(),
                product_pairs::customers,
            ))
            .load::<(i32, ProductCard, i64)>(conn)
            .map(|rows| {
                rows.into_iter()
                    .map(|(id, card, customers)| PairedProduct {
                        id,
                        card,
                        customers,
                    })
                    .collect()
            })
    }

    /// The ids of the products `user_id` bought in sales, each once (for "You might like").
    pub fn bought_by(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<i32>> {
        order_items::table
            .inner_join(orders::table)
            .filter(orders::user_id.eq(user_id))
            .filter(orders::status.eq_any(sale_statuses()))
            .select(order_items::product_id)
            .distinct()
            .load(conn)
    }

    /// Active, in-stock products of a category, best sellers first (most units in sales when the job
    /// last ran), then the ones nothing has been sold of, leaving out `excluded`; each with
    /// its units sold.
    ///
    /// One query for both, so a shop with few sales still fills the block without an extra
    /// statement: `product_sales` is LEFT JOINed, so a product without sales keeps its row
    /// and counts 0. Its cost grows with the category's size, not with the shop's orders.
    pub fn category_best_sellers(
        conn: &mut DbConn,
        category_id: i32,
        excluded: &[i32],
        limit: i64,
    ) -> QueryResult<Vec<(ProductCard, i64)>> {
        products::table
            .left_join(product_sales::table)
            .filter(products::category_id.eq(category_id))
            .filter(products::active.eq(TRUE))
            .filter(products::stock.gt(0))
            .filter(products::id.ne_all(excluded))
            .order((units_sold().desc(), products::name))
            .limit(limit)
            .select((ProductCard::as_select(), units_sold()))
            .load(conn)
    }
}

/// A product's units sold, 0 when it has no row in `product_sales`.
fn units_sold() -> SqlLiteral<BigInt> {
    diesel::dsl::sql("COALESCE(product_sales.units, 0)")
}

/// The statuses as an SQL list: `'paid', 'shipped'`. They come from `OrderStatus`, our own
/// constants, never from input, so writing them into the SQL is safe; it keeps the
/// statements the same on both databases.
fn status_list(statuses: &[&str]) -> String {
    let quoted: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
    quoted.join(", ")
}

/// The `INSERT … SELECT` that sums each product's units sold into `product_sales`.
fn units_sold_sql(statuses: &[&str]) -> String {
    format!(
        "INSERT INTO product_sales (product_id, units) \
         SELECT i.product_id, CAST(SUM(i.quantity) AS BIGINT) \
         FROM orders o JOIN order_items i ON i.order_id = o.id \
         WHERE o.status IN ({}) \
         GROUP BY i.product_id",
        status_list(statuses)
    )
}

/// The `INSERT … SELECT` that counts the pairs. A customer is `u<user id>`, or `e<email>`
/// for a guest order (the prefixes keep a user id from ever equalling an email).
fn recompute_sql(statuses: &[&str]) -> String {
    format!(
        "INSERT INTO product_pairs (product_id, other_id, customers) \
         SELECT a.product_id, b.product_id, \
                COUNT(DISTINCT COALESCE('u' || CAST(o.user_id AS TEXT), 'e' || LOWER(o.email))) \
         FROM orders o \
         JOIN order_items a ON a.order_id = o.id \
         JOIN order_items b ON b.order_id = o.id AND b.product_id <> a.product_id \
         WHERE o.status IN ({}) \
         GROUP BY a.product_id, b.product_id",
        status_list(statuses)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recompute_statement_counts_only_the_given_statuses() {
        let sql = recompute_sql(&["paid", "shipped"]);

        assert!(sql.contains("IN ('paid', 'shipped')"), "{sql}");
        assert!(sql.contains("COUNT(DISTINCT"), "{sql}");
    }
}
