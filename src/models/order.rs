//! `orders` and `order_items`: what was bought, by whom, for how much, and where it is now.
//!
//! Order lines copy the product's name and price at the moment of purchase, so editing the
//! catalog later never changes an old order. Status changes are conditional updates
//! ("set paid WHERE status is pending"), so two requests can never both move an order.
//!
//! The rules are elsewhere: what a checkout writes in `services::checkout`, who may see an
//! order and which moves an admin may make in `services::orders` and `domain::OrderStatus`.
//! Sales figures over many orders are in `sales_report` and `daily_sales`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::{Money, OrderStatus};
use crate::schema::{order_items, orders};

/// One row of `orders`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = orders)]
pub struct Order {
    /// The primary key; never shown to shoppers (they see `number`).
    pub id: i32,
    /// What shoppers see and type: short, random and unique, so it gives away nothing.
    pub number: String,
    /// One of `OrderStatus`'s values as text (a `CHECK` in the table); read it with `status()`.
    pub status: String,
    /// The customer's account; `None` for a guest, or once the account was deleted.
    pub user_id: Option<i32>,
    /// The cart it was bought from, which lets a guest see the order from the same browser;
    /// `None` once that cart is gone.
    pub cart_id: Option<i32>,
    /// Where the confirmation and shipping mails go.
    pub email: String,
    /// The name on the delivery address.
    pub name: String,
    /// The street address.
    pub address_line1: String,
    /// More of the address; may be empty.
    pub address_line2: String,
    /// The delivery address's city.
    pub city: String,
    /// The delivery address's postal code.
    pub postal_code: String,
    /// The delivery address's country, as typed.
    pub country: String,
    /// The sum of the lines in cents, as charged; not negative.
    pub total_cents: i64,
    /// The checkout form's one-time token, unique: submitting the same form twice finds
    /// this order instead of placing another.
    pub checkout_token: String,
    /// The card's brand ("Visa"); the card number itself is never stored.
    pub card_brand: String,
    /// The card's last four digits, for the receipt.
    pub card_last4: String,
    /// The gateway's reference of the charge, once paid.
    pub payment_reference: Option<String>,
    /// The gateway's reason, once a payment failed.
    pub payment_error: Option<String>,
    /// When the order was placed, UTC.
    pub created_at: NaiveDateTime,
    /// When its status last changed, UTC.
    pub updated_at: NaiveDateTime,
}

/// An order about to be written by the checkout (always starts `pending`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrder {
    /// A fresh random number (`services::checkout` makes it); must be unique.
    pub number: String,
    /// The logged-in customer, or `None` for a guest.
    pub user_id: Option<i32>,
    /// The cart being bought.
    pub cart_id: Option<i32>,
    /// See `Order::email`.
    pub email: String,
    /// See `Order::name`.
    pub name: String,
    /// See `Order::address_line1`.
    pub address_line1: String,
    /// See `Order::address_line2`.
    pub address_line2: String,
    /// See `Order::city`.
    pub city: String,
    /// See `Order::postal_code`.
    pub postal_code: String,
    /// See `Order::country`.
    pub country: String,
    /// The sum of the lines at today's prices, in cents.
    pub total_cents: i64,
    /// The form's one-time token; a reused one fails the insert (see `Order::create`).
    pub checkout_token: String,
    /// See `Order::card_brand`.
    pub card_brand: String,
    /// See `Order::card_last4`.
    pub card_last4: String,
}

/// One row of `order_items`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_items)]
pub struct OrderItem {
    /// The primary key.
    pub id: i32,
    /// The order the line belongs to.
    pub order_id: i32,
    /// The product bought; while any line points at it, it cannot be deleted.
    pub product_id: i32,
    /// The product's name when it was bought: later edits never rewrite an order.
    pub name: String,
    /// The price per unit when it was bought, in cents.
    pub unit_price_cents: i64,
    /// How many, at least 1.
    pub quantity: i32,
}

/// An order line about to be written.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = order_items)]
pub struct NewOrderItem {
    /// The order just written.
    pub order_id: i32,
    /// The product bought.
    pub product_id: i32,
    /// The product's name now, copied so the order keeps it.
    pub name: String,
    /// The product's price now, in cents, copied likewise.
    pub unit_price_cents: i64,
    /// How many, at least 1.
    pub quantity: i32,
}

/// How many sales and how much revenue over a period (the dashboard's figures).
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderSummary {
    /// How many sales (orders that count as sold: paid, shipped or delivered).
    pub count: i64,
    /// Their totals added up.
    pub revenue: Money,
}

impl Order {
    /// The status as a typed value (the column only ever holds valid ones: see its CHECK).
    pub fn status(&self) -> OrderStatus {
        OrderStatus::parse(&self.status).unwrap_or(OrderStatus::Pending)
    }

    /// The total as `Money`.
    pub fn total(&self) -> Money {
        Money::from_cents(self.total_cents)
    }

    /// Writes a new pending order; a reused checkout token fails with a unique violation.
    pub fn create(conn: &mut DbConn, new: &NewOrder) -> QueryResult<Order> {
        diesel::insert_into(orders::table)
            .values(new)
            .returning(orders::all_columns)
            .get_result(conn)
    }

    /// The order with this number.
    pub fn find_by_number(conn: &mut DbConn, number: &str) -> QueryResult<Order> {
        orders::table
            .filter(orders::number.eq(number))
            .select(Order::as_select())
            .first(conn)
    }

