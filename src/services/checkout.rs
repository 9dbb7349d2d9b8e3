//! The checkout: turning a cart into a paid order without ever overselling or charging twice.
//!
//! It happens in three steps, so that the slow call to the payment gateway never holds the
//! database's write lock:
//!
//! 1. `reserve_order`, one write transaction: write the order (`pending`) and its lines, and
//!    take the stock with conditional updates. If any product is short, nothing is written.
//!    If the form's `checkout_token` was used before, the earlier order is returned instead.
//! 2. The gateway charges the card (no transaction open).
//! 3. `record_payment`, one write transaction: mark the order `paid` and empty the cart, or
//!    mark it `payment_failed` and put the stock back.
//!
//! Step 3 also queues the order's mails (`services::order_mails`: the confirmation, and a
//! low-stock alert to every admin for each product the order took to the threshold) in the same
//! transaction as the `paid` status: an order is never paid without its confirmation queued,
//! and a confirmation is never queued for an order that was not paid.
//!
//! If the process dies between 1 and 3, the order stays `pending` with its stock taken: it is
//! never half-written, and nothing is lost. `reconcile_stale_orders` then finishes it: an
//! order still pending long after the payment step should have ended is marked
//! `payment_failed` and its stock goes back (at start, see `cli::serve`, and every minute
//! as the `stale-orders` job, see `jobs::housekeeping`).

use std::sync::Arc;

use actix_web::web;
use chrono::{NaiveDateTime, Utc};
use rand::Rng;

use crate::db::{self, DbConn, DbPool};
use crate::domain::{Card, Email, Money, OrderStatus};
use crate::error::{AppError, AppResult};
use crate::models::{Cart, CartItem, CartLine, NewOrder, NewOrderItem, Order, Product};
use crate::services::cart::{find_cart, lock_carts};
use crate::services::order_mails::queue_paid_order_mails;
use crate::services::payments::{Charge, PaymentGateway, PaymentResult};

/// Letters and digits for order numbers, without look-alikes (0/O, 1/I/L).
const ORDER_NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Random characters in an order number: 31^8 ≈ 850 billion, too many to guess.
const ORDER_NUMBER_LENGTH: usize = 8;

/// Everything the checkout form said, already parsed.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// The cart id the session holds, if any; the checkout uses the visitor's cart as
    /// `services::cart::find_cart` finds it.
    pub session_cart_id: Option<i32>,
    /// The logged-in customer, or `None` for a guest.
    pub user_id: Option<i32>,
    /// Where the confirmation goes.
    pub email: Email,
    /// Where the order goes.
    pub address: ShippingAddress,
    /// The card to charge; only its brand and last four digits are stored.
    pub card: Card,
    /// One per checkout form (or, in the API, per idempotency key): a second submit with the
    /// same token finds the first order instead of placing another.
    pub checkout_token: String,
}

/// Where the order goes.
#[derive(Debug, Clone)]
pub struct ShippingAddress {
    /// Who receives the parcel.
    pub name: String,
    /// The street address.
    pub line1: String,
    /// Optional: apartment, suite, floor.
    pub line2: String,
    /// The city.
    pub city: String,
    /// The postal code, as typed.
    pub postal_code: String,
    /// The country, as typed.
    pub country: String,
}

/// How a checkout ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutOutcome {
    /// A new order was paid; here is its number.
    Paid {
        /// The new order's number.
        number: String,
    },
    /// This form was submitted before; here is the order it made.
    AlreadySubmitted {
        /// The earlier order's number (whatever its status now).
        number: String,
    },
    /// The card was declined; the stock taken for the order went back, and the reason can
    /// be shown.
    Declined {
        /// The gateway's reason, safe to show the shopper.
        reason: String,
    },
}

