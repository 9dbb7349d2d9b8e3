//! Middleware that every response passes through on its way out: the security headers, the
//! error page of a server error (with the request id to quote), and in production the check
//! that the request was meant for one of our host names.
//!
//! `startup` wraps the whole app in these, so a page, a static file, an error page and a
//! redirect all get the same treatment, and no handler can forget it. Not here: the session
//! and login middleware (`auth`) and the X-ray's panel (`xray::show_panel`).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use tracing_actix_web::RequestId;

use crate::config::{Config, Environment, strip_port};
use crate::error::{SERVER_ERROR_MESSAGE, error_page, error_page_with_reference};

/// Only our own origin may provide scripts, styles, pictures and form targets; no plugins,
/// no `<base>` tricks, and no other site may frame our pages (clickjacking).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";
/// Tell browsers to use HTTPS only, for a year (production only: it cannot be taken back).
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";
/// Pages (and API answers) that show one person's data: no cache (browser, proxy or back
/// button) may keep them.
const PRIVATE_PATHS: [&str; 12] = [
    "/account",
    "/admin",
    "/api/v1/cart",
    "/api/v1/checkout",
    "/api/v1/orders",
    "/cart",
    "/checkout",
    "/login",
    "/logout",
    "/orders",
    "/password",
    "/register",
];

/// Adds the security headers to every response, and replaces the body of a server error with
/// the error page that shows the request id.
///
/// The middleware inside this one (`reject_unknown_hosts`, `auth::check_login`,
/// `auth::require_admin`) turn their errors into responses themselves, so that those pass
/// through here too and get the headers.
pub async fn secure_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The decoded path, as routing sees it: `/%61ccount` is `/account` too.
    let private = is_private(req.match_info().as_str());
    // A program talking to the API gets every error as a problem document, never a page.
    let api = req.match_info().as_str().starts_with("/api/");
    let production = is_production(&req);
    let request_id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let response = next.call(req).await?.map_into_boxed_body();
    let status = response.status();
    let mut response = if api && needs_problem(&response) {
        let body = crate::api::rejections::problem_for_status(status, request_id.as_deref());
        response.into_response(body)
    } else if status.is_server_error() {
        let page = error_page_with_reference(status, SERVER_ERROR_MESSAGE, request_id.as_deref());
        response.into_response(page)
    } else {
        response
    };
    let headers = response.headers_mut();
    add_security_headers(headers, private, production);
    if let Some(id) = request_id.and_then(|id| HeaderValue::try_from(id).ok()) {
        headers.insert(HeaderName::from_static("x-request-id"), id);
    }
    Ok(response)
}

/// True for an API answer that must become a problem document: a server error (whatever it
/// says, its cause stays in the log) or a client error that is not one already.
fn needs_problem(response: &ServiceResponse<BoxBody>) -> bool {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == crate::api::problem::PROBLEM_JSON.as_bytes());
    status.is_server_error() || (status.is_client_error() && !is_problem)
}

fn add_security_headers(headers: &mut HeaderMap, private: bool, production: bool) {
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if production {
        set(header::STRICT_TRANSPORT_SECURITY, STRICT_TRANSPORT_SECURITY);
    }
    if private {
        set(header::CACHE_CONTROL, "no-store");
    }
    add_missing_charset(headers);
}

/// Text without a declared charset may be guessed as something else by a browser, which has
/// been used to smuggle scripts in; all our text is UTF-8, so say so.
fn add_missing_charset(headers: &mut HeaderMap) {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return;
    };
    if content_type.starts_with("text/")
        && !content_type.contains("charset")
        && let Ok(value) = HeaderValue::try_from(format!("{content_type}; charset=utf-8"))
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
}

/// True for `/account`, `/account/password`, … but not `/accounts-news`.
fn is_private(path: &str) -> bool {
    PRIVATE_PATHS.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

fn is_production(req: &ServiceRequest) -> bool {
    req.app_data::<web::Data<Config>>()
        .is_some_and(|config| config.environment == Environment::Production)
}

/// In production, a request whose `Host` is not one of `CARTWHEEL_ALLOWED_HOSTS` gets 400:
/// a forged Host could otherwise end up in a link or a cache. The load balancer's health
/// check asks by address, so `/healthz` answers whatever the Host.
pub async fn reject_unknown_hosts(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let allowed = match req.app_data::<web::Data<Config>>() {
        Some(config) if config.environment == Environment::Production => {
            host_is_allowed(req.headers(), &config.allowed_hosts) || req.path() == "/healthz"
        }
        _ => true,
    };
    if allowed {
        Ok(next.call(req).await?.map_into_boxed_body())
    } else {
        let page = error_page(
            StatusCode::BAD_REQUEST,
            "This shop does not answer to that host name.",
        );
        Ok(req.into_response(page))
    }
}

fn host_is_allowed(headers: &HeaderMap, allowed_hosts: &[String]) -> bool {
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let host = strip_port(host).to_lowercase();
    allowed_hosts.contains(&host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_paths_match_whole_segments() {
        assert!(is_private("/account"));
        assert!(is_private("/account/password"));
        assert!(is_private("/admin/products/3/edit"));
        assert!(!is_private("/accounts-news"));
        assert!(!is_private("/products"));
        assert!(is_private("/api/v1/orders/CW-1234"));
        assert!(!is_private("/api/v1/products"));
    }

    #[test]
    fn only_configured_hosts_are_allowed_with_any_port() {
        let allowed = vec!["shop.example".to_string()];
        let with_host = |host: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_static(host));
            headers
        };

        assert!(host_is_allowed(&with_host("shop.example"), &allowed));
        assert!(host_is_allowed(&with_host("SHOP.example:443"), &allowed));
        assert!(!host_is_allowed(&with_host("evil.example"), &allowed));
        assert!(!host_is_allowed(&HeaderMap::new(), &allowed));
    }
}
