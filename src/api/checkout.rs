//! `POST /api/v1/checkout`: the token holder's cart becomes a paid order, through the same
//! `services::checkout::check_out` as the checkout page (stock, sandbox gateway, one order
//! per checkout token), with the same field rules (`services::checkout_details`).
//!
//! Safe retries: a program whose connection drops cannot know whether its order was
//! placed, so it sends an `Idempotency-Key` header (any unique text, such as a UUID, made
//! once per purchase) and may send the same request again. The rules are in
//! `services::api_checkout`; this handler claims the key, runs the checkout, and turns what
//! was decided into HTTP: the first answer again (with `Idempotent-Replayed: true`), 409
//! while the first request still runs, 422 for a key reused for another purchase.

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::auth::BearerUser;
use crate::api::orders::OrderBody;
use crate::api::problem::{ApiResult, PROBLEM_JSON, Problem, ProblemBody, ProblemKind};
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::now;
use crate::services::api_checkout::{self, Claimed, Settled};
use crate::services::checkout::{self as checkout_rules, CheckoutOutcome};
use crate::services::checkout_details::CheckoutDetails;
use crate::services::payments::PaymentGateway;

/// The header that names a purchase.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header on an answer that was stored, not computed now.
pub const REPLAYED: &str = "idempotent-replayed";
/// The longest key accepted.
const MAX_KEY_CHARS: usize = 255;

/// What the checkout needs: the same fields as the checkout form.
// No `Debug`: it holds card details, which must never reach a log.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutBody {
    /// Where the order confirmation goes.
    #[schema(example = "ada@example.com")]
    pub email: String,
    /// The name to ship to.
    pub name: String,
    /// Street and number.
    pub address_line1: String,
    /// Optional: apartment, suite, floor.
    #[serde(default)]
    pub address_line2: String,
    /// The city to ship to.
    pub city: String,
    /// The postal code to ship to.
    pub postal_code: String,
    /// The country to ship to.
    pub country: String,
    /// In test mode: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.
    #[schema(example = "4242 4242 4242 4242")]
    pub card_number: String,
    /// MM/YY.
    #[schema(example = "12/30")]
    pub card_expiry: String,
    /// The three or four digits on the back of the card.
    #[schema(example = "123")]
    pub card_cvc: String,
}

impl CheckoutBody {
    fn details(&self) -> CheckoutDetails {
        CheckoutDetails {
            email: self.email.clone(),
            name: self.name.clone(),
            address_line1: self.address_line1.clone(),
            address_line2: self.address_line2.clone(),
            city: self.city.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            card_number: self.card_number.clone(),
            card_expiry: self.card_expiry.clone(),
            card_cvc: self.card_cvc.clone(),
        }
    }
}

/// The key of the request, or a 400 when it is missing, empty or too long.
fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    let missing = || {
        Problem::new(
            ProblemKind::IdempotencyKeyMissing,
            format!(
                "Send an Idempotency-Key header: a unique text of at most {MAX_KEY_CHARS} characters for this purchase."
            ),
        )
    };
    let key = headers.get(IDEMPOTENCY_KEY).ok_or_else(missing)?;
    let key = key.to_str().map_err(|_| missing())?.trim();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(missing());
    }
    Ok(key.to_string())
}

