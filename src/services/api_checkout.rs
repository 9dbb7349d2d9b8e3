//! Safe retries for the API's checkout: the rules behind the `Idempotency-Key` header, so
//! that a program whose connection dropped can send the same purchase again without buying
//! twice. `api::checkout` turns what these functions decide into HTTP; the checkout itself
//! is `services::checkout::check_out`, the same as the page's.
//!
//! 1. The key is claimed (`claim`) before anything else happens. A second request with the
//!    same key finds the claim: `InUse` while the first still runs, the first answer again
//!    (`Earlier`) once it is done, and `Reused` if its body differs from the first (a client
//!    bug: one key, two purchases). A claim left unanswered for `ABANDONED_AFTER` belonged
//!    to a request that died; one retry takes it over.
//! 2. The checkout token is derived from the user and the key (`checkout_token`), so even a
//!    retry that runs the checkout again finds the first order, never makes a second.
//! 3. Whatever the checkout found, the order's own status decides the answer (`settle`):
//!    paid, payment failed, cancelled, or still being paid (then nothing is stored, and the
//!    claim is given back with `release` for a later retry to ask again).

use chrono::{Duration, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::domain::OrderStatus;
use crate::error::AppResult;
use crate::models::{Claim, IdempotencyKey, Order, OrderItem};
use crate::services::checkout_details::CheckoutDetails;

/// A claim this old that never got an answer belongs to a request that died (the process
/// stopped); a retry may take it over. Safe, because of the derived checkout token.
pub const ABANDONED_AFTER: Duration = Duration::minutes(2);

/// What claiming a key found.
#[derive(Debug)]
pub enum Claimed {
    /// The key is this request's (this row); run the checkout, then `finish` or `release`.
    Go(i32),
    /// An earlier request with this key was answered: its status and JSON body.
    Earlier {
        /// The HTTP status the first request answered with.
        status: u16,
        /// The JSON body it answered with, byte for byte.
        body: String,
    },
    /// An earlier request with this key is still running.
    InUse,
    /// The key was used for a different purchase.
    Reused,
}

/// Claims `key` for `user_id` for the request with this `fingerprint` (see `fingerprint`).
pub fn claim(
    conn: &mut DbConn,
    user_id: i32,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> AppResult<Claimed> {
    let row = match IdempotencyKey::claim(conn, user_id, key, fingerprint, now)? {
        Claim::New(id) => return Ok(Claimed::Go(id)),
        Claim::Taken(row) => row,
    };
    if row.request_hash != fingerprint {
        return Ok(Claimed::Reused);
    }
    if let (Some(status), Some(body)) = (row.status_code, row.response_body.clone()) {
        let status = u16::try_from(status).unwrap_or(500);
        return Ok(Claimed::Earlier { status, body });
    }
    let abandoned = row.created_at < now - ABANDONED_AFTER;
    if abandoned && IdempotencyKey::take_over(conn, &row, now)? {
        return Ok(Claimed::Go(row.id));
    }
    Ok(Claimed::InUse)
}

/// Stores the answer of the request that claimed row `claim_id`, for its retries.
pub fn finish(conn: &mut DbConn, claim_id: i32, status: u16, body: &str) -> AppResult<()> {
    IdempotencyKey::finish(conn, claim_id, i32::from(status), body)?;
    Ok(())
}

/// Gives the claim back: nothing final was decided (our failure, or an order still being
/// paid), so a retry asks again.
pub fn release(conn: &mut DbConn, claim_id: i32) -> AppResult<()> {
    IdempotencyKey::release(conn, claim_id)?;
    Ok(())
}

/// The checkout token of a key: the same user and key always give the same token.
pub fn checkout_token(user_id: i32, key: &str) -> String {
    hex::encode(Sha256::digest(format!("api:{user_id}:{key}").as_bytes()))
}

/// What tells a retry from a different request with the same key. It holds the card's last
/// four digits only: the fingerprint is stored, and a hash of anything the order row does
/// not already hold (the number, the expiry, the security code) could be recovered by
/// trying every value.
pub fn fingerprint(details: &CheckoutDetails) -> String {
    let digits: String = details
        .card_number
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let last4 = &digits[digits.len().saturating_sub(4)..];
    let fields = [
        details.email.trim(),
        details.name.trim(),
        details.address_line1.trim(),
        details.address_line2.trim(),
        details.city.trim(),
        details.postal_code.trim(),
        details.country.trim(),
        last4,
    ];
    hex::encode(Sha256::digest(fields.join("\u{1f}").as_bytes()))
}

/// Where the order a checkout paid or found stands, which is what the client is told.
#[derive(Debug)]
pub enum Settled {
    /// Paid (or further along): the order and its lines.
    Paid(Box<Order>, Vec<OrderItem>),
    /// The payment failed, for this reason; nothing was charged.
    PaymentFailed(String),
    /// The order was cancelled.
    Cancelled,
    /// Still being paid by the request that placed it.
    StillPaying,
}

/// The state of the order numbered `number`.
pub fn settle(conn: &mut DbConn, number: &str) -> AppResult<Settled> {
    let order = Order::find_by_number(conn, number)?;
    Ok(match order.status() {
        status if status.is_sale() => {
            let items = Order::items(conn, order.id)?;
            Settled::Paid(Box::new(order), items)
        }
        OrderStatus::PaymentFailed => Settled::PaymentFailed(
            order
                .payment_error
                .unwrap_or_else(|| "The payment of this order failed; nothing was charged.".into()),
        ),
        OrderStatus::Cancelled => Settled::Cancelled,
        _ => Settled::StillPaying,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(card_number: &str, card_expiry: &str) -> CheckoutDetails {
        CheckoutDetails {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            address_line1: "1 Road".into(),
            address_line2: String::new(),
            city: "Leeds".into(),
            postal_code: "LS1".into(),
            country: "UK".into(),
            card_number: card_number.into(),
            card_expiry: card_expiry.into(),
            card_cvc: "123".into(),
        }
    }

    #[test]
    fn the_fingerprint_tells_purchases_apart_but_not_how_the_card_was_typed() {
        let spaced = fingerprint(&details("4242 4242 4242 4242", "12/30"));

        assert_eq!(spaced, fingerprint(&details("4242424242424242", "11/31")));
        assert_ne!(
            spaced,
            fingerprint(&details("4000 0000 0000 0002", "12/30"))
        );
    }

    #[test]
    fn a_key_gives_each_user_their_own_checkout_token() {
        assert_eq!(checkout_token(1, "k"), checkout_token(1, "k"));
        assert_ne!(checkout_token(1, "k"), checkout_token(2, "k"));
    }
}