/// Runs the whole checkout: reserve, charge, record.
pub async fn check_out(
    pool: &DbPool,
    gateway: Arc<dyn PaymentGateway>,
    request: CheckoutRequest,
) -> AppResult<CheckoutOutcome> {
    let card = request.card.clone();
    let reserved = db::run(pool, move |conn| reserve_order(conn, &request)).await?;
    let order = match reserved {
        Reservation::Existing(order) => {
            return Ok(CheckoutOutcome::AlreadySubmitted {
                number: order.number,
            });
        }
        Reservation::New(order) => order,
    };
    let charge = Charge {
        card,
        amount: order.total(),
        order_number: order.number.clone(),
    };
    // The gateway may be slow (a real one is a network call), so it runs on a blocking
    // thread like the database work, never on the async threads that serve requests.
    let result = web::block(move || gateway.charge(&charge)).await?;
    db::run(pool, move |conn| record_payment(conn, &order, &result)).await
}

/// The result of step 1.
#[derive(Debug)]
pub enum Reservation {
    /// A new pending order with its stock taken.
    New(Order),
    /// The order an earlier submit of the same form made.
    Existing(Order),
}

/// Step 1: writes the pending order, its lines and the stock changes, all or nothing.
pub fn reserve_order(conn: &mut DbConn, request: &CheckoutRequest) -> AppResult<Reservation> {
    db::write_transaction(conn, |conn| {
        // Inside the write transaction, holding the token's lock, so a simultaneous second
        // submit waits for the first to commit and then finds its order here.
        db::lock_key(conn, &format!("checkout:{}", request.checkout_token))?;
        // And behind any change to the cart being checked out (a login merging into it).
        lock_carts(conn, request.session_cart_id, request.user_id)?;
        if let Some(order) = Order::find_by_checkout_token(conn, &request.checkout_token)? {
            return Ok(Reservation::Existing(order));
        }
        let empty = || AppError::Refused("Your cart is empty.".into());
        let cart = find_cart(conn, request.session_cart_id, request.user_id)?.ok_or_else(empty)?;
        let lines = Cart::lines(conn, cart.id)?;
        if lines.is_empty() {
            return Err(empty());
        }
        // Stock is taken in product order, so that two checkouts that share products lock
        // their rows in the same order and never wait for each other (a deadlock).
        let mut by_product: Vec<&CartLine> = lines.iter().collect();
        by_product.sort_by_key(|line| line.product.id);
        for line in by_product {
            // Returning an error rolls back the stock already taken for earlier lines.
            if !line.product.active {
                return Err(AppError::Refused(format!(
                    "Sorry, {} is no longer sold. Please remove it from your cart.",
                    line.product.name
                )));
            }
            if !Product::take_stock(conn, line.product.id, line.quantity)? {
                return Err(AppError::OutOfStock(format!(
                    "Sorry, only {} of {} left. Please update your cart.",
                    line.product.stock, line.product.name
                )));
            }
        }
        let total: Money = lines.iter().map(|line| line.line_total()).sum();
        let order = Order::create(conn, &new_order(request, cart.id, total))?;
        let items: Vec<NewOrderItem> = lines
            .iter()
            .map(|line| NewOrderItem {
                order_id: order.id,
                product_id: line.product.id,
                name: line.product.name.clone(),
                unit_price_cents: line.product.price_cents,
                quantity: line.quantity,
            })
            .collect();
        Order::add_items(conn, &items)?;
        Ok(Reservation::New(order))
    })
}

