//! Personal API tokens on the account page: `POST /account/api-tokens` (make one) and
//! `POST /account/api-tokens/{id}/revoke`.
//!
//! Making a token answers the account page itself (200), not a redirect: the token is shown
//! there once and is never stored, so it must not travel through the session to a next
//! page. Every page under `/account` is sent with `Cache-Control: no-store`
//! (`middleware::PRIVATE_PATHS`), so the page with the token is not kept by the browser's
//! cache either. Revoking follows post/redirect/get as usual.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::domain::FormErrors;
use crate::error::AppResult;
use crate::models::now;
use crate::routes::users::AccountPage;
use crate::routes::{render, render_with_status, see_other};
use crate::services::api_tokens;
use crate::session::{FlashKind, ShopSession};

/// The "New API token" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewTokenForm {
    name: String,
}

/// `POST /account/api-tokens`: extracts the token's `name`; makes the token and shows the
/// account page with it (once), or shows the page again (422) with the name's problem.
pub async fn create(
    CurrentUser(user): CurrentUser,
    form: CsrfForm<NewTokenForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let visitor = session.visitor()?;
    let name = api_tokens::parse_name(&form.name);
    let (page, status) = db::run(&pool, move |conn| match name {
        Ok(name) => {
            let (_, token) = api_tokens::create(conn, user.id, &name, now())?;
            let page = AccountPage::load(
                conn,
                &visitor,
                user,
                Some(token),
                String::new(),
                FormErrors::new(),
            )?;
            Ok((page, StatusCode::OK))
        }
        Err(message) => {
            let errors = FormErrors::single("name", message);
            let page = AccountPage::load(conn, &visitor, user, None, form.name, errors)?;
            Ok((page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    })
    .await?;
    match status {
        StatusCode::OK => render(&page),
        status => render_with_status(&page, status),
    }
}

/// `POST /account/api-tokens/{id}/revoke`: revokes the user's token; redirects to the account
/// page. Another user's token, or one already revoked, changes nothing.
pub async fn revoke(
    CurrentUser(user): CurrentUser,
    id: web::Path<i32>,
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let revoked = db::run(&pool, move |conn| {
        api_tokens::revoke(conn, user.id, id, now())
    })
    .await?;
    match revoked {
        true => {
            session.notice("The token was revoked. Programs using it can no longer sign in.")?
        }
        false => session.flash(FlashKind::Error, "That token was not found.")?,
    }
    Ok(see_other("/account"))
}
