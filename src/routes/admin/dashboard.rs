//! `GET /admin`: how the shop is doing today, what is running out, and the latest orders.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::{Order, OrderSummary, Product, now};
use crate::routes::render;
use crate::session::ShopSession;

/// How many rows each dashboard list shows.
const DASHBOARD_ROWS: i64 = 10;

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    today: OrderSummary,
    low_stock: Vec<Product>,
    latest_orders: Vec<Order>,
}

/// `GET /admin`: renders today's sales (since midnight UTC), low stock and latest orders.
pub async fn show(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(&pool, move |conn| {
        let midnight = now().date().and_hms_opt(0, 0, 0).unwrap_or_default();
        Ok(DashboardPage {
            layout: Layout::load(conn, &visitor)?,
            today: Order::sales_since(conn, midnight)?,
            low_stock: Product::low_stock(conn, DASHBOARD_ROWS)?,
            latest_orders: Order::latest(conn, None, DASHBOARD_ROWS)?,
        })
    })
    .await?;
    render(&page)
}
