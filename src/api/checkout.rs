//! `POST /api/v1/checkout`: the token holder's cart becomes a paid order, through the same
//! `services::checkout::check_out` as the checkout page (stock, sandbox gateway, one order
//! per checkout token), with the same field rules (`services::checkout_details`).
//!
//! Safe retries. A program whose connection drops cannot know whether its order was placed,
//! so it must be able to send the same request again without buying twice. It sends an
//! `Idempotency-Key` header (any unique text, such as a UUID, made once per purchase):
//!
//! 1. The key is claimed (`IdempotencyKey::claim`) before anything else happens. A second
//!    request with the same key finds the claim: a 409 while the first still runs, the first
//!    answer again (with `Idempotent-Replayed: true`) once it is done, and a 422 if its body
//!    differs from the first (a client bug: one key, two purchases).
//! 2. The checkout token is derived from the user and the key, so even a retry that ran the
//!    checkout again would find the first order (`reserve_order`), never make a second.
//! 3. The answer (order, decline, out of stock) is stored with the key. A failure on our
//!    side gives the key back so that a retry runs afresh.

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::api::auth::BearerUser;
use crate::api::orders::OrderBody;
use crate::api::problem::{ApiResult, PROBLEM_JSON, Problem, ProblemBody, ProblemKind};
use crate::db::{self, DbPool};
use crate::domain::OrderStatus;
use crate::error::AppError;
use crate::models::{Claim, IdempotencyKey, Order, now};
use crate::services::checkout::{self as checkout_rules, CheckoutOutcome};
use crate::services::checkout_details::CheckoutDetails;
use crate::services::payments::PaymentGateway;

/// The header that names a purchase.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header on an answer that was stored, not computed now.
pub const REPLAYED: &str = "idempotent-replayed";
/// The longest key accepted.
const MAX_KEY_CHARS: usize = 255;
/// A claim this old that never got an answer belongs to a request that died (the process
/// stopped); a retry may take it over. Safe, because of the derived checkout token (2 above).
const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// What the checkout needs: the same fields as the checkout form.
// No `Debug`: it holds card details, which must never reach a log.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutBody {
    #[schema(example = "ada@example.com")]
    pub email: String,
    pub name: String,
    pub address_line1: String,
    /// Optional: apartment, suite, floor.
    #[serde(default)]
    pub address_line2: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    /// In test mode: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.
    #[schema(example = "4242 4242 4242 4242")]
    pub card_number: String,
    /// MM/YY.
    #[schema(example = "12/30")]
    pub card_expiry: String,
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

    /// What tells a retry from a different request with the same key. It holds the card's
    /// last four digits only: the fingerprint is stored, and a hash of anything the order
    /// row does not already hold (the number, the expiry, the security code) could be
    /// recovered by trying every value.
    fn fingerprint(&self) -> String {
        let digits: String = self
            .card_number
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let last4 = &digits[digits.len().saturating_sub(4)..];
        let fields = [
            self.email.trim(),
            self.name.trim(),
            self.address_line1.trim(),
            self.address_line2.trim(),
            self.city.trim(),
            self.postal_code.trim(),
            self.country.trim(),
            last4,
        ];
        hex::encode(Sha256::digest(fields.join("\u{1f}").as_bytes()))
    }
}

/// The checkout token of a key: the same user and key always give the same token.
fn checkout_token(user_id: i32, key: &str) -> String {
    hex::encode(Sha256::digest(format!("api:{user_id}:{key}").as_bytes()))
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
    let request = body
        .details()
        .parse(None, Some(user.id), checkout_token(user.id, &key))
        .map_err(|errors| Problem::validation(&errors))?;
    let claim_id = match claim(&pool, user.id, key, body.fingerprint()).await? {
        Ok(claim_id) => claim_id,
        Err(earlier_answer) => return Ok(earlier_answer),
    };
    let outcome = checkout_rules::check_out(&pool, gateway.into_inner(), request).await;
    let (status, json) = match answer(&pool, outcome).await {
        Ok(answer) => answer,
        Err(problem) => {
            // Our failure, or an order still being paid: nothing final was decided, so free
            // the key; a retry asks again, and its derived checkout token finds the same
            // order rather than making a second.
            db::run(&pool, move |conn| {
                Ok(IdempotencyKey::release(conn, claim_id)?)
            })
            .await?;
            return Err(problem);
        }
    };
    let stored = json.clone();
    let code = i32::from(status.as_u16());
    db::run(&pool, move |conn| {
        Ok(IdempotencyKey::finish(conn, claim_id, code, &stored)?)
    })
    .await?;
    Ok(respond(status, json, false))
}