/// `POST /api/v1/checkout`: extracts the token's user, the `Idempotency-Key` header and the
/// checkout fields; pays for the cart and answers the order (201), or a problem: 402 for a
/// declined card, 422 for bad fields, an empty cart or too little stock.
#[utoipa::path(
    post,
    path = "/api/v1/checkout",
    operation_id = "check_out",
    tag = "checkout",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "A unique text for this purchase (at most 255 characters); a retry sends the same one")),
    request_body = CheckoutBody,
    responses(
        (status = 201, description = "Paid; the order", body = OrderBody),
        (status = 400, description = "No Idempotency-Key, or a body that is not JSON", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong tokens from this address", body = ProblemBody, content_type = "application/problem+json"),
        (status = 402, description = "The card was declined; the order is closed and its stock back", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "A request with this key is still running", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = ProblemBody, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, an empty cart, not enough stock, or the key reused for another request", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    BearerUser(user): BearerUser,
    req: HttpRequest,
    body: web::Json<CheckoutBody>,
    pool: web::Data<DbPool>,
    gateway: web::Data<dyn PaymentGateway>,
) -> ApiResult<HttpResponse> {
    let key = idempotency_key(req.headers())?;
    let details = body.details();
    let fingerprint = api_checkout::fingerprint(&details);
    let request = details
        .parse(
            None,
            Some(user.id),
            api_checkout::checkout_token(user.id, &key),
        )
        .map_err(|errors| Problem::validation(&errors))?;
    let claimed = db::run(&pool, move |conn| {
        api_checkout::claim(conn, user.id, &key, &fingerprint, now())
    })
    .await?;
    let claim_id = match claimed {
        Claimed::Go(claim_id) => claim_id,
        Claimed::Earlier { status, body } => return Ok(respond(status, body, true)),
        Claimed::InUse => return Err(key_in_use()),
        Claimed::Reused => return Err(key_reused()),
    };
    let outcome = checkout_rules::check_out(&pool, gateway.into_inner(), request).await;
    let answered = answer(&pool, outcome).await;
    db::run(&pool, move |conn| {
        match &answered {
            Ok((status, json)) => api_checkout::finish(conn, claim_id, *status, json),
            // Nothing final was decided: a retry asks again (see `api_checkout::release`).
            Err(_) => api_checkout::release(conn, claim_id),
        }
        .map(|()| answered)
    })
    .await?
    .map(|(status, json)| respond(status, json, false))
}

/// The 409 for a key whose checkout has not finished yet.
fn key_in_use() -> Problem {
    Problem::new(
        ProblemKind::IdempotencyKeyInUse,
        "A checkout with this Idempotency-Key is still running. Try again in a moment.",
    )
}

/// The 422 for a key sent again with a different purchase.
fn key_reused() -> Problem {
    Problem::new(
        ProblemKind::IdempotencyKeyReused,
        "This Idempotency-Key was used for a different checkout. Use a new key for a new purchase.",
    )
}

/// The status and JSON body for a checkout's outcome, to send and to keep for retries: the
/// order, or the problem a client should see again. Failures on our side, and an order
/// still being paid, are errors: nothing to keep.
async fn answer(
    pool: &DbPool,
    outcome: Result<CheckoutOutcome, AppError>,
) -> ApiResult<(u16, String)> {
    let number = match outcome {
        Ok(CheckoutOutcome::Paid { number } | CheckoutOutcome::AlreadySubmitted { number }) => {
            number
        }
        Ok(CheckoutOutcome::Declined { reason }) => {
            return problem_answer(Problem::new(ProblemKind::PaymentDeclined, reason));
        }
        Err(error @ (AppError::Refused(_) | AppError::OutOfStock(_))) => {
            return problem_answer(Problem::from(error));
        }
        Err(other) => return Err(Problem::from(other)),
    };
    // Paid now, or found from an earlier request with this key: either way the order's own
    // status says what the client gets, never a blind "paid".
    let settled = db::run(pool, move |conn| api_checkout::settle(conn, &number)).await?;
    match settled {
        Settled::Paid(order, items) => Ok((
            StatusCode::CREATED.as_u16(),
            to_json(&OrderBody::new(&order, &items))?,
        )),
        Settled::PaymentFailed(reason) => {
            problem_answer(Problem::new(ProblemKind::PaymentDeclined, reason))
        }
        Settled::Cancelled => problem_answer(Problem::new(
            ProblemKind::Refused,
            "The order made with this Idempotency-Key was cancelled. Use a new key for a new purchase.",
        )),
        Settled::StillPaying => Err(key_in_use()),
    }
}

fn problem_answer(problem: Problem) -> ApiResult<(u16, String)> {
    Ok((problem.kind.status().as_u16(), to_json(&problem.body())?))
}

fn to_json(value: &impl Serialize) -> ApiResult<String> {
    serde_json::to_string(value)
        .map_err(|error| AppError::Internal(format!("cannot write JSON: {error}")).into())
}

/// A stored or fresh answer: JSON for an order, problem JSON for a problem.
fn respond(status: u16, body: String, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = match status.is_success() {
        true => "application/json",
        false => PROBLEM_JSON,
    };
    let mut response = HttpResponse::build(status);
    response.content_type(content_type);
    if replayed {
        response.insert_header((REPLAYED, "true"));
    }
    response.body(body)
}
