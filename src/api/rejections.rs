//! How the API answers a request that never reaches a handler: a JSON body that is too big,
//! not JSON or the wrong shape, a query or path that does not parse, an unknown URL under
//! `/api/v1`, and a server error caught by `middleware::secure_responses`. Each becomes a
//! `Problem` (see `problem.rs`), never actix's plain-text default or the HTML error page.
//! `api::configure` installs these handlers on the `/api/v1` scope.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, error};

use crate::api::problem::{ApiResult, Problem, ProblemKind};
use crate::error::SERVER_ERROR_MESSAGE;

/// The largest JSON body the API accepts; a checkout, the largest, is well under 1 KiB.
pub const JSON_LIMIT_BYTES: usize = 16 * 1024;

/// The JSON extractor's settings for the API: the size limit, `Content-Type:
/// application/json` required, and errors as problems.
pub fn json_config() -> actix_web::web::JsonConfig {
    actix_web::web::JsonConfig::default()
        .limit(JSON_LIMIT_BYTES)
        .content_type_required(true)
        .error_handler(json_error)
}

/// The answer that replaces an error under `/api/` that is not a problem document yet (see
/// `middleware::secure_responses`): any server error, whose cause only the log has (the
/// request id links the two), and the few client errors actix-web answers by itself, such
/// as a 405 for a method the path does not take.
pub fn problem_for_status(status: StatusCode, request_id: Option<&str>) -> HttpResponse {
    let (kind, detail) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (ProblemKind::Unavailable, server_detail(request_id)),
        status if status.is_server_error() => (ProblemKind::Internal, server_detail(request_id)),
        StatusCode::METHOD_NOT_ALLOWED => (
            ProblemKind::MethodNotAllowed,
            "This address does not take that method; see /api/v1/docs.".to_string(),
        ),
        StatusCode::NOT_FOUND => (
            ProblemKind::NotFound,
            "There is nothing at this address.".to_string(),
        ),
        _ => (
            ProblemKind::BadRequest,
            "The request could not be used.".to_string(),
        ),
    };
    let mut response = Problem::new(kind, detail).error_response();
    *response.status_mut() = status;
    response
}

fn server_detail(request_id: Option<&str>) -> String {
    match request_id {
        Some(id) => format!("{SERVER_ERROR_MESSAGE} Reference: {id}"),
        None => SERVER_ERROR_MESSAGE.to_string(),
    }
}

/// A JSON body that cannot be used: too big (413), not JSON (415), not well-formed (400) or
/// not the shape the endpoint takes, such as an unknown or missing field (422).
pub fn json_error(err: error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use error::JsonPayloadError as E;
    let problem = match &err {
        E::Overflow { limit } | E::OverflowKnownLength { limit, .. } => Problem::new(
            ProblemKind::PayloadTooLarge,
            format!("Send at most {limit} bytes."),
        ),
        E::ContentType => Problem::new(
            ProblemKind::UnsupportedMediaType,
            "Send the body as JSON with Content-Type: application/json.",
        ),
        E::Deserialize(json) if json.is_data() => {
            Problem::field(field_of(&json.to_string()), first_sentence(json))
        }
        E::Deserialize(json) => Problem::new(
            ProblemKind::BadRequest,
            format!("The body is not well-formed JSON: {json}"),
        ),
        _ => Problem::new(ProblemKind::BadRequest, "The body could not be read."),
    };
    error::InternalError::from_response(err, problem.error_response()).into()
}

/// Which field a serde error is about: serde names it in backticks ("unknown field `x`",
/// "missing field `y`"); other shape errors are about the body as a whole.
fn field_of(message: &str) -> &'static str {
    // Field names in a `Problem` come from a fixed list: serde's message repeats whatever
    // the client sent, which is not ours to echo as a field name.
    const FIELDS: [&str; 12] = [
        "product_id",
        "quantity",
        "email",
        "name",
        "address_line1",
        "address_line2",
        "city",
        "postal_code",
        "country",
        "card_number",
        "card_expiry",
        "card_cvc",
    ];
    let named = message.split('`').nth(1).unwrap_or_default();
    FIELDS
        .into_iter()
        .find(|field| *field == named)
        .unwrap_or("body")
}

/// serde's message without its " at line 1 column 20" position.
fn first_sentence(json: &serde_json::Error) -> String {
    let text = json.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// A query string that does not fit the endpoint's parameters (a `limit` that is not a
/// number): 422 naming the parameter.
pub fn query_error(err: error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let problem = Problem::field("query", err.to_string());
    error::InternalError::from_response(err, problem.error_response()).into()
}

/// A path segment that does not parse (`/api/v1/cart/items/abc`) names nothing: 404.
pub fn path_error(err: error::PathError, _req: &HttpRequest) -> actix_web::Error {
    let problem = Problem::new(ProblemKind::NotFound, "There is nothing at this address.");
    error::InternalError::from_response(err, problem.error_response()).into()
}

/// A method that the URL does not take (`PUT /api/v1/products`): 405 as a problem.
pub async fn method_not_allowed(allow: &'static str) -> HttpResponse {
    let problem = Problem::new(
        ProblemKind::MethodNotAllowed,
        format!("This address takes {allow}; see /api/v1/docs."),
    );
    let mut response = problem.error_response();
    // RFC 9110: a 405 says which methods the address does take.
    response.headers_mut().insert(
        actix_web::http::header::ALLOW,
        actix_web::http::header::HeaderValue::from_static(allow),
    );
    response
}

/// Any URL under `/api/v1` that the route table does not know: 404 as a problem.
pub async fn not_found() -> ApiResult<HttpResponse> {
    Err(Problem::new(
        ProblemKind::NotFound,
        "There is nothing at this address.",
    ))
}
