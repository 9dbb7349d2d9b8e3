//! Logging in and out: `GET|POST /login`, `POST /logout`.
//!
//! A login checks the throttle first (too many recent failures for this account or from
//! this address get 429 without even checking the password), then the password, then starts
//! a login that the server can end (`services::logins`).
//!
//! The rules are elsewhere: counting attempts in `services::throttle`, password hashing in
//! `auth::Passwords`, the login record and the cart merge in `services::logins`. Signing up
//! is `routes::users`; a forgotten password is `routes::passwords`.

use std::net::IpAddr;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::{PasswordCheck, Passwords};
use crate::client_address::ClientAddress;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::domain::FormErrors;
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{User, now};
use crate::routes::{load_page, render, render_with_status, see_other};
use crate::services::logins::{self, PasswordAccepted, Started};
use crate::services::throttle::{self, Action};
use crate::session::ShopSession;

/// One message for both an unknown email and a wrong password, so the form does not reveal
/// which emails have accounts.
const LOGIN_FAILED: &str = "That email and password do not match an account.";
/// Shown only after the right password, so it reveals nothing to a guesser.
const ACCOUNT_DISABLED: &str = "This account has been disabled. Please contact the shop.";

/// `?next=` on the login page: where to go after logging in.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextParam {
    next: String,
}

/// The login form.
// No `Debug`: a form holding a password must never end up in a log line.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "sessions/new.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    errors: FormErrors,
}

/// `GET /login?next=`: renders the login form.
pub async fn login_form(
    query: web::Query<NextParam>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let page = login_page(
        &session,
        &pool,
        String::new(),
        safe_next(&query.next),
        FormErrors::new(),
    )
    .await?;
    render(&page)
}

/// `POST /login`: extracts `email`, `password` and `next`; logs in (merging the browser's
/// cart into the user's) and redirects to `next`, or shows the form again (422), or 429
/// after too many failures.
pub async fn login(
    form: CsrfForm<LoginForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    ClientAddress(address): ClientAddress,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let email = form.email.trim().to_lowercase();
    let checked = check_password(&session, &pool, &passwords, &email, &form, address).await?;
    let (user, accepted) = match checked {
        Ok(checked) => checked,
        Err(message) => return login_again(&session, &pool, email, &form.next, message).await,
    };
    let started = db::run(&pool, move |conn| logins::complete(conn, accepted, now())).await;
    let Started { cart_id, token } = match started {
        Ok(started) => started,
        Err(AppError::Refused(message)) => {
            return login_again(&session, &pool, email, &form.next, &message).await;
        }
        Err(other) => return Err(other),
    };
    session.log_in(user.id, &token, cart_id)?;
    session.notice(format!("Welcome back, {}.", user.name))?;
    Ok(see_other(&safe_next(&form.next)))
}

/// The steps of a login before it is recorded: count the attempt, find the account, check
/// the password, refuse a disabled account, and re-hash the password if the configured cost
/// went up. Answers the user and what `logins::complete` needs, or the message for the form.
async fn check_password(
    session: &ShopSession,
    pool: &DbPool,
    passwords: &Passwords,
    email: &str,
    form: &LoginForm,
    address: IpAddr,
) -> AppResult<Result<(User, PasswordAccepted), &'static str>> {
    let subjects = throttle::login_subjects(email, address);
    let lookup = email.to_string();
    // The attempt counts as a failure until the password proves right (see `throttle`).
    let (user, attempt) = db::run(pool, move |conn| {
        let attempt = throttle::count_attempt(conn, Action::FailedLogin, &subjects, now())?;
        Ok((User::find_by_email(conn, &lookup)?, attempt))
    })
    .await?;
    let check = passwords
        .verify(form.password.clone(), user.as_ref())
        .await?;
    let (user, needs_rehash) = match (user, check) {
        (Some(user), PasswordCheck::Right { needs_rehash }) => (user, needs_rehash),
        _ => return Ok(Err(LOGIN_FAILED)),
    };
    if user.is_disabled() {
        return Ok(Err(ACCOUNT_DISABLED));
    }
    // The configured cost went up since this hash was made: now, while we know the
    // password, is the only time it can be upgraded.
    let new_hash = if needs_rehash {
        Some(passwords.hash(form.password.clone()).await?)
    } else {
        None
    };
    let accepted = PasswordAccepted {
        user_id: user.id,
        checked_hash: user.password_hash.clone(),
        new_hash,
        anonymous_cart: session.cart_id()?,
        attempt,
    };
    Ok(Ok((user, accepted)))
}

/// `POST /logout`: ends the login on the server and forgets the session; redirects home.
pub async fn logout(
    _form: CsrfForm<NoFields>,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    if let Some(token) = session.login_token()? {
        db::run(&pool, move |conn| logins::end(conn, &token)).await?;
    }
    session.log_out();
    Ok(see_other("/"))
}

async fn login_again(
    session: &ShopSession,
    pool: &DbPool,
    email: String,
    next: &str,
    message: &str,
) -> AppResult<HttpResponse> {
    let errors = FormErrors::single("password", message);
    let page = login_page(session, pool, email, safe_next(next), errors).await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

async fn login_page(
    session: &ShopSession,
    pool: &DbPool,
    email: String,
    next: String,
    errors: FormErrors,
) -> AppResult<LoginPage> {
    load_page(session, pool, move |_conn, layout| {
        Ok(LoginPage {
            layout,
            email,
            next,
            errors,
        })
    })
    .await
}

/// Only paths on this site are followed after login: `//evil.example` or
/// `https://evil.example` would turn our login page into a springboard for phishing.
fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become
    // "//evil.example": only visible ASCII characters are allowed at all.
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    if local {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next("/orders/CW-ABC"), "/orders/CW-ABC");
        for next in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "orders",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /x",
        ] {
            assert_eq!(safe_next(next), "/", "{next:?}");
        }
    }
}
