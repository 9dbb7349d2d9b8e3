//! Accounts: `GET|POST /register` (sign up), `GET /account` and `GET|POST /account/password`.
//! The API token forms on the account page are handled in `routes::api_tokens`.
//!
//! The sign-up form is parsed here into domain types (`Email`, `NewPassword`); making the
//! account, its first login and its welcome mail is `services::logins::sign_up`, and changing
//! the password (which ends other logins) is `services::logins::change_password`. Logging in
//! and out is `routes::sessions`.

use std::net::IpAddr;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::{CurrentUser, PasswordCheck, Passwords};
use crate::client_address::ClientAddress;
use crate::config::Config;
use crate::csrf::CsrfForm;
use crate::db::{self, DbConn, DbPool, is_unique_violation};
use crate::domain::{Email, FormErrors, NewPassword, RequiredText};
use crate::error::{AppError, AppResult};
use crate::layout::Layout;
use crate::models::{ApiToken, NewUser, Order, User, now};
use crate::routes::{load_page, render, render_with_status, see_other};
use crate::services::logins;
use crate::services::throttle::{self, Action, CountedAttempt};
use crate::session::{ShopSession, Visitor};

/// The sign-up form. No `Debug`: it holds a password, which must never reach a log.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SignupForm {
    name: String,
    email: String,
    password: String,
}

/// A sign-up that parsed.
struct Signup {
    name: String,
    email: Email,
    password: NewPassword,
}

impl SignupForm {
    fn parse(&self) -> Result<Signup, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", RequiredText::parse(&self.name, "your name", 100));
        let email = errors.check("email", Email::parse(&self.email));
        let password = errors.check("password", NewPassword::parse(&self.password));
        match (name, email, password) {
            (Some(name), Some(email), Some(password)) => Ok(Signup {
                name: name.into_inner(),
                email,
                password,
            }),
            _ => Err(errors),
        }
    }
}

impl Signup {
    /// The account to insert, its password hashed on a blocking thread (`auth::Passwords`).
    async fn into_new_user(self, passwords: &Passwords) -> AppResult<NewUser> {
        let password_hash = passwords.hash(self.password.expose().to_string()).await?;
        Ok(NewUser {
            email: self.email.as_str().to_string(),
            name: self.name,
            password_hash,
            is_admin: false,
        })
    }
}

/// Counts a sign-up from this address before the form is read, so refused forms count too
/// and a flood of sign-ups meets the throttle (429).
async fn count_signup(pool: &DbPool, address: IpAddr) -> AppResult<()> {
    let subjects = vec![throttle::address_subject(address)];
    db::run(pool, move |conn| {
        throttle::count_attempt(conn, Action::Registration, &subjects, now())
    })
    .await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "users/new.html")]
struct SignupPage {
    layout: Layout,
    name: String,
    email: String,
    errors: FormErrors,
}

/// `GET /register`: renders the sign-up form.
pub async fn new_form(session: ShopSession, pool: web::Data<DbPool>) -> AppResult<HttpResponse> {
    let page = signup_page(&session, &pool, SignupForm::default(), FormErrors::new()).await?;
    render(&page)
}

/// `POST /register`: extracts `name`, `email`, `password`; creates the account, logs it in
/// and redirects home, or shows the form again (422) with the problems and without the
/// password. Sign-ups are throttled per client address (429), like failed logins. The
/// welcome mail is queued in the same transaction as the account.
pub async fn create(
    form: CsrfForm<SignupForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    config: web::Data<Config>,
    passwords: web::Data<Passwords>,
    ClientAddress(address): ClientAddress,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    count_signup(&pool, address).await?;
    let signup = match form.parse() {
        Ok(signup) => signup,
        Err(errors) => return signup_again(&session, &pool, form, errors).await,
    };
    let new_user = signup.into_new_user(&passwords).await?;
    let anonymous_cart = session.cart_id()?;
    let base_url = config.base_url.clone();
    let created = db::run(&pool, move |conn| {
        logins::sign_up(conn, &new_user, anonymous_cart, &base_url, now())
    })
    .await;
    match created {
        Ok((user, started)) => {
            session.log_in(user.id, &started.token, started.cart_id)?;
            session.notice(format!("Welcome to Cartwheel, {}!", user.name))?;
            Ok(see_other("/"))
        }
        Err(AppError::Database(error)) if is_unique_violation(&error) => {
            let message = "An account with this email already exists. Log in instead?";
            let errors = FormErrors::single("email", message);
            signup_again(&session, &pool, form, errors).await
        }
        Err(other) => Err(other),
    }
}

async fn signup_page(
    session: &ShopSession,
    pool: &DbPool,
    form: SignupForm,
    errors: FormErrors,
) -> AppResult<SignupPage> {
    load_page(session, pool, move |_conn, layout| {
        // The password is never sent back into the form.
        Ok(SignupPage {
            layout,
            name: form.name,
            email: form.email,
            errors,
        })
    })
    .await
}

async fn signup_again(
    session: &ShopSession,
    pool: &DbPool,
    form: SignupForm,
    errors: FormErrors,
) -> AppResult<HttpResponse> {
    let page = signup_page(session, pool, form, errors).await?;
    render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
}