/// Step 3: records the gateway's answer on the pending order.
pub fn record_payment(
    conn: &mut DbConn,
    order: &Order,
    result: &PaymentResult,
) -> AppResult<CheckoutOutcome> {
    let number = &order.number;
    db::write_transaction(conn, |conn| match result {
        PaymentResult::Approved { reference } => {
            let paid = OrderStatus::Paid;
            if !Order::record_payment(conn, order.id, paid, Some(reference), None)? {
                // An admin cancelled the order while the card was being charged: the order
                // stays cancelled (its stock is back on the shelf) and the charge must be
                // refunded by hand, so it is logged loudly.
                tracing::error!(%number, %reference, "payment approved for an order no longer pending; refund it");
                return Ok(CheckoutOutcome::AlreadySubmitted {
                    number: number.clone(),
                });
            }
            if let Some(cart_id) = order.cart_id {
                CartItem::clear(conn, cart_id)?;
            }
            queue_paid_order_mails(conn, order)?;
            Ok(CheckoutOutcome::Paid {
                number: number.clone(),
            })
        }
        PaymentResult::Declined { reason } => {
            let failed = OrderStatus::PaymentFailed;
            if Order::record_payment(conn, order.id, failed, None, Some(reason))? {
                return_stock(conn, order.id)?;
            }
            Ok(CheckoutOutcome::Declined {
                reason: reason.clone(),
            })
        }
    })
}

/// The reason a reconciled order shows.
const INTERRUPTED_PAYMENT: &str = "The payment did not complete. Please place the order again.";

/// Finishes every order still `pending` that was placed before `cutoff`: its payment step
/// was interrupted (the process died between steps 1 and 3). Each is marked `payment_failed`
/// and its stock returned, in its own short transaction; the conditional update means two
/// instances reconciling at once cannot return the stock twice. Returns how many.
pub fn reconcile_stale_orders(conn: &mut DbConn, cutoff: NaiveDateTime) -> AppResult<usize> {
    let mut reconciled = 0;
    for order in Order::pending_before(conn, cutoff)? {
        let failed = OrderStatus::PaymentFailed;
        let finished = db::write_transaction(conn, |conn| {
            let changed =
                Order::record_payment(conn, order.id, failed, None, Some(INTERRUPTED_PAYMENT))?;
            if changed {
                return_stock(conn, order.id)?;
            }
            Ok::<bool, AppError>(changed)
        })?;
        if finished {
            // The gateway may have taken the money before the crash: someone must look.
            tracing::warn!(number = %order.number, "a pending order was reconciled as payment_failed; check the gateway for a charge");
            reconciled += 1;
        }
    }
    Ok(reconciled)
}

/// Puts an order's units back into stock (declined payment, cancelled order).
pub fn return_stock(conn: &mut DbConn, order_id: i32) -> AppResult<()> {
    for item in Order::items(conn, order_id)? {
        Product::return_stock(conn, item.product_id, item.quantity)?;
    }
    Ok(())
}

fn new_order(request: &CheckoutRequest, cart_id: i32, total: Money) -> NewOrder {
    NewOrder {
        number: new_order_number(),
        user_id: request.user_id,
        cart_id: Some(cart_id),
        email: request.email.as_str().to_string(),
        name: request.address.name.clone(),
        address_line1: request.address.line1.clone(),
        address_line2: request.address.line2.clone(),
        city: request.address.city.clone(),
        postal_code: request.address.postal_code.clone(),
        country: request.address.country.clone(),
        total_cents: total.cents(),
        checkout_token: request.checkout_token.clone(),
        card_brand: request.card.number.brand().to_string(),
        card_last4: request.card.number.last4().to_string(),
    }
}

/// A short random order number such as `CW-7KQ2M9XD`; never the row id, which would tell
/// competitors how many orders we take and let anyone guess other orders' addresses.
pub fn new_order_number() -> String {
    let mut rng = rand::rng();
    let random: String = (0..ORDER_NUMBER_LENGTH)
        .map(|_| ORDER_NUMBER_ALPHABET[rng.random_range(0..ORDER_NUMBER_ALPHABET.len())] as char)
        .collect();
    format!("CW-{random}")
}

/// Today's date in UTC, against which card expiry dates are checked.
pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_short_random_and_unambiguous() {
        let a = new_order_number();
        let b = new_order_number();
        assert_eq!(a.len(), 3 + ORDER_NUMBER_LENGTH);
        assert!(a.starts_with("CW-"));
        assert_ne!(a, b);
        assert!(!a[3..].contains(['0', 'O', '1', 'I', 'L']));
    }
}
