//! A shopper's orders: `GET /orders` (the logged-in user's list) and `GET /orders/{number}`
//! (one order, for its owner or the browser that placed it as a guest).
//!
//! Only reading lives here: who may see an order is `services::orders::find_visible`, the
//! queries are `models::Order`. Orders are made by `routes::checkout`; the admin's view of
//! every order is `routes::admin::orders`; `api::orders` answers the same orders as JSON.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::{Order, OrderItem};
use crate::routes::{load_page, render};
use crate::services::orders as order_rules;
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "orders/index.html")]
struct OrdersPage {
    layout: Layout,
    orders: Vec<Order>,
}

/// `GET /orders`: extracts the logged-in user (else redirects to login); renders
/// `orders/index.html` with their orders, newest first.
pub async fn index(
    CurrentUser(user): CurrentUser,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        Ok(OrdersPage {
            layout,
            orders: Order::for_user(conn, user.id)?,
        })
    })
    .await?;
    render(&page)
}

/// One order with its lines.
#[derive(Template)]
#[template(path = "orders/show.html")]
struct OrderPage {
    layout: Layout,
    order: Order,
    items: Vec<OrderItem>,
}

/// `GET /orders/{number}`: extracts the order number; renders `orders/show.html` for the
/// order's owner, and 404 for anyone else (so order numbers reveal nothing, not even that
/// they exist).
pub async fn show(
    number: web::Path<String>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let number = number.into_inner();
    let page = db::run(&pool, move |conn| {
        let order = order_rules::find_visible(conn, &number, visitor.user_id, visitor.cart_id)?;
        Ok(OrderPage {
            layout: Layout::load(conn, &visitor)?,
            items: Order::items(conn, order.id)?,
            order,
        })
    })
    .await?;
    render(&page)
}
