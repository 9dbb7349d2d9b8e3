//! `CsrfForm<T>`: a form extractor that refuses any POST without the session's CSRF token.
//!
//! Cross-site request forgery: another site can make a visitor's browser POST to our shop,
//! and the browser would send our session cookie along. Every form we render carries a hidden
//! `csrf_token` that only pages from our shop know; this extractor checks it before the
//! handler runs, so a handler that takes `CsrfForm<…>` cannot forget the check, and a forged
//! request gets 403 with nothing written.
//!
//! It also refuses a field sent twice (`quantity=1&quantity=50`): parsers disagree on which
//! copy wins, and a check made on one copy while the other is used is a classic hole.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
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
        // Read as name/value pairs first (size limit and error page as for any form), so
        // repeated names can be seen before serde keeps one of them.
        let pairs = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let pairs = pairs.await?.into_inner();
            if let Some(name) = repeated_name(&pairs) {
                let message = format!("The form sent the field “{name}” more than once.");
                return Err(AppError::BadRequest(message).into());
            }
            let form = parse_fields::<WithToken<T>>(&pairs)?;
            session.verify_csrf(&form.csrf_token)?;
            Ok(CsrfForm(form.fields))
        })
    }
}

/// The first field name that occurs more than once, if any.
fn repeated_name(pairs: &[(String, String)]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    pairs
        .iter()
        .map(|(name, _)| name.as_str())
        .find(|name| !seen.insert(*name))
}

/// Reads the pairs into the form's struct (numbers parsed, unknown names ignored).
fn parse_fields<F: DeserializeOwned>(pairs: &[(String, String)]) -> Result<F, AppError> {
    serde_urlencoded::to_string(pairs)
        .ok()
        .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
        .ok_or_else(|| {
            AppError::BadRequest("We could not read that form. Please try again.".into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn a_repeated_field_is_found() {
        let form = pairs(&[("quantity", "1"), ("csrf_token", "t"), ("quantity", "50")]);

        assert_eq!(repeated_name(&form), Some("quantity"));
        assert_eq!(repeated_name(&pairs(&[("a", "1"), ("b", "1")])), None);
    }

    #[test]
    fn fields_the_form_does_not_own_are_ignored() {
        #[derive(Deserialize)]
        struct Quantity {
            quantity: u8,
        }
        let form = pairs(&[("quantity", "3"), ("price_cents", "1"), ("is_admin", "1")]);

        let parsed: Quantity = parse_fields(&form).expect("parses");

        assert_eq!(parsed.quantity, 3);
    }
}