    /// The order made from this checkout form, if it was submitted before.
    pub fn find_by_checkout_token(conn: &mut DbConn, token: &str) -> QueryResult<Option<Order>> {
        orders::table
            .filter(orders::checkout_token.eq(token))
            .select(Order::as_select())
            .first(conn)
            .optional()
    }

    /// Orders still `pending` that were placed before `cutoff`, oldest first.
    pub fn pending_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<Vec<Order>> {
        orders::table
            .filter(orders::status.eq(OrderStatus::Pending.as_str()))
            .filter(orders::created_at.lt(cutoff))
            .order(orders::id.asc())
            .select(Order::as_select())
            .load(conn)
    }

    /// A user's orders, newest first.
    pub fn for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<Order>> {
        orders::table
            .filter(orders::user_id.eq(user_id))
            .order(orders::created_at.desc())
            .select(Order::as_select())
            .load(conn)
    }

    /// The newest orders, optionally only those with one status (the admin list).
    pub fn latest(
        conn: &mut DbConn,
        status: Option<OrderStatus>,
        limit: i64,
    ) -> QueryResult<Vec<Order>> {
        let mut query = orders::table.into_boxed();
        if let Some(status) = status {
            query = query.filter(orders::status.eq(status.as_str()));
        }
        query
            .order((orders::created_at.desc(), orders::id.desc()))
            .limit(limit)
            .select(Order::as_select())
            .load(conn)
    }

    /// The order's lines.
    pub fn items(conn: &mut DbConn, order_id: i32) -> QueryResult<Vec<OrderItem>> {
        order_items::table
            .filter(order_items::order_id.eq(order_id))
            .order(order_items::id)
            .select(OrderItem::as_select())
            .load(conn)
    }

    /// Writes the order's lines, one statement each (a many-row insert is written
    /// differently by SQLite and PostgreSQL, and an order has few lines).
    pub fn add_items(conn: &mut DbConn, items: &[NewOrderItem]) -> QueryResult<usize> {
        let mut written = 0;
        for item in items {
            written += diesel::insert_into(order_items::table)
                .values(item)
                .execute(conn)?;
        }
        Ok(written)
    }

    /// Moves the order from `from` to `to`; false (and nothing changed) if it was no longer
    /// in `from`, for instance because another admin changed it first.
    pub fn change_status(
        conn: &mut DbConn,
        id: i32,
        from: OrderStatus,
        to: OrderStatus,
    ) -> QueryResult<bool> {
        let updated = diesel::update(orders::table.find(id))
            .filter(orders::status.eq(from.as_str()))
            .set((
                orders::status.eq(to.as_str()),
                orders::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Records the gateway's answer on a pending order: `reference` when paid, `error` when
    /// declined. False if the order was not pending any more.
    pub fn record_payment(
        conn: &mut DbConn,
        id: i32,
        to: OrderStatus,
        reference: Option<&str>,
        error: Option<&str>,
    ) -> QueryResult<bool> {
        let updated = diesel::update(orders::table.find(id))
            .filter(orders::status.eq(OrderStatus::Pending.as_str()))
            .set((
                orders::status.eq(to.as_str()),
                orders::payment_reference.eq(reference),
                orders::payment_error.eq(error),
                orders::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        Ok(updated == 1)
    }

    /// Gives the orders a guest placed from this browser's cart to the user who just logged
    /// in from it.
    pub fn claim_guest_orders(conn: &mut DbConn, cart_id: i32, user_id: i32) -> QueryResult<usize> {
        diesel::update(orders::table)
            .filter(orders::cart_id.eq(cart_id))
            .filter(orders::user_id.is_null())
            .set(orders::user_id.eq(user_id))
            .execute(conn)
    }

    /// Sales (paid, shipped or delivered orders) created at or after `since`.
    pub fn sales_since(conn: &mut DbConn, since: NaiveDateTime) -> QueryResult<OrderSummary> {
        let (count, revenue): (i64, Option<i64>) = orders::table
            .filter(orders::created_at.ge(since))
            .filter(orders::status.eq_any(sale_statuses()))
            .select((diesel::dsl::count_star(), sum_of_totals()))
            .first(conn)?;
        Ok(OrderSummary {
            count,
            revenue: Money::from_cents(revenue.unwrap_or(0)),
        })
    }

    /// Sets when the order was placed. The shop itself never moves an order in time; the
    /// tests use this to have orders on past days.
    pub fn set_created_at(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(orders::table.find(id))
            .set(orders::created_at.eq(at))
            .execute(conn)
    }
}

impl OrderItem {
    /// The price paid per unit.
    pub fn unit_price(&self) -> Money {
        Money::from_cents(self.unit_price_cents)
    }

    /// The price paid for the line.
    pub fn line_total(&self) -> Money {
        self.unit_price() * self.quantity
    }
}

/// The statuses of orders that count as sales (paid, shipped or delivered), as stored. Every
/// sales figure uses this one list, so a cancelled or unpaid order is left out everywhere.
pub(super) fn sale_statuses() -> Vec<&'static str> {
    OrderStatus::ALL
        .into_iter()
        .filter(|status| status.is_sale())
        .map(OrderStatus::as_str)
        .collect()
}

/// `SUM(total_cents)` as a nullable BIGINT. Diesel's own `sum` of a BIGINT column gives a
/// NUMERIC (PostgreSQL's type for it, safe from overflow), which would need a decimal type;
/// cents summed over a shop's orders fit comfortably in an `i64`, so the sum is cast back.
fn sum_of_totals()
-> diesel::expression::SqlLiteral<diesel::sql_types::Nullable<diesel::sql_types::BigInt>> {
    diesel::dsl::sql("CAST(SUM(orders.total_cents) AS BIGINT)")
}
