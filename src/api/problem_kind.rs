//! `ProblemKind`: every kind of error the JSON API answers with, and for each its `type` URI
//! (`/api/v1/problems/{slug}`), its title and its HTTP status. The slugs are a public
//! contract, like URLs: programs compare against them, so a slug is never renamed. The
//! answer itself is `problem::Problem`.

use actix_web::http::StatusCode;

/// The kinds of problem the API answers with; each has its own `type` URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The request is malformed (a JSON syntax error, a missing header): 400.
    BadRequest,
    /// `POST /api/v1/checkout` without an `Idempotency-Key` header: 400.
    IdempotencyKeyMissing,
    /// No bearer token, or one that is unknown or revoked: 401.
    Unauthorized,
    /// The card was declined: 402.
    PaymentDeclined,
    /// Allowed to ask, not allowed to do: 403.
    Forbidden,
    /// No such thing, or not the caller's: 404.
    NotFound,
    /// The address does not take this method: 405.
    MethodNotAllowed,
    /// The first request with this idempotency key is still running: 409.
    IdempotencyKeyInUse,
    /// The body is larger than the API accepts: 413.
    PayloadTooLarge,
    /// The body is not `application/json`: 415.
    UnsupportedMediaType,
    /// Fields did not parse or are out of range; `errors` lists them: 422.
    Validation,
    /// Not enough in stock: 422.
    OutOfStock,
    /// Another business rule said no (an empty cart, a product no longer sold): 422.
    Refused,
    /// The idempotency key was used before with a different request: 422.
    IdempotencyKeyReused,
    /// Too many failed attempts from this address; see `Retry-After`: 429.
    TooManyRequests,
    /// Our fault; the detail is only in the log: 500.
    Internal,
    /// The database is too busy to answer now: 503.
    Unavailable,
}

impl ProblemKind {
    /// Every kind, for the documentation page.
    pub const ALL: [ProblemKind; 17] = [
        ProblemKind::BadRequest,
        ProblemKind::IdempotencyKeyMissing,
        ProblemKind::Unauthorized,
        ProblemKind::PaymentDeclined,
        ProblemKind::Forbidden,
        ProblemKind::NotFound,
        ProblemKind::MethodNotAllowed,
        ProblemKind::IdempotencyKeyInUse,
        ProblemKind::PayloadTooLarge,
        ProblemKind::UnsupportedMediaType,
        ProblemKind::Validation,
        ProblemKind::OutOfStock,
        ProblemKind::Refused,
        ProblemKind::IdempotencyKeyReused,
        ProblemKind::TooManyRequests,
        ProblemKind::Internal,
        ProblemKind::Unavailable,
    ];

    /// The last part of the `type` URI; stable, so programs may compare against it.
    pub fn slug(self) -> &'static str {
        self.parts().0
    }

    /// The `type` URI: `/api/v1/problems/{slug}`.
    pub fn type_uri(self) -> String {
        format!("/api/v1/problems/{}", self.slug())
    }

    /// The short, fixed summary of the kind.
    pub fn title(self) -> &'static str {
        self.parts().1
    }

    /// The HTTP status that goes with the kind.
    pub fn status(self) -> StatusCode {
        self.parts().2
    }

    fn parts(self) -> (&'static str, &'static str, StatusCode) {
        use ProblemKind as K;
        match self {
            K::BadRequest => ("bad-request", "Malformed request", StatusCode::BAD_REQUEST),
            K::IdempotencyKeyMissing => (
                "idempotency-key-missing",
                "An Idempotency-Key header is required",
                StatusCode::BAD_REQUEST,
            ),
            K::Unauthorized => (
                "unauthorized",
                "A valid API token is required",
                StatusCode::UNAUTHORIZED,
            ),
            K::PaymentDeclined => (
                "payment-declined",
                "The card was declined",
                StatusCode::PAYMENT_REQUIRED,
            ),
            K::Forbidden => ("forbidden", "Not allowed", StatusCode::FORBIDDEN),
            K::NotFound => ("not-found", "Not found", StatusCode::NOT_FOUND),
            K::MethodNotAllowed => (
                "method-not-allowed",
                "Method not allowed",
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            K::IdempotencyKeyInUse => (
                "idempotency-key-in-use",
                "A request with this idempotency key is still running",
                StatusCode::CONFLICT,
            ),
            K::PayloadTooLarge => (
                "payload-too-large",
                "The request body is too large",
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            K::UnsupportedMediaType => (
                "unsupported-media-type",
                "The request body must be application/json",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            K::Validation => (
                "validation",
                "Some fields are invalid",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            K::OutOfStock => (
                "out-of-stock",
                "Not enough in stock",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            K::Refused => (
                "refused",
                "The shop's rules do not allow this",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            K::IdempotencyKeyReused => (
                "idempotency-key-reused",
                "This idempotency key was used for a different request",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            K::TooManyRequests => (
                "too-many-requests",
                "Too many failed attempts",
                StatusCode::TOO_MANY_REQUESTS,
            ),
            K::Internal => (
                "internal",
                "Something went wrong on our side",
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            K::Unavailable => (
                "unavailable",
                "The shop is too busy to answer",
                StatusCode::SERVICE_UNAVAILABLE,
            ),
        }
    }
}
