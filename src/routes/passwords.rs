//! Forgotten passwords: `GET|POST /password/forgot` asks for a link by mail,
//! `GET|POST /password/reset/{token}` uses it. The rules live in `services::password_resets`.
//!
//! A link that is unknown, expired or already used gets one and the same page with status
//! 410 Gone: the page must not tell a guesser whether a token ever existed, and "gone" is
//! true of all three (a 404 would invite retrying the same URL).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::Passwords;
use crate::client_address::ClientAddress;
use crate::config::Config;
use crate::csrf::CsrfForm;
use crate::db::{self, DbPool};
use crate::domain::{Email, FormErrors, NewPassword};
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::now;
use crate::routes::{load_page, render, render_with_status, see_other};
use crate::services::password_resets;
use crate::services::throttle::{self, Action};
use crate::session::ShopSession;

/// The one answer to every well-formed request, whether or not the email has an account.
pub const LINK_SENT: &str =
    "If an account exists for that address, we sent a link to it. It works for 15 minutes.";

/// The "forgot my password" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

#[derive(Template)]
#[template(path = "passwords/forgot.html")]
struct ForgotPage {
    layout: Layout,
    email: String,
    errors: FormErrors,
}

/// `GET /password/forgot`: renders the form that asks for the email.
pub async fn forgot_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = forgot_page(&session, &pool, String::new(), FormErrors::new()).await?;
    render(&page)
}

/// `POST /password/forgot`: extracts `email`; queues a reset link if the email has an
/// account, and answers the same way whether or not it has: a 303 to the login page with
/// `LINK_SENT`. Throttled per email and per client address (429).
pub async fn forgot(
    form: CsrfForm<ForgotForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    ClientAddress(address): ClientAddress,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let subjects = throttle::login_subjects(&form.email, address);
    db::run(&pool, move |conn| {
        throttle::count_attempt(conn, Action::PasswordReset, &subjects, now())
    })
    .await?;
    let email = match Email::parse(&form.email) {
        Ok(email) => email,
        Err(message) => {
            let page = forgot_page(
                &session,
                &pool,
                form.email,
                FormErrors::single("email", &message),
            )
            .await?;
            return render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    // Only the configured address goes into the link: the request's Host header is chosen
    // by whoever sends the request, and would let them send our mail with their link.
    let base_url = config.base_url.clone();
    db::run(&pool, move |conn| {
        password_resets::request(conn, email.as_str(), &base_url, now())
    })
    .await?;
    session.notice(LINK_SENT)?;
    Ok(see_other("/login"))
}

/// The new-password form. No `Debug`: it holds a password.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    new_password: String,
}

#[derive(Template)]
#[template(path = "passwords/reset.html")]
struct ResetPage {
    layout: Layout,
    token: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "passwords/invalid.html")]
struct InvalidLinkPage {
    layout: Layout,
}

/// Whether the link with this token can still set a password (known, unused, not expired).
async fn link_is_usable(pool: &DbPool, token: &str) -> AppResult<bool> {
    let token = token.to_string();
    db::run(pool, move |conn| {
        password_resets::is_usable(conn, &token, now())
    })
    .await
}

/// `GET /password/reset/{token}`: renders the new-password form, or the 410 page when the
/// link is no longer valid.
pub async fn reset_form(
    path: web::Path<String>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    if !link_is_usable(&pool, &token).await? {
        return invalid_link(&session, &pool).await;
    }
    reset_again(&session, &pool, token, FormErrors::new(), StatusCode::OK).await
}

/// `POST /password/reset/{token}`: extracts `new_password`; sets it, ends every login of
/// the account and sends the browser to the login page with a notice. The form comes back
/// (422) for a password the sign-up rules refuse; a dead link gets the 410 page.
///
/// We do not log the browser in: whoever holds the link has only shown they read the mail,
/// and logging in with the new password confirms it was typed as meant. All logins start
/// at `/login`, with its throttle and cart merge.
pub async fn reset(
    path: web::Path<String>,
    form: CsrfForm<ResetForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    let CsrfForm(form) = form;
    if !link_is_usable(&pool, &token).await? {
        return invalid_link(&session, &pool).await;
    }
    let password = match NewPassword::parse(&form.new_password) {
        Ok(password) => password,
        Err(message) => {
            let errors = FormErrors::single("new_password", &message);
            return reset_again(
                &session,
                &pool,
                token,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let hash = passwords.hash(password.expose().to_string()).await?;
    // Checked again, atomically: another click may have used the link meanwhile.
    let done = db::run(&pool, move |conn| {
        password_resets::complete(conn, &token, &hash, now())
    })
    .await?;
    if !done {
        return invalid_link(&session, &pool).await;
    }
    session.notice("Your password was changed and you were logged out everywhere. Log in with the new password.")?;
    Ok(see_other("/login"))
}

async fn forgot_page(
    session: &ShopSession,
    pool: &DbPool,
    email: String,
    errors: FormErrors,
) -> AppResult<ForgotPage> {
    load_page(session, pool, move |_conn, layout| {
        Ok(ForgotPage {
            layout,
            email,
            errors,
        })
    })
    .await
}

async fn reset_again(
    session: &ShopSession,
    pool: &DbPool,
    token: String,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let page = load_page(session, pool, move |_conn, layout| {
        Ok(ResetPage {
            layout,
            token,
            errors,
        })
    })
    .await?;
    render_with_status(&page, status)
}

async fn invalid_link(session: &ShopSession, pool: &DbPool) -> AppResult<HttpResponse> {
    let page = load_page(session, pool, move |_conn, layout| {
        Ok(InvalidLinkPage { layout })
    })
    .await?;
    render_with_status(&page, StatusCode::GONE)
}
