//! `BearerUser`: the extractor that makes an API handler personal.
//!
//! A program sends `Authorization: Bearer cw_…` with a token its user made on `/account`.
//! There are no cookies on the API, so no session and no CSRF token: a browser never adds a
//! bearer token by itself, so another site cannot make it send one (the reason the pages
//! need CSRF tokens does not arise). The checks themselves (hash, revoked, disabled account,
//! throttle, last use) are in `services::api_tokens::authenticate`; this file only reads the
//! header and turns the outcome into the user or a 401/429 problem.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpRequest, web};

use crate::api::problem::{Problem, ProblemKind};
use crate::client_address::ClientAddress;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::{User, now};
use crate::services::api_tokens;

/// The user whose token authenticated this request; use it as a handler argument.
pub struct BearerUser(pub User);

impl FromRequest for BearerUser {
    type Error = Problem;
    type Future = Pin<Box<dyn Future<Output = Result<BearerUser, Problem>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let token = bearer_token(req.headers());
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        let address = ClientAddress::from_request(req, &mut Payload::None).into_inner();
        Box::pin(async move {
            let Some(token) = token else {
                return Err(Problem::new(
                    ProblemKind::Unauthorized,
                    "Send an API token: Authorization: Bearer cw_… (make one on /account).",
                ));
            };
            let pool = pool.ok_or_else(|| AppError::Internal("the app has no pool".into()))?;
            let ClientAddress(address) =
                address.map_err(|_| AppError::Internal("no client address".into()))?;
            let user = db::run(&pool, move |conn| {
                api_tokens::authenticate(conn, &token, address, now())
            })
            .await?;
            user.map(BearerUser).ok_or_else(|| {
                Problem::new(
                    ProblemKind::Unauthorized,
                    "This API token is unknown or was revoked.",
                )
            })
        })
    }
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case), if there is one.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn with_authorization(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn the_token_is_read_from_a_bearer_header_only() {
        assert_eq!(
            bearer_token(&with_authorization("Bearer cw_abc")),
            Some("cw_abc".to_string())
        );
        assert_eq!(
            bearer_token(&with_authorization("bearer  cw_abc ")),
            Some("cw_abc".to_string())
        );
        assert_eq!(
            bearer_token(&with_authorization("Basic dXNlcjpwdw==")),
            None
        );
        assert_eq!(bearer_token(&with_authorization("Bearer ")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
