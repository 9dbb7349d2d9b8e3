//! `CsrfForm<T>`: a form extractor that refuses any POST without the session's CSRF token.
//!
//! Cross-site request forgery: another site can make a visitor's browser POST to our shop,
//! and the browser would send our session cookie along. Every form we render carries a hidden
//! `csrf_token` that only pages from our shop know; this extractor checks it before the
//! handler runs, so a handler that takes `CsrfForm<…>` cannot forget the check, and a forged
//! request gets 403 with nothing written.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::session::ShopSession;

/// The form's own fields (`T`) plus the token, which serde reads from the same body.
#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: T,
}

/// A URL-encoded form whose CSRF token matched; `.0` is the form's fields.
pub struct CsrfForm<T>(pub T);

/// For POSTs that carry nothing but the token (logout, delete buttons).
#[derive(Debug, Default, Deserialize)]
pub struct NoFields {}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfForm<T>, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = ShopSession::new(req.get_session());
        let form = web::Form::<WithToken<T>>::from_request(req, payload);
        Box::pin(async move {
            let form = form.await?.into_inner();
            session.verify_csrf(&form.csrf_token)?;
            Ok(CsrfForm(form.fields))
        })
    }
}
