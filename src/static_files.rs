//! `/static`: the stylesheet and pictures, and how long browsers may keep them.
//!
//! Every `/static` URL the pages contain comes from `url`, which adds the build's fingerprint
//! of the `static/` folder (`?v=…`, computed by `build.rs`). A URL with the current
//! fingerprint never changes its content, so it is sent with a one-year `immutable` cache
//! lifetime; when any file changes, the next build has a new fingerprint and so pages point
//! at new URLs. A request without it (an old bookmark) gets `no-cache`: the browser checks
//! back each time, cheaply, with the `ETag` that actix-files sends.
//!
//! Callers of `url`: `layout` (for templates), `models::Product` and `models::Category`;
//! `startup` mounts the folder with `cache_headers`. Uploaded pictures are not here but in
//! `media`, which serves `/media` the same way.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::Next;

/// The fingerprint of the `static/` folder this binary was built with.
pub const VERSION: &str = env!("CARTWHEEL_STATIC_VERSION");

/// A year: the longest lifetime browsers honour.
/// For a URL whose content never changes (a fingerprinted static file, a media file with a
/// random name): any cache may keep it for a year without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Keep, but ask again before each use.
const REVALIDATE: &str = "no-cache";

/// The URL of a file under `static/`, such as `url("css/shop.css")`.
pub fn url(path: &str) -> String {
    // Pushed piece by piece: every product card asks for one, and this is a lot cheaper
    // than `format!`.
    let mut url = String::with_capacity(path.len() + VERSION.len() + 11);
    url.push_str("/static/");
    url.push_str(path);
    url.push_str("?v=");
    url.push_str(VERSION);
    url
}

/// Middleware for `/static`: sets `Cache-Control` on the files it serves.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let fingerprinted = req
        .query_string()
        .strip_prefix("v=")
        .is_some_and(|version| version == VERSION);
    let mut response = next.call(req).await?;
    if response.status().is_success() || response.status().is_redirection() {
        let lifetime = if fingerprinted { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(lifetime));
    }
    Ok(response)
}
