//! Admin orders: `GET /admin/orders?status=`, `GET /admin/orders/{number}` and
//! `POST /admin/orders/{number}/status` (ship, deliver or cancel).
//!
//! Which status may follow which is `domain::OrderStatus`; the change itself (returning stock
//! on a cancel, queueing the shipping notice) is `services::orders::change_status`. Unlike
//! `routes::orders`, an admin may open every order. The CSV export is `admin::exports`.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::csrf::CsrfForm;
use crate::db::{self, DbPool};
use crate::domain::OrderStatus;
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{Order, OrderItem};
use crate::routes::{load_page, render, see_other};
use crate::services::orders as order_rules;
use crate::session::{FlashKind, ShopSession};

/// The most orders the list shows at once.
const ORDER_LIST_LIMIT: i64 = 200;

/// `?status=` on the order list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusFilter {
    status: String,
}

#[derive(Template)]
#[template(path = "admin/orders/index.html")]
struct OrdersPage {
    layout: Layout,
    orders: Vec<Order>,
    status: Option<OrderStatus>,
    statuses: [OrderStatus; 6],
}

/// `GET /admin/orders?status=`: renders the newest orders, optionally of one status.
pub async fn index(
    filter: web::Query<StatusFilter>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let status = OrderStatus::parse(&filter.status).ok();
    let page = load_page(&session, &pool, move |conn, layout| {
        Ok(OrdersPage {
            layout,
            orders: Order::latest(conn, status, ORDER_LIST_LIMIT)?,
            status,
            statuses: OrderStatus::ALL,
        })
    })
    .await?;
    render(&page)
}

#[derive(Template)]
#[template(path = "admin/orders/show.html")]
struct OrderPage {
    layout: Layout,
    order: Order,
    items: Vec<OrderItem>,
}

/// `GET /admin/orders/{number}`: renders the order with the status changes it allows.
pub async fn show(
    number: web::Path<String>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let number = number.into_inner();
    let page = load_page(&session, &pool, move |conn, layout| {
        let order = Order::find_by_number(conn, &number)?;
        Ok(OrderPage {
            layout,
            items: Order::items(conn, order.id)?,
            order,
        })
    })
    .await?;
    render(&page)
}

/// The status form on the order page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

/// `POST /admin/orders/{number}/status`: extracts `status`; changes it if the life cycle
/// allows (cancelling returns the stock) and redirects back to the order with a message.
pub async fn update_status(
    number: web::Path<String>,
    form: CsrfForm<StatusForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let number = number.into_inner();
    let status = OrderStatus::parse(&form.0.status).map_err(AppError::BadRequest)?;
    let lookup = number.clone();
    match db::run(&pool, move |conn| {
        order_rules::change_status(conn, &lookup, status)
    })
    .await
    {
        Ok(order) => session.notice(format!(
            "Order {} is now {}.",
            order.number,
            status.label().to_lowercase()
        ))?,
        Err(AppError::Refused(message)) => session.flash(FlashKind::Error, message)?,
        Err(other) => return Err(other),
    }
    Ok(see_other(&format!("/admin/orders/{number}")))
}
