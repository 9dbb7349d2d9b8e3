//! Authentication: password hashing, the middleware that checks every logged-in request
//! against the database, the `CurrentUser` extractor for pages that need a login, and the
//! middleware that keeps everything under `/admin` for admins.
//!
//! bcrypt is slow on purpose (that is what makes stolen hashes hard to crack), so it always
//! runs on a blocking thread through `web::block`, never on the async threads that serve
//! other requests (see `db::run` for the same idea).
//!
//! Not here: when a login ends (`services::logins`, which `check_login` calls), the password
//! rules (`domain::NewPassword`) and the API's bearer tokens (`api::auth`). `startup`
//! installs the two middleware; handlers take `CurrentUser`.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::config::Config;
use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::models::{User, now};
use crate::services::logins;
use crate::session::{FlashKind, ShopSession};

/// Hashes a password with the given bcrypt cost, off the async threads.
pub async fn hash_password(password: String, cost: u32) -> AppResult<String> {
    web::block(move || bcrypt::hash(password, cost))
        .await?
        .map_err(|error| AppError::Internal(format!("cannot hash a password: {error}")))
}

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// Wrong password, or no such user.
    Wrong,
    /// Right password; `needs_rehash` when the stored hash is cheaper than today's cost.
    Right {
        /// True when the hash should be replaced by one at the configured cost.
        needs_rehash: bool,
    },
}

/// Hashes and checks passwords at the shop's configured bcrypt cost.
pub struct Passwords {
    cost: u32,
    /// A hash of a password nobody has, checked when an email has no account, so that a
    /// login with an unknown email takes as long as one with a wrong password and response
    /// times do not reveal who has an account.
    dummy_hash: String,
}

impl Passwords {
    /// Prepares hashing at `cost` (this computes the dummy hash once, at start).
    pub fn new(cost: u32) -> AppResult<Passwords> {
        let dummy_hash = bcrypt::hash(crate::tokens::random_token(), cost)
            .map_err(|error| AppError::Internal(format!("cannot hash a password: {error}")))?;
        Ok(Passwords { cost, dummy_hash })
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        hash_password(password, self.cost).await
    }

    /// Checks a password against a user's stored hash, or against the dummy hash when there
    /// is no such user.
    pub async fn verify(&self, password: String, user: Option<&User>) -> AppResult<PasswordCheck> {
        let hash = user.map_or(self.dummy_hash.clone(), |user| user.password_hash.clone());
        let matches = web::block(move || bcrypt::verify(password, &hash)).await?;
        Ok(match (user, matches) {
            (Some(user), Ok(true)) => PasswordCheck::Right {
                needs_rehash: cost_of(&user.password_hash).is_some_and(|cost| cost < self.cost),
            },
            _ => PasswordCheck::Wrong,
        })
    }
}

/// The cost a bcrypt hash was made with: `$2b$12$…` has cost 12.
fn cost_of(hash: &str) -> Option<u32> {
    hash.split('$').nth(2)?.parse().ok()
}

/// The user whose login `check_login` confirmed for this request (in request extensions).
#[derive(Clone)]
struct SignedIn(User);

/// Middleware on the whole app: a browser whose session names a user must also hold the
/// token of a login that is still open in the database (not logged out, not idle too long,
/// not too old, account not disabled). If not, the session forgets the user and the request
/// continues as a visitor's. Checking here, once per request, means no handler can skip it.
pub async fn check_login(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !req.path().starts_with("/static/")
        && let Err(error) = confirm_login(&req).await
    {
        // Answered here, so the response still passes `middleware::secure_responses`.
        return Ok(req.error_response(error));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

async fn confirm_login(req: &ServiceRequest) -> AppResult<()> {
    let session = ShopSession::new(req.get_session());
    let token = session.login_token()?;
    if token.is_none() && session.user_id()?.is_none() {
        return Ok(());
    }
    let (pool, config) = app_state(req.request())?;
    let policy = config.login_policy();
    let user = match token {
        Some(token) => {
            db::run(&pool, move |conn| {
                logins::resume(conn, &token, &policy, now())
            })
            .await?
        }
        None => None,
    };
    match user {
        Some(user) if session.user_id()? == Some(user.id) => {
            req.extensions_mut().insert(SignedIn(user));
        }
        _ => {
            session.forget_login();
            session.flash(
                FlashKind::Error,
                "Your session has ended. Please log in again.",
            )?;
        }
    }
    Ok(())
}

fn app_state(req: &HttpRequest) -> AppResult<(web::Data<DbPool>, web::Data<Config>)> {
    let pool = req.app_data::<web::Data<DbPool>>().cloned();
    let config = req.app_data::<web::Data<Config>>().cloned();
    pool.zip(config)
        .ok_or_else(|| AppError::Internal("the app has no pool or configuration".into()))
}

/// The user `check_login` confirmed for this request, if any.
pub fn signed_in_user(req: &HttpRequest) -> Option<User> {
    req.extensions()
        .get::<SignedIn>()
        .map(|signed_in| signed_in.0.clone())
}

/// The logged-in user. A handler that takes this argument is only reached by logged-in
/// visitors; anyone else is sent to the login page and brought back afterwards.
pub struct CurrentUser(pub User);

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<CurrentUser, AppError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(
            signed_in_user(req)
                .map(CurrentUser)
                .ok_or_else(|| AppError::LoginRequired {
                    next: req.uri().to_string(),
                }),
        )
    }
}

/// Middleware on the `/admin` scope: anonymous visitors go to the login page, customers get
/// 403, admins pass. Putting it on the scope means no admin handler can forget the check.
pub async fn require_admin(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Refusals are answered here rather than returned as errors, so that they still pass
    // `middleware::secure_responses` on the way out.
    match signed_in_user(req.request()) {
        None => {
            let next = req.uri().to_string();
            Ok(req.error_response(AppError::LoginRequired { next }))
        }
        Some(user) if !user.is_admin => Ok(req.error_response(AppError::Forbidden)),
        Some(_) => Ok(next.call(req).await?.map_into_boxed_body()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_is_read_from_the_hash() {
        let hash = bcrypt::hash("tulip-ladder-41", 5).expect("hash");

        assert_eq!(cost_of(&hash), Some(5));
        assert_eq!(cost_of("not a hash"), None);
    }

    #[actix_web::test]
    async fn a_hash_cheaper_than_the_configured_cost_needs_rehashing() {
        let passwords = Passwords::new(5).expect("dummy hash");
        let user = |hash: String| User {
            id: 1,
            email: "ann@example.com".into(),
            name: "Ann".into(),
            password_hash: hash,
            is_admin: false,
            created_at: now(),
            disabled_at: None,
        };
        let cheap = user(bcrypt::hash("tulip-ladder-41", 4).expect("hash"));
        let current = user(bcrypt::hash("tulip-ladder-41", 5).expect("hash"));

        let check = |user: User| {
            let passwords = &passwords;
            async move {
                passwords
                    .verify("tulip-ladder-41".into(), Some(&user))
                    .await
            }
        };

        assert_eq!(
            check(cheap).await.expect("verified"),
            PasswordCheck::Right { needs_rehash: true }
        );
        assert_eq!(
            check(current).await.expect("verified"),
            PasswordCheck::Right {
                needs_rehash: false
            }
        );
        assert_eq!(
            passwords
                .verify("tulip-ladder-41".into(), None)
                .await
                .expect("verified"),
            PasswordCheck::Wrong
        );
    }
}
