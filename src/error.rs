//! `AppError`, the one error type of request code, and how each kind becomes a response.
//!
//! Handlers, `db::run` and services return `AppResult<T>`; `?` converts Diesel, pool and
//! template errors automatically. actix-web calls `ResponseError::error_response` to turn an
//! error into a page: `templates/error.html` with a status and a plain message. Internal
//! details go to the log, never to the page.
//!
//! Not here: the JSON API's answers, which turn the same `AppError` into RFC 9457 problems
//! (`api::problem`), and the request id on a server error's page (`middleware`).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::domain::FormErrors;
use crate::layout::Layout;

/// Shorthand for results in request code.
pub type AppResult<T> = Result<T, AppError>;

/// Everything that can stop a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or is not the asker's to see): 404.
    #[error("not found")]
    NotFound,
    /// Logged in, but not allowed: 403.
    #[error("forbidden")]
    Forbidden,
    /// A POST without the session's CSRF token: 403, and nothing was written.
    #[error("the form's security token did not match")]
    CsrfMismatch,
    /// The request itself is malformed: 400.
    #[error("{0}")]
    BadRequest(String),
    /// The request body is larger than the form accepts: 413 with this message.
    #[error("{0}")]
    TooLarge(String),
    /// A business rule said no (not enough stock, empty cart, …): 422 with this message.
    /// Handlers usually catch it to show the form again with the message beside a field.
    #[error("{0}")]
    Refused(String),
    /// Not enough in stock for what was asked (adding to the cart, checking out): 422 with
    /// this message, shown like `Refused`. A kind of its own so that the JSON API can give
    /// it a type of its own (`/api/v1/problems/out-of-stock`).
    #[error("{0}")]
    OutOfStock(String),
    /// A form's fields did not parse: 422. Handlers catch it to show the form again with
    /// each message beside its field.
    #[error("some fields are invalid")]
    Form(FormErrors),
    /// Too many attempts (logins, sign-ups) in a short time: 429, try again after this long.
    #[error("too many attempts")]
    TooManyRequests {
        /// How long until the next attempt is allowed.
        retry_after_seconds: i64,
    },
    /// The page needs a logged-in user: 303 to the login page, coming back to `next`.
    #[error("login required")]
    LoginRequired {
        /// The page to return to after logging in.
        next: String,
    },
    /// A query failed (Diesel's `NotFound` becomes 404, everything else 500).
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    /// No database connection came free in time: 503.
    #[error(transparent)]
    Pool(#[from] diesel::r2d2::PoolError),
    /// A template failed to render: 500.
    #[error(transparent)]
    Template(#[from] askama::Error),
    /// The blocking thread running database or bcrypt work died: 500.
    #[error("a background task failed")]
    Blocking(#[from] actix_web::error::BlockingError),
    /// Anything else that is our fault: 500, with the detail only in the log.
    #[error("{0}")]
    Internal(String),
}

impl From<FormErrors> for AppError {
    fn from(errors: FormErrors) -> AppError {
        AppError::Form(errors)
    }
}

impl AppError {
    /// The text shown to the visitor (or API client): specific for their mistakes, vague for
    /// ours.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound | AppError::Database(diesel::result::Error::NotFound) => {
                "We could not find that page.".into()
            }
            AppError::Forbidden => "You do not have access to that page.".into(),
            AppError::CsrfMismatch => {
                "The form has expired. Go back, reload the page and try again.".into()
            }
            AppError::BadRequest(message)
            | AppError::Refused(message)
            | AppError::OutOfStock(message)
            | AppError::TooLarge(message) => message.clone(),
            AppError::Form(_) => "Some fields are invalid. Go back and correct them.".into(),
            AppError::TooManyRequests {
                retry_after_seconds,
            } => format!(
                "Too many attempts. For your security, please wait {} and try again.",
                wait_in_words(*retry_after_seconds)
            ),
            _ => SERVER_ERROR_MESSAGE.into(),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::Database(diesel::result::Error::NotFound) => {
                StatusCode::NOT_FOUND
            }
            AppError::Forbidden | AppError::CsrfMismatch => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Refused(_) | AppError::OutOfStock(_) | AppError::Form(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Pool(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::LoginRequired { next } = self {
            let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            let location = format!("/login?{query}");
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
        }
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let mut response = error_page(status, &self.public_message());
        if let AppError::TooManyRequests {
            retry_after_seconds,
        } = self
        {
            // Retry-After tells scripts and well-behaved clients how long to back off.
            if let Ok(value) = header::HeaderValue::try_from(retry_after_seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// "1 minute", "14 minutes": a wait rounded up to whole minutes.
fn wait_in_words(seconds: i64) -> String {
    let minutes = (seconds.max(1) + 59) / 60;
    if minutes == 1 {
        "1 minute".into()
    } else {
        format!("{minutes} minutes")
    }
}

/// The one error page, rendered for any status.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    title: &'a str,
    message: &'a str,
    reference: Option<&'a str>,
}

/// Renders `templates/error.html`; falls back to plain text if even that fails.
pub fn error_page(status: StatusCode, message: &str) -> HttpResponse {
    error_page_with_reference(status, message, None)
}

/// The message every server error shows: nothing about the cause, which only the log has.
pub const SERVER_ERROR_MESSAGE: &str =
    "Something went wrong on our side. Please try again in a moment.";

/// The error page with a reference (the request id) that links it to the log line.
pub fn error_page_with_reference(
    status: StatusCode,
    message: &str,
    reference: Option<&str>,
) -> HttpResponse {
    let page = ErrorPage {
        layout: Layout::default(),
        status: status.as_u16(),
        title: status.canonical_reason().unwrap_or("Error"),
        message,
        reference,
    };
    crate::xray::note_template::<ErrorPage>();
    match page.render() {
        Ok(html) => HttpResponse::build(status)
            .content_type(ContentType::html())
            .body(html),
        Err(_) => HttpResponse::build(status).body(message.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body_of(error: &AppError) -> String {
        let body = error
            .error_response()
            .into_body()
            .try_into_bytes()
            .unwrap_or_default();
        String::from_utf8_lossy(&body).into_owned()
    }

    #[test]
    fn an_internal_error_shows_a_friendly_page_that_leaks_nothing() {
        let error = AppError::Internal("disk /var/lib/secret.db is full".into());

        let page = body_of(&error);

        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(page.contains("Something went wrong on our side."));
        assert!(!page.contains("secret.db"));
    }

    #[test]
    fn too_many_attempts_is_a_429_page_that_says_when_to_retry() {
        let error = AppError::TooManyRequests {
            retry_after_seconds: 290,
        };

        let response = error.error_response();

        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.as_bytes()),
            Some(&b"290"[..])
        );
        assert!(body_of(&error).contains("please wait 5 minutes"));
    }

    #[test]
    fn a_missing_row_is_a_404_page() {
        let error = AppError::Database(diesel::result::Error::NotFound);

        assert_eq!(error.status_code(), StatusCode::NOT_FOUND);
        assert!(body_of(&error).contains("We could not find that page."));
    }

    #[test]
    fn login_required_redirects_to_the_login_page_with_the_way_back() {
        let error = AppError::LoginRequired {
            next: "/orders?x=1".into(),
        };

        let response = error.error_response();

        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        assert_eq!(location, Some("/login?next=%2Forders%3Fx%3D1"));
    }
}
