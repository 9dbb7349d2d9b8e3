//! `GET /admin/customers`: every account with its number of orders; `POST
//! /admin/customers/{id}/disable` and `…/enable` switch an account off and on.
//!
//! Disabling is more than a flag: `services::logins::set_disabled` also ends every login of
//! the account, so the rule lives there and these handlers only ask and report. The list is
//! one query, `models::User::customers_with_order_counts`.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::auth::CurrentUser;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::{CustomerRow, User, now};
use crate::routes::{load_page, render, see_other};
use crate::services::logins;
use crate::session::{FlashKind, ShopSession};

#[derive(Template)]
#[template(path = "admin/customers/index.html")]
struct CustomersPage {
    layout: Layout,
    customers: Vec<CustomerRow>,
}

/// `GET /admin/customers`: renders the customer list, newest first.
pub async fn index(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = load_page(&session, &pool, move |conn, layout| {
        Ok(CustomersPage {
            layout,
            customers: User::customers_with_order_counts(conn)?,
        })
    })
    .await?;
    render(&page)
}

/// `POST /admin/customers/{id}/disable`: the account can no longer log in, and every browser
/// logged in to it is logged out at its next request. Redirects to the list.
pub async fn disable(
    CurrentUser(admin): CurrentUser,
    path: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let user_id = path.into_inner();
    if user_id == admin.id {
        // Locking yourself out would leave the shop without the admin who noticed.
        session.flash(FlashKind::Error, "You cannot disable your own account.")?;
        return Ok(see_other("/admin/customers"));
    }
    set_disabled(&pool, user_id, true).await?;
    session.notice("The account was disabled and logged out everywhere.")?;
    Ok(see_other("/admin/customers"))
}

/// `POST /admin/customers/{id}/enable`: the account may log in again.
pub async fn enable(
    path: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    set_disabled(&pool, path.into_inner(), false).await?;
    session.notice("The account was enabled.")?;
    Ok(see_other("/admin/customers"))
}

async fn set_disabled(pool: &DbPool, user_id: i32, disabled: bool) -> AppResult<()> {
    db::run(pool, move |conn| {
        logins::set_disabled(conn, user_id, disabled, now())
    })
    .await
}
