//! Payments: the `PaymentGateway` trait, and `SandboxGateway`, which behaves like a card
//! processor in test mode.
//!
//! The checkout talks to the trait only, so a real processor can be added later as another
//! implementation without touching the checkout. The sandbox answers by the test card numbers
//! that processors publish:
//!
//! | card number           | answer                         |
//! |-----------------------|--------------------------------|
//! | 4242 4242 4242 4242   | approved                       |
//! | 4000 0000 0000 0002   | declined                       |
//! | 4000 0000 0000 9995   | declined: insufficient funds   |
//! | any other valid card  | approved                       |
//!
//! `services::checkout` charges through the trait; `startup` hands the app its gateway (the
//! tests give their own through `Application::build_with_gateway`).

use crate::domain::{Card, Money};
use crate::tokens::random_token;

/// What the shop asks the gateway to charge.
#[derive(Debug, Clone)]
pub struct Charge {
    /// The card as the shopper typed it (checked in shape only; the gateway decides).
    pub card: Card,
    /// How much to take: the order's total.
    pub amount: Money,
    /// Our order number, so the processor's records can be matched with ours.
    pub order_number: String,
}

/// The gateway's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentResult {
    /// The money was taken; `reference` is the processor's id for the payment.
    Approved {
        /// The processor's id for the payment, stored on the order.
        reference: String,
    },
    /// The bank said no; `reason` is safe to show the shopper.
    Declined {
        /// Why, in words for the shopper ("Your card was declined.").
        reason: String,
    },
}

/// Something that can charge a card.
pub trait PaymentGateway: Send + Sync {
    /// Charges the card once.
    fn charge(&self, charge: &Charge) -> PaymentResult;
}

/// The test-mode processor described at the top of this file.
#[derive(Debug, Default, Clone, Copy)]
pub struct SandboxGateway;

/// The card that is always declined.
pub const DECLINED_CARD: &str = "4000000000000002";
/// The card that is declined for insufficient funds.
pub const INSUFFICIENT_FUNDS_CARD: &str = "4000000000009995";

impl PaymentGateway for SandboxGateway {
    fn charge(&self, charge: &Charge) -> PaymentResult {
        match charge.card.number.digits() {
            DECLINED_CARD => PaymentResult::Declined {
                reason: "Your card was declined. Please use another card.".into(),
            },
            INSUFFICIENT_FUNDS_CARD => PaymentResult::Declined {
                reason: "Your card was declined: insufficient funds.".into(),
            },
            _ => PaymentResult::Approved {
                reference: format!("sandbox_{}", &random_token()[..16]),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CardExpiry, CardNumber, Cvc};

    fn charge_card(number: &str) -> PaymentResult {
        let card = Card {
            number: CardNumber::parse(number).expect("valid test card"),
            expiry: CardExpiry {
                month: 12,
                year: 2040,
            },
            cvc: Cvc::parse("123").expect("valid cvc"),
        };
        let charge = Charge {
            card,
            amount: Money::from_cents(1000),
            order_number: "CW-TEST".into(),
        };
        SandboxGateway.charge(&charge)
    }

    #[test]
    fn the_success_card_is_approved_with_a_reference() {
        match charge_card("4242 4242 4242 4242") {
            PaymentResult::Approved { reference } => assert!(reference.starts_with("sandbox_")),
            other => panic!("expected approval, got {other:?}"),
        }
    }

    #[test]
    fn the_decline_card_is_declined() {
        assert!(matches!(
            charge_card("4000 0000 0000 0002"),
            PaymentResult::Declined { .. }
        ));
    }

    #[test]
    fn the_insufficient_funds_card_says_so() {
        match charge_card("4000000000009995") {
            PaymentResult::Declined { reason } => assert!(reason.contains("insufficient funds")),
            other => panic!("expected a decline, got {other:?}"),
        }
    }

    #[test]
    fn each_approval_has_its_own_reference() {
        assert_ne!(
            charge_card("4242424242424242"),
            charge_card("4242424242424242")
        );
    }
}
