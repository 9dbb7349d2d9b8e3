//! `CheckoutDetails`: what a shopper gives at checkout (email, address, card), as text, and
//! the one place it is parsed into a `CheckoutRequest`.
//!
//! The checkout page (`routes::checkout`) and the JSON API (`api::checkout`) both fill one of
//! these from what they received, a form or a JSON body, and call `parse`; so the rules
//! (which fields are required, how long they may be, which cards are accepted) are the same
//! for both, and both report the same messages for the same fields.

use crate::domain::{Card, CardExpiry, CardNumber, Cvc, Email, FormErrors, RequiredText};
use crate::services::checkout::{CheckoutRequest, ShippingAddress, today};

/// The checkout's fields, as received. No `Debug`: it holds card details, which must never
/// reach a log.
#[derive(Default, Clone)]
pub struct CheckoutDetails {
    /// Required; becomes an `Email`.
    pub email: String,
    /// Required: the name on the parcel.
    pub name: String,
    /// Required: the street address.
    pub address_line1: String,
    /// Optional: apartment, suite, floor.
    pub address_line2: String,
    /// Required.
    pub city: String,
    /// Required.
    pub postal_code: String,
    /// Required.
    pub country: String,
    /// The card number, spaces and dashes allowed; checked with the Luhn checksum.
    pub card_number: String,
    /// `MM/YY`, a month that has not passed.
    pub card_expiry: String,
    /// Three or four digits.
    pub card_cvc: String,
}

impl CheckoutDetails {
    /// Parses every field, collecting all the errors at once (field name → message). The
    /// cart is the one `services::cart::find_cart` finds for `session_cart_id` and
    /// `user_id`; `checkout_token` makes a repeated submit find the first order.
    pub fn parse(
        &self,
        session_cart_id: Option<i32>,
        user_id: Option<i32>,
        checkout_token: String,
    ) -> Result<CheckoutRequest, FormErrors> {
        let mut errors = FormErrors::new();
        let email = errors.check("email", Email::parse(&self.email));
        let address = self.parse_address(&mut errors);
        let card = self.parse_card(&mut errors);
        match (email, address, card) {
            (Some(email), Some(address), Some(card)) if errors.is_empty() => Ok(CheckoutRequest {
                session_cart_id,
                user_id,
                email,
                address,
                card,
                checkout_token,
            }),
            _ => Err(errors),
        }
    }

    fn parse_address(&self, errors: &mut FormErrors) -> Option<ShippingAddress> {
        let required = |text: &str, what: &str, max| {
            RequiredText::parse(text, what, max).map(RequiredText::into_inner)
        };
        let name = errors.check("name", required(&self.name, "your name", 100));
        let line1 = errors.check(
            "address_line1",
            required(&self.address_line1, "your street and number", 200),
        );
        let city = errors.check("city", required(&self.city, "your city", 100));
        let postal_code = errors.check(
            "postal_code",
            required(&self.postal_code, "your postal code", 16),
        );
        let country = errors.check("country", required(&self.country, "your country", 60));
        if self.address_line2.chars().count() > 200 {
            errors.add("address_line2", "Use at most 200 characters.");
        }
        Some(ShippingAddress {
            name: name?,
            line1: line1?,
            line2: self.address_line2.trim().to_string(),
            city: city?,
            postal_code: postal_code?,
            country: country?,
        })
    }

    fn parse_card(&self, errors: &mut FormErrors) -> Option<Card> {
        let number = errors.check("card_number", CardNumber::parse(&self.card_number));
        let expiry = errors.check("card_expiry", CardExpiry::parse(&self.card_expiry, today()));
        let cvc = errors.check("card_cvc", Cvc::parse(&self.card_cvc));
        Some(Card {
            number: number?,
            expiry: expiry?,
            cvc: cvc?,
        })
    }
}