/// The account page; also rendered by `api_tokens::create` with the new token shown once,
/// or with the token form's error.
#[derive(Template)]
#[template(path = "users/account.html")]
pub struct AccountPage {
    layout: Layout,
    user: User,
    recent_orders: Vec<Order>,
    /// The user's working API tokens, newest first.
    api_tokens: Vec<ApiToken>,
    /// A token just made: shown this once, never stored (only its hash is).
    new_token: Option<String>,
    /// The token form's name field and its error, when it was refused.
    token_name: String,
    errors: FormErrors,
}

/// How many orders the account page lists.
const RECENT_ORDERS: usize = 5;

impl AccountPage {
    /// Loads the page for `user`, with a token just made or the token form's input.
    pub fn load(
        conn: &mut DbConn,
        visitor: &Visitor,
        user: User,
        new_token: Option<String>,
        token_name: String,
        errors: FormErrors,
    ) -> AppResult<AccountPage> {
        let mut recent_orders = Order::for_user(conn, user.id)?;
        recent_orders.truncate(RECENT_ORDERS);
        Ok(AccountPage {
            layout: Layout::load(conn, visitor)?,
            api_tokens: ApiToken::active_for_user(conn, user.id)?,
            user,
            recent_orders,
            new_token,
            token_name,
            errors,
        })
    }
}

/// `GET /account`: extracts the logged-in user; renders their details, latest orders and
/// API tokens.
pub async fn account(
    CurrentUser(user): CurrentUser,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let visitor = session.visitor()?;
    let page = db::run(&pool, move |conn| {
        AccountPage::load(conn, &visitor, user, None, String::new(), FormErrors::new())
    })
    .await?;
    render(&page)
}

/// The change-password form. No `Debug`: it holds passwords.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

#[derive(Template)]
#[template(path = "users/password.html")]
struct PasswordPage {
    layout: Layout,
    errors: FormErrors,
}

/// `GET /account/password`: renders the change-password form.
pub async fn password_form(
    CurrentUser(_user): CurrentUser,
    session: ShopSession,
    pool: web::Data<DbPool>,
) -> AppResult<HttpResponse> {
    let page = password_page(&session, &pool, FormErrors::new()).await?;
    render(&page)
}

/// `POST /account/password`: extracts `current_password` and `new_password`; sets the new
/// password, ends every other login of the account (a thief's copied cookie stops working)
/// and redirects to the account page, or shows the form again (422). Wrong current passwords
/// count as failed logins, so a borrowed session cannot be used to guess the password.
pub async fn change_password(
    CurrentUser(user): CurrentUser,
    form: CsrfForm<PasswordForm>,
    session: ShopSession,
    pool: web::Data<DbPool>,
    passwords: web::Data<Passwords>,
    ClientAddress(address): ClientAddress,
) -> AppResult<HttpResponse> {
    let CsrfForm(form) = form;
    let checked = check_password_change(&pool, &passwords, &user, form, address).await?;
    let (new_password, attempt) = match checked {
        Ok(checked) => checked,
        Err(errors) => {
            let page = password_page(&session, &pool, errors).await?;
            return render_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let hash = passwords.hash(new_password.expose().to_string()).await?;
    let user_id = user.id;
    let token = db::run(&pool, move |conn| {
        logins::change_password(conn, user_id, &hash, &attempt, now())
    })
    .await?;
    session.log_in(user.id, &token, session.cart_id()?)?;
    session.notice("Your password was changed. Any other devices were logged out.")?;
    Ok(see_other("/account"))
}

/// Checks the change-password form: the attempt is counted first, then the new password's
/// rules and the current password are checked, all messages at once. Answers the new
/// password with the counted attempt (for `logins::change_password` to forgive), or the
/// messages for the form; a right current password is forgiven even when the new one is
/// refused, since it proves no guessing.
async fn check_password_change(
    pool: &DbPool,
    passwords: &Passwords,
    user: &User,
    form: PasswordForm,
    address: IpAddr,
) -> AppResult<Result<(NewPassword, CountedAttempt), FormErrors>> {
    let subjects = throttle::login_subjects(&user.email, address);
    // Counted as a failed login until the current password proves right (see `throttle`).
    let attempt = db::run(pool, move |conn| {
        throttle::count_attempt(conn, Action::FailedLogin, &subjects, now())
    })
    .await?;
    let mut errors = FormErrors::new();
    let new_password = errors.check("new_password", NewPassword::parse(&form.new_password));
    let current_is_right =
        passwords.verify(form.current_password, Some(user)).await? != PasswordCheck::Wrong;
    if !current_is_right {
        errors.add("current_password", "That is not your current password.");
    }
    match new_password.filter(|_| errors.is_empty()) {
        Some(new_password) => Ok(Ok((new_password, attempt))),
        None => {
            if current_is_right {
                db::run(pool, move |conn| throttle::forgive(conn, &attempt)).await?;
            }
            Ok(Err(errors))
        }
    }
}

async fn password_page(
    session: &ShopSession,
    pool: &DbPool,
    errors: FormErrors,
) -> AppResult<PasswordPage> {
    load_page(session, pool, move |_conn, layout| {
        Ok(PasswordPage { layout, errors })
    })
    .await
}
