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
//!
//! `CsrfMultipart<T>` does the same for forms with a file (`multipart/form-data`): it reads
//! the whole form into memory first (`multipart::read`, within the form's limits), then makes
//! the same checks through the same function, `checked_fields`, before the handler sees the
//! fields or the files. So a forged upload gets 403 before anything is stored.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::multipart::{self, Limits, Upload};
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
            Ok(CsrfForm(checked_fields(&session, &pairs, &[])?))
        })
    }
}

/// A form that is sent as `multipart/form-data` because it carries a file, and how much it
/// may carry (a larger body gets 413).
pub trait MultipartForm: DeserializeOwned + 'static {
    /// The limits for this form's files and text fields.
    const LIMITS: Limits;
}

/// A multipart form whose CSRF token matched: its text fields and its files.
pub struct CsrfMultipart<T> {
    /// The form's text fields.
    pub fields: T,
    /// The files, by field name (a file input left empty is not here).
    pub files: Vec<(String, Upload)>,
}

impl<T> CsrfMultipart<T> {
    /// Takes the file sent in the field `name`, if one was.
    pub fn take_file(&mut self, name: &str) -> Option<Upload> {
        let index = self.files.iter().position(|(field, _)| field == name)?;
        Some(self.files.swap_remove(index).1)
    }
}

impl<T: MultipartForm> FromRequest for CsrfMultipart<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<CsrfMultipart<T>, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = ShopSession::new(req.get_session());
        if req.content_type() == "application/x-www-form-urlencoded" {
            // Without a file the form may also come URL-encoded (a script, say): the same
            // checks, and no files.
            let form = CsrfForm::<T>::from_request(req, payload);
            return Box::pin(async move {
                Ok(CsrfMultipart {
                    fields: form.await?.0,
                    files: Vec::new(),
                })
            });
        }
        let announced = multipart::check_length(req, T::LIMITS);
        let body = actix_multipart::Multipart::from_request(req, payload);
        Box::pin(async move {
            announced?;
            let parts = multipart::read(body.await?, T::LIMITS).await?;
            let file_names: Vec<&str> = parts.files.iter().map(|(name, _)| name.as_str()).collect();
            let fields = checked_fields(&session, &parts.text, &file_names)?;
            Ok(CsrfMultipart {
                fields,
                files: parts.files,
            })
        })
    }
}

/// The one check behind both extractors: no field sent twice, the fields read into the
/// form's struct, and the token compared with the session's.
fn checked_fields<T: DeserializeOwned>(
    session: &ShopSession,
    pairs: &[(String, String)],
    file_names: &[&str],
) -> Result<T, AppError> {
    let names = pairs
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(file_names.iter().copied());
    if let Some(name) = repeated_name(names) {
        let message = format!("The form sent the field “{name}” more than once.");
        return Err(AppError::BadRequest(message));
    }
    let form = parse_fields::<WithToken<T>>(pairs)?;
    session.verify_csrf(&form.csrf_token)?;
    Ok(form.fields)
}

/// The first field name that occurs more than once, if any.
fn repeated_name<'a>(names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().find(|name| !seen.insert(*name))
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

        let names = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        };

        assert_eq!(
            repeated_name(names(&form).iter().map(String::as_str)),
            Some("quantity")
        );
        assert_eq!(repeated_name(["a", "b"].into_iter()), None);
        assert_eq!(
            repeated_name(["picture", "name", "picture"].into_iter()),
            Some("picture")
        );
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
