//! Authentication: password hashing, the `CurrentUser` extractor for pages that need a login,
//! and the middleware that keeps everything under `/admin` for admins.
//!
//! bcrypt is slow on purpose (that is what makes stolen hashes hard to crack), so it always
//! runs on a blocking thread through `web::block`, never on the async threads that serve
//! other requests (see `db::run` for the same idea).

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use diesel::OptionalExtension;

use crate::db::{self, DbPool};
use crate::error::{AppError, AppResult};
use crate::models::User;
use crate::session::ShopSession;

/// Hashes a password with the given bcrypt cost, off the async threads.
pub async fn hash_password(password: String, cost: u32) -> AppResult<String> {
    web::block(move || bcrypt::hash(password, cost))
        .await?
        .map_err(|error| AppError::Internal(format!("cannot hash a password: {error}")))
}

/// Checks a password against a user's stored hash. When there is no such user, the password
/// is hashed anyway at the same cost, so that a login with an unknown email takes as long as
/// one with a wrong password and response times do not reveal who has an account.
pub async fn verify_password(password: String, user: Option<&User>, cost: u32) -> AppResult<bool> {
    let Some(user) = user else {
        hash_password(password, cost).await?;
        return Ok(false);
    };
    let hash = user.password_hash.clone();
    let matches = web::block(move || bcrypt::verify(password, &hash)).await?;
    Ok(matches.unwrap_or(false))
}

/// The logged-in user. A handler that takes this argument is only reached by logged-in
/// visitors; anyone else is sent to the login page and brought back afterwards.
pub struct CurrentUser(pub User);

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<CurrentUser, AppError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let session = ShopSession::new(req.get_session());
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        let next = req.uri().to_string();
        Box::pin(async move {
            let pool = pool.ok_or_else(|| AppError::Internal("no database pool".into()))?;
            load_user(&session, &pool)
                .await?
                .map(CurrentUser)
                .ok_or(AppError::LoginRequired { next })
        })
    }
}

/// The session's user, if the session names one that still exists.
async fn load_user(session: &ShopSession, pool: &DbPool) -> AppResult<Option<User>> {
    let Some(user_id) = session.user_id()? else {
        return Ok(None);
    };
    db::run(pool, move |conn| Ok(User::find(conn, user_id).optional()?)).await
}

/// Middleware on the `/admin` scope: anonymous visitors go to the login page, customers get
/// 403, admins pass. Putting it on the scope means no admin handler can forget the check.
pub async fn require_admin(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let session = ShopSession::new(req.get_session());
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .cloned()
        .ok_or_else(|| AppError::Internal("no database pool".into()))?;
    match load_user(&session, &pool).await? {
        None => Err(AppError::LoginRequired {
            next: req.uri().to_string(),
        }
        .into()),
        Some(user) if !user.is_admin => Err(AppError::Forbidden.into()),
        Some(_) => next.call(req).await,
    }
}
