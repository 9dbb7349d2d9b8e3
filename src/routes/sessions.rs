//! Logging in and out: `GET|POST /login`, `POST /logout`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::verify_password;
use crate::config::Config;
use crate::csrf::{CsrfForm, NoFields};
use crate::db::{self, DbPool};
use crate::domain::FormErrors;
use crate::error::AppResult;
use crate::layout::Layout;
use crate::models::User;
use crate::routes::{render, render_with_status, see_other};
use crate::services::cart as cart_rules;
use crate::session::ShopSession;

/// One message for both an unknown email and a wrong password, so the form does not reveal
/// which emails have accounts.
const LOGIN_FAILED: &str = "That email and password do not match an account.";

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
/// cart into the user's) and redirects to `next`, or shows the form again (422).
pub async fn login(
    form: CsrfForm<LoginForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let email = form.email.trim().to_lowercase();
    let lookup = email.clone();
    let user = db::run(&pool, move |conn| Ok(User::find_by_email(conn, &lookup)?)).await?;
    let password_ok = verify_password(form.password, user.as_ref(), config.bcrypt_cost).await?;
    let Some(user) = user.filter(|_| password_ok) else {
        let errors = FormErrors::single("password", LOGIN_FAILED);
        let page = login_page(&session, &pool, email, safe_next(&form.next), errors).await?;
        return render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let anonymous_cart = session.cart_id()?;
    let user_id = user.id;
    let cart_id = db::run(&pool, move |conn| {
        cart_rules::merge_at_login(conn, anonymous_cart, user_id)
    })
    .await?;
    session.log_in(user.id, cart_id)?;
    session.notice(format!("Welcome back, {}.", user.name))?;
    Ok(see_other(&safe_next(&form.next)))
}

/// `POST /logout`: forgets the session; redirects home.
pub async fn logout(_form: CsrfForm<NoFields>, session: ShopSession) -> AppResult<HttpResponse> {
    session.log_out();
    Ok(see_other("/"))
}

async fn login_page(
    session: &ShopSession,
    pool: &DbPool,
    email: String,
    next: String,
    errors: FormErrors,
) -> AppResult<LoginPage> {
    let visitor = session.visitor()?;
    db::run(pool, move |conn| {
        Ok(LoginPage {
            layout: Layout::load(conn, &visitor)?,
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
