//! `Problem`: how every error of the JSON API is answered, as `application/problem+json`
//! (RFC 9457): a stable `type` per kind of error, a `title`, the `status`, a `detail` for
//! this occurrence and, when fields were wrong, `errors: [{field, message}]`.
//!
//! This is not a second error system. Handlers and services still return `AppError`;
//! `From<AppError> for Problem` maps each of its kinds onto a problem type, the way
//! `AppError::error_response` maps them onto the HTML error page. The API adds only the kinds
//! the pages never meet (a missing token, an idempotency key clash, a JSON body that does not
//! parse); the list of kinds, with their `type`, title and status, is `problem_kind.rs`. A
//! program can branch on `type`; `title` and `detail` are for people.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::api::problem_kind::ProblemKind;
use crate::domain::FormErrors;
use crate::error::AppError;

/// The media type of a problem answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that was wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name as the request spelled it (`quantity`, `card_number`, `limit`).
    pub field: String,
    /// What is wrong with it, in words for people.
    pub message: String,
}

/// The body of every error answer (RFC 9457 problem details).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemBody {
    /// A URI reference naming the kind of problem, such as `/api/v1/problems/out-of-stock`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time.
    pub detail: String,
    /// The fields that were wrong (empty unless `type` is `/api/v1/problems/validation`).
    pub errors: Vec<FieldError>,
}

/// An error answer of the API; handlers return `Result<_, Problem>` (`ApiResult`).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{kind:?}: {detail}")]
pub struct Problem {
    /// Which kind of problem: its `type`, title and status.
    pub kind: ProblemKind,
    /// What went wrong this time, for people.
    pub detail: String,
    /// The fields that were wrong, for a 422 from a form or body that did not parse.
    pub errors: Vec<FieldError>,
    /// For 429: seconds until the next attempt is allowed.
    pub retry_after_seconds: Option<i64>,
}

/// Shorthand for the results of API handlers.
pub type ApiResult<T> = Result<T, Problem>;

impl Problem {
    /// A problem of `kind` with this detail.
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Problem {
        Problem {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after_seconds: None,
        }
    }

    /// A 422 that lists the fields that were wrong.
    pub fn validation(errors: &FormErrors) -> Problem {
        let mut problem = Problem::new(ProblemKind::Validation, "Some fields are invalid.");
        problem.errors = errors
            .iter()
            .map(|(field, message)| FieldError {
                field: field.to_string(),
                message: message.to_string(),
            })
            .collect();
        problem
    }

    /// A 422 for one field.
    pub fn field(field: &'static str, message: impl Into<String>) -> Problem {
        Problem::validation(&FormErrors::single(field, message))
    }

    /// The JSON body.
    pub fn body(&self) -> ProblemBody {
        ProblemBody {
            kind: self.kind.type_uri(),
            title: self.kind.title().to_string(),
            status: self.kind.status().as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
        }
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Problem {
        use ProblemKind as K;
        let message = error.public_message();
        let kind = match &error {
            AppError::NotFound | AppError::Database(diesel::result::Error::NotFound) => {
                return Problem::new(K::NotFound, "There is nothing here, or it is not yours.");
            }
            AppError::Form(errors) => return Problem::validation(errors),
            AppError::TooManyRequests {
                retry_after_seconds,
            } => {
                let mut problem = Problem::new(K::TooManyRequests, message);
                problem.retry_after_seconds = Some(*retry_after_seconds);
                return problem;
            }
            AppError::LoginRequired { .. } => K::Unauthorized,
            AppError::Forbidden | AppError::CsrfMismatch => K::Forbidden,
            AppError::BadRequest(_) => K::BadRequest,
            AppError::TooLarge(_) => K::PayloadTooLarge,
            AppError::Refused(_) => K::Refused,
            AppError::OutOfStock(_) => K::OutOfStock,
            AppError::Pool(_) => K::Unavailable,
            _ => K::Internal,
        };
        if kind.status().is_server_error() {
            tracing::error!(error = ?error, "API request failed");
        }
        Problem::new(kind, message)
    }
}

impl From<diesel::result::Error> for Problem {
    fn from(error: diesel::result::Error) -> Problem {
        Problem::from(AppError::from(error))
    }
}

impl From<actix_web::error::BlockingError> for Problem {
    fn from(error: actix_web::error::BlockingError) -> Problem {
        Problem::from(AppError::from(error))
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if self.kind == ProblemKind::Unauthorized {
            // RFC 6750: say which scheme the API expects.
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"cartwheel\""));
        }
        response.json(self.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body_of(problem: &Problem) -> serde_json::Value {
        let bytes = problem
            .error_response()
            .into_body()
            .try_into_bytes()
            .unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    #[test]
    fn each_kind_of_app_error_becomes_its_own_problem_type() {
        let cases = [
            (AppError::NotFound, "not-found", 404),
            (
                AppError::OutOfStock("Only 1 left.".into()),
                "out-of-stock",
                422,
            ),
            (
                AppError::Refused("Your cart is empty.".into()),
                "refused",
                422,
            ),
            (AppError::BadRequest("no".into()), "bad-request", 400),
            (
                AppError::Internal("disk /secret full".into()),
                "internal",
                500,
            ),
        ];
        for (error, slug, status) in cases {
            let problem = Problem::from(error);

            let body = body_of(&problem);

            assert_eq!(body["type"], format!("/api/v1/problems/{slug}"));
            assert_eq!(body["status"], status);
            assert!(!body.to_string().contains("secret"), "{slug}");
        }
    }

    #[test]
    fn field_errors_are_listed_and_the_media_type_is_problem_json() {
        let mut errors = FormErrors::new();
        errors.add("quantity", "Enter a whole number from 1 to 99.");
        let problem = Problem::from(AppError::Form(errors));

        let response = problem.error_response();

        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(PROBLEM_JSON.as_bytes())
        );
        let body = body_of(&problem);
        assert_eq!(body["errors"][0]["field"], "quantity");
        assert_eq!(body["type"], "/api/v1/problems/validation");
    }

    #[test]
    fn too_many_requests_says_when_to_retry() {
        let problem = Problem::from(AppError::TooManyRequests {
            retry_after_seconds: 90,
        });

        let response = problem.error_response();

        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.as_bytes()),
            Some(&b"90"[..])
        );
    }
}
