//! `product_pairs`: which products were bought by the same customers, and by how many.
//!
//! The table is derived data: `ProductPair::recompute` rewrites it from the sales, and the
//! readers (`bought_with`, `category_best_sellers`) only read it. What to show, and why, is
//! decided in `services::recommendations`.

use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::{self, DbConn};
use crate::models::order::sale_statuses;
use crate::models::{ProductCard, TRUE};
use crate::schema::{order_items, orders, product_pairs, products};

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
    /// Rewrites the whole table from the orders that count as sales, in one transaction:
    /// readers see the old pairs or the new ones, never half of them. Returns the number of
    /// rows written (each pair twice, once per direction).
    ///
    /// The counting is one `INSERT … SELECT`: a self-join of `order_items` on the order gives
    /// every ordered pair of products bought in one order, and `COUNT(DISTINCT …)` counts the
    /// customers behind them, so the database does the work without sending rows to us.
    pub fn recompute(conn: &mut DbConn) -> QueryResult<usize> {
        let sql = recompute_sql(&sale_statuses());
        // A write transaction (see `db::write_transaction`): on SQLite it takes the write
        // lock up front, so the job queues behind a checkout instead of failing on it.
        db::write_transaction(conn, |conn| {
            diesel::delete(product_pairs::table).execute(conn)?;
            diesel::sql_query(&sql).execute(conn)
        })
    }

    /// The active products bought together with any of `product_ids` by at least
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

    /// Active products of a category, best sellers first (most units in sales), then the
    /// ones nothing has been sold of yet, leaving out `excluded`; each with its units sold.
    ///
    /// One query for both, so a shop with few sales still fills the block without an extra
    /// statement: the orders are LEFT JOINed with the sale statuses in the join condition,
    /// so a product without sales keeps its row and counts 0.
    pub fn category_best_sellers(
        conn: &mut DbConn,
        category_id: i32,
        excluded: &[i32],
        limit: i64,
    ) -> QueryResult<Vec<(ProductCard, i64)>> {
        products::table
            .left_join(order_items::table.on(order_items::product_id.eq(products::id)))
            .left_join(
                orders::table.on(orders::id
                    .eq(order_items::order_id)
                    .and(orders::status.eq_any(sale_statuses()))),
            )
            .filter(products::category_id.eq(category_id))
            .filter(products::active.eq(TRUE))
            .filter(products::id.ne_all(excluded))
            .group_by((
                products::id,
                products::slug,
                products::name,
                products::price_cents,
                products::stock,
                products::image_path,
            ))
            .order((units_sold().desc(), products::name))
            .limit(limit)
            .select((ProductCard::as_select(), units_sold()))
            .load(conn)
    }
}

/// Units sold in sales, as a BIGINT on both databases (see `sales_report::units_sold`): an
/// order item whose order is not a sale has no `orders` row in the LEFT JOIN and adds 0.
fn units_sold() -> SqlLiteral<BigInt> {
    diesel::dsl::sql(
        "CAST(COALESCE(SUM(CASE WHEN orders.id IS NULL THEN 0 ELSE order_items.quantity END), 0) \
         AS BIGINT)",
    )
}

/// The `INSERT … SELECT` that counts the pairs. A customer is `u<user id>`, or `e<email>`
/// for a guest order (the prefixes keep a user id from ever equalling an email). The
/// statuses come from `OrderStatus`, our own constants, never from input, so writing them
/// into the SQL is safe; it keeps the statement the same on both databases.
fn recompute_sql(statuses: &[&str]) -> String {
    let statuses: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
    format!(
        "INSERT INTO product_pairs (product_id, other_id, customers) \
         SELECT a.product_id, b.product_id, \
                COUNT(DISTINCT COALESCE('u' || CAST(o.user_id AS TEXT), 'e' || LOWER(o.email))) \
         FROM orders o \
         JOIN order_items a ON a.order_id = o.id \
         JOIN order_items b ON b.order_id = o.id AND b.product_id <> a.product_id \
         WHERE o.status IN ({}) \
         GROUP BY a.product_id, b.product_id",
        statuses.join(", ")
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
