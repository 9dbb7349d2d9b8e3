//! `GET /admin/customers`: every account with its number of orders.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::{CustomerRow, User};
use crate::routes::render;
use crate::session::ShopSession;

#[derive(Template)]
#[template(path = "admin/customers/index.html")]
struct CustomersPage {
    layout: Layout,
    customers: Vec<CustomerRow>,
}

/// `GET /admin/customers`: renders the customer list, newest first.
pub async fn index(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(&pool, move |conn| {
        Ok(CustomersPage {
            layout: Layout::load(conn, &visitor)?,
            customers: User::customers_with_order_counts(conn)?,
        })
    })
    .await?;
    render(&page)
}