/// Claims the key: `Ok(row id)` to go ahead, or `Err` with what an earlier request with the
/// same key decided (its stored answer, or the problem that it still runs or differed).
async fn claim(
    pool: &DbPool,
    user_id: i32,
    key: String,
    fingerprint: String,
) -> ApiResult<Result<i32, HttpResponse>> {
    let checked = fingerprint.clone();
    let claim = db::run(pool, move |conn| {
        Ok(IdempotencyKey::claim(
            conn,
            user_id,
            &key,
            &fingerprint,
            now(),
        )?)
    })
    .await?;
    match claim {
        Claim::New(id) => Ok(Ok(id)),
        Claim::Taken(row) => match replay(row, &checked)? {
            Replay::Answer(response) => Ok(Err(response)),
            Replay::TakeOver(row) => {
                let id = row.id;
                let taken = db::run(pool, move |conn| {
                    Ok(IdempotencyKey::take_over(conn, &row, now())?)
                })
                .await?;
                match taken {
                    true => Ok(Ok(id)),
                    false => Err(key_in_use()),
                }
            }
        },
    }
}

/// What a request finds when its key was claimed before.
enum Replay {
    /// The stored answer, or the problem that the key is busy or reused.
    Answer(HttpResponse),
    /// The claim was abandoned; try to take it over and run the checkout under it.
    TakeOver(IdempotencyKey),
}

fn replay(row: IdempotencyKey, fingerprint: &str) -> ApiResult<Replay> {
    if row.request_hash != fingerprint {
        return Err(Problem::new(
            ProblemKind::IdempotencyKeyReused,
            "This Idempotency-Key was used for a different checkout. Use a new key for a new purchase.",
        ));
    }
    match (row.status_code, row.response_body.clone()) {
        (Some(code), Some(body)) => {
            let status = u16::try_from(code)
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .unwrap_or(StatusCode::OK);
            Ok(Replay::Answer(respond(status, body, true)))
        }
        _ if row.created_at < now() - ABANDONED_AFTER => Ok(Replay::TakeOver(row)),
        _ => Err(key_in_use()),
    }
}

/// The 409 for a key whose checkout has not finished yet.
fn key_in_use() -> Problem {
    Problem::new(
        ProblemKind::IdempotencyKeyInUse,
        "A checkout with this Idempotency-Key is still running. Try again in a moment.",
    )
}

/// The status and JSON body for a checkout's outcome: the order, or the problem that a
/// client should see again on a retry. Failures on our side stay errors.
async fn answer(
    pool: &DbPool,
    outcome: Result<CheckoutOutcome, AppError>,
) -> ApiResult<(StatusCode, String)> {
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
    // Paid now, or found from an earlier request with this key (`AlreadySubmitted`): either
    // way the order's own status says what the client gets, never a blind "paid".
    let (order, items) = db::run(pool, move |conn| {
        let order = Order::find_by_number(conn, &number)?;
        let items = Order::items(conn, order.id)?;
        Ok((order, items))
    })
    .await?;
    match order.status() {
        status if status.is_sale() => Ok((
            StatusCode::CREATED,
            to_json(&OrderBody::new(&order, &items))?,
        )),
        OrderStatus::PaymentFailed => {
            let reason = order.payment_error.clone().unwrap_or_else(|| {
                "The payment of this order failed; nothing was charged.".to_string()
            });
            problem_answer(Problem::new(ProblemKind::PaymentDeclined, reason))
        }
        OrderStatus::Cancelled => problem_answer(Problem::new(
            ProblemKind::Refused,
            "The order made with this Idempotency-Key was cancelled. Use a new key for a new purchase.",
        )),
        // Still being paid by the request that placed it: not an answer to keep.
        _ => Err(key_in_use()),
    }
}

fn problem_answer(problem: Problem) -> ApiResult<(StatusCode, String)> {
    Ok((problem.kind.status(), to_json(&problem.body())?))
}

fn to_json(value: &impl Serialize) -> ApiResult<String> {
    serde_json::to_string(value)
        .map_err(|error| AppError::Internal(format!("cannot write JSON: {error}")).into())
}

/// A stored or fresh answer: JSON for an order, problem JSON for a problem.
fn respond(status: StatusCode, body: String, replayed: bool) -> HttpResponse {
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
