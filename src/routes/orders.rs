//! A shopper's orders: `GET /orders` (the logged-in user's list) and `GET /orders/{number}`
//! (one order, for its owner or the browser that placed it as a guest).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{Order, OrderItem};
use crate::routes::render;
use crate::services::orders::may_view;
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "orders/index.html")]
struct OrdersPage {
    layout: Layout,
    orders: Vec<Order>,
}

/// `GET /orders`: extracts the logged-in user (else redirects to login); renders their orders.
pub async fn index(
    CurrentUser(user): CurrentUser,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(&pool, move |conn| {
        Ok(OrdersPage {
            layout: Layout::load(conn, &visitor)?,
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

/// `GET /orders/{number}`: extracts the order number; renders the order for its owner, and
/// 404 for anyone else (so order numbers reveal nothing, not even that they exist).
pub async fn show(
    number: web::Path<String>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let number = number.into_inner();
    let page = db::run(&pool, move |conn| {
        let order = Order::find_by_number(conn, &number)?;
        if !may_view(&order, visitor.user_id, visitor.cart_id) {
            return Err(AppError::NotFound);
        }
        Ok(OrderPage {
            layout: Layout::load(conn, &visitor)?,
            items: Order::items(conn, order.id)?,
            order,
        })
    })
    .await?;
    render(&page)
}
