//! The token holder's orders: `GET /api/v1/orders` and `GET /api/v1/orders/{number}`.
//!
//! The same orders `/orders` lists for the user, read with the same model functions
//! (`Order::for_user`, `Order::find_by_number`) and shown only to their owner
//! (`services::orders::find_visible`): another user's order is a 404, exactly like an order
//! number that does not exist, so numbers reveal nothing.

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::auth::BearerUser;
use crate::api::price::Price;
use crate::api::problem::{ApiResult, ProblemBody};
use crate::db::{self, DbPool};
use crate::models::{Order, OrderItem};
use crate::services::orders as order_rules;

/// An order in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderSummaryBody {
    /// The order number, such as `CW-7KQ2M9XD`.
    pub number: String,
    /// `pending`, `paid`, `payment_failed`, `shipped`, `delivered` or `cancelled`.
    pub status: String,
    /// When it was placed (RFC 3339, UTC).
    pub placed_at: DateTime<Utc>,
    /// What the order cost, VAT included.
    pub total: Price,
}

impl From<&Order> for OrderSummaryBody {
    fn from(order: &Order) -> OrderSummaryBody {
        OrderSummaryBody {
            number: order.number.clone(),
            status: order.status().as_str().to_string(),
            placed_at: order.created_at.and_utc(),
            total: order.total().into(),
        }
    }
}

/// The user's orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderList {
    /// The customer's orders, newest first.
    pub items: Vec<OrderSummaryBody>,
}

/// A line of an order, with the name and price as they were when it was bought.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderLineBody {
    /// The product bought.
    pub product_id: i32,
    /// The product's name when it was bought.
    pub name: String,
    /// The price of one unit when it was bought.
    pub unit_price: Price,
    /// Units bought.
    pub quantity: i32,
    /// `unit_price` times `quantity`.
    pub line_total: Price,
}

/// Where an order goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingBody {
    /// Who the order is shipped to.
    pub name: String,
    /// Street and number.
    pub address_line1: String,
    /// Apartment, suite, floor; empty when not given.
    pub address_line2: String,
    /// The city.
    pub city: String,
    /// The postal code.
    pub postal_code: String,
    /// The country.
    pub country: String,
}

/// One order with its lines.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderBody {
    /// Number, status, date and total, as in the order list.
    #[serde(flatten)]
    pub summary: OrderSummaryBody,
    /// Where the order's mails go.
    pub email: String,
    /// Where the order is shipped.
    pub shipping: ShippingBody,
    /// The card's brand and last four digits; the number itself is never stored.
    pub card_brand: String,
    /// The last four digits of the card that paid.
    pub card_last4: String,
    /// Why the payment failed, for `payment_failed` orders.
    pub payment_error: Option<String>,
    /// The order's lines, with the names and prices of the day it was placed.
    pub items: Vec<OrderLineBody>,
}

impl OrderBody {
    /// The body of `order` with its `items` (the checkout answers it too).
    pub fn new(order: &Order, items: &[OrderItem]) -> OrderBody {
        OrderBody {
            summary: OrderSummaryBody::from(order),
            email: order.email.clone(),
            shipping: ShippingBody {
                name: order.name.clone(),
                address_line1: order.address_line1.clone(),
                address_line2: order.address_line2.clone(),
                city: order.city.clone(),
                postal_code: order.postal_code.clone(),
                country: order.country.clone(),
            },
            card_brand: order.card_brand.clone(),
            card_last4: order.card_last4.clone(),
            payment_error: order.payment_error.clone(),
            items: items
                .iter()
                .map(|item| OrderLineBody {
                    product_id: item.product_id,
                    name: item.name.clone(),
                    unit_price: item.unit_price().into(),
                    quantity: item.quantity,
                    line_total: item.line_total().into(),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/orders`: extracts the token's user; answers their orders, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    operation_id = "list_orders",
    tag = "orders",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user's orders", body = OrderList),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn index(
    BearerUser(user): BearerUser,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<OrderList>> {
    let orders = db::run(&pool, move |conn| Ok(Order::for_user(conn, user.id)?)).await?;
    let items = orders.iter().map(OrderSummaryBody::from).collect();
    Ok(web::Json(OrderList { items }))
}

/// `GET /api/v1/orders/{number}`: extracts the order number; answers the order with its
/// lines for its owner, and 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}",
    operation_id = "get_order",
    tag = "orders",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "The order number, such as CW-7KQ2M9XD")),
    responses(
        (status = 200, description = "The order", body = OrderBody),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No such order of this user", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    BearerUser(user): BearerUser,
    number: web::Path<String>,
    pool: web::Data<DbPool>,
) -> ApiResult<web::Json<OrderBody>> {
    let number = number.into_inner();
    let body = db::run(&pool, move |conn| {
        // No cart id: an API client is never the browser that placed a guest order.
        let order = order_rules::find_visible(conn, &number, Some(user.id), None)?;
        Ok(OrderBody::new(&order, &Order::items(conn, order.id)?))
    })
    .await?;
    Ok(web::Json(body))
}
