//! `GET /admin`: how the shop is doing today and over the last 30 days, what sells best,
//! what is running out, and the latest orders.
//!
//! Only the page is built here. The figures come from `models` (`Order::sales_since`,
//! `daily_sales`, `sales_report`, `Product::low_stock`); the chart's days and bars are
//! `domain::sales_chart`, and the closed days' totals are summed beforehand by the
//! `sales-totals` job (`jobs`).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbPool;
use crate::domain::{SalesChart, sales_chart};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::daily_sales;
use crate::models::sales_report::{self, BestSeller};
use crate::models::{Order, OrderSummary, Product, now};
use crate::routes::{load_page, render};
use crate::session::ShopSession;

/// How many rows each dashboard list shows.
const DASHBOARD_ROWS: i64 = 10;

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    today: OrderSummary,
    chart: SalesChart,
    best_sellers: Vec<BestSeller>,
    low_stock: Vec<Product>,
    latest_orders: Vec<Order>,
}

/// `GET /admin`: renders today's sales (since midnight UTC), the chart of the last 30 days
/// and their best sellers, low stock and the latest orders.
pub async fn show(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        let today = now().date();
        let midnight = today.and_hms_opt(0, 0, 0).unwrap_or_default();
        let first_day = sales_chart::first_day(today);
        let chart_start = first_day.and_hms_opt(0, 0, 0).unwrap_or_default();
        // Closed days come summed from `daily_sales` (the `sales-totals` job), today live.
        let sales = daily_sales::chart_sales(conn, first_day, today)?;
        Ok(DashboardPage {
            layout,
            today: Order::sales_since(conn, midnight)?,
            chart: SalesChart::build(today, &sales),
            best_sellers: sales_report::best_sellers(conn, chart_start, DASHBOARD_ROWS)?,
            low_stock: Product::low_stock(conn, DASHBOARD_ROWS)?,
            latest_orders: Order::latest(conn, None, DASHBOARD_ROWS)?,
        })
    })
    .await?;
    render(&page)
}
