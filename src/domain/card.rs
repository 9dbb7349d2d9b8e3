//! A payment card as typed into the checkout form: number, expiry and CVC.
//!
//! These types check the card's shape only (the Luhn checksum, a month that has not passed,
//! three or four digits). Whether the bank accepts it is the payment gateway's answer.
//! A card number is never stored or logged: only its brand and last four digits are kept.
//!
//! Parsed by `services::checkout_details`; charged by a `services::payments` gateway.

use chrono::{Datelike, NaiveDate};

/// A card number with a valid length and Luhn checksum, spaces and dashes removed.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber(String);

impl CardNumber {
    /// Parses the card number field.
    pub fn parse(input: &str) -> Result<CardNumber, String> {
        let digits: String = input.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if digits.is_empty() {
            return Err("Enter your card number.".into());
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) || !(12..=19).contains(&digits.len()) {
            return Err("A card number has 12 to 19 digits.".into());
        }
        if !passes_luhn(&digits) {
            return Err("This card number is not valid; check for a typo.".into());
        }
        Ok(CardNumber(digits))
    }

    /// The digits, for the payment gateway only.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The last four digits, which the order keeps to help the shopper recognise the card.
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    /// The card network, guessed from the first digits.
    pub fn brand(&self) -> &'static str {
        let prefix2: u32 = self.0[..2].parse().unwrap_or(0);
        let prefix4: u32 = self.0[..4].parse().unwrap_or(0);
        match prefix2 {
            _ if self.0.starts_with('4') => "Visa",
            51..=55 => "Mastercard",
            _ if (2221..=2720).contains(&prefix4) => "Mastercard",
            34 | 37 => "American Express",
            _ => "Card",
        }
    }
}

impl std::fmt::Debug for CardNumber {
    // Never print the full number, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardNumber(**** {})", self.last4())
    }
}

/// The Luhn checksum: double every second digit from the right and the sum ends in 0.
/// It catches most single typos before we bother the bank.
fn passes_luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The month and year a card expires, typed as MM/YY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardExpiry {
    /// 1 to 12.
    pub month: u32,
    /// The full year, such as 2029.
    pub year: i32,
}

impl CardExpiry {
    /// Parses "MM/YY" and refuses cards whose last valid month is before `today`'s.
    pub fn parse(input: &str, today: NaiveDate) -> Result<CardExpiry, String> {
        let message = || "Enter the expiry date as MM/YY, for example 08/29.".to_string();
        let (month, year) = input.trim().split_once('/').ok_or_else(message)?;
        let (month, year) = (month.trim(), year.trim());
        if month.len() != 2 || year.len() != 2 {
            return Err(message());
        }
        let month: u32 = month.parse().map_err(|_| message())?;
        let year: i32 = year.parse::<i32>().map_err(|_| message())? + 2000;
        if !(1..=12).contains(&month) {
            return Err(message());
        }
        if (year, month) < (today.year(), today.month()) {
            return Err("This card has expired.".into());
        }
        Ok(CardExpiry { month, year })
    }
}

/// The three or four digit security code on the card.
#[derive(Clone, PartialEq, Eq)]
pub struct Cvc(String);

impl Cvc {
    /// Parses the CVC field.
    pub fn parse(input: &str) -> Result<Cvc, String> {
        let input = input.trim();
        if (3..=4).contains(&input.len()) && input.chars().all(|c| c.is_ascii_digit()) {
            Ok(Cvc(input.to_string()))
        } else {
            Err("Enter the 3 or 4 digit security code.".into())
        }
    }
}

impl std::fmt::Debug for Cvc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cvc(***)")
    }
}

/// A whole card, ready to be charged.
#[derive(Debug, Clone)]
pub struct Card {
    /// The long number on the front.
    pub number: CardNumber,
    /// The last month the card is valid.
    pub expiry: CardExpiry,
    /// The security code on the back.
    pub cvc: Cvc,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn the_test_cards_pass_luhn_and_keep_their_last_four() {
        let card = CardNumber::parse("4242 4242 4242 4242").expect("valid");
        assert_eq!(card.last4(), "4242");
        assert_eq!(card.brand(), "Visa");
        assert!(CardNumber::parse("4000-0000-0000-0002").is_ok());
        assert_eq!(
            CardNumber::parse("5555555555554444").map(|c| c.brand()),
            Ok("Mastercard")
        );
    }

    #[test]
    fn a_typo_fails_the_checksum() {
        assert!(CardNumber::parse("4242 4242 4242 4241").is_err());
    }

    #[test]
    fn letters_and_wrong_lengths_are_refused() {
        for input in ["", "4242", "4242abcd42424242", "42424242424242424242"] {
            assert!(
                CardNumber::parse(input).is_err(),
                "{input:?} should be refused"
            );
        }
    }

    #[test]
    fn debug_output_hides_the_card_number() {
        let card = CardNumber::parse("4242424242424242").expect("valid");
        assert_eq!(format!("{card:?}"), "CardNumber(**** 4242)");
    }

    #[test]
    fn an_expiry_this_month_is_still_valid() {
        let today = day(2026, 11, 22);
        assert_eq!(
            CardExpiry::parse("11/26", today),
            Ok(CardExpiry {
                month: 11,
                year: 2026
            })
        );
        assert!(CardExpiry::parse("10/26", today).is_err());
        assert!(CardExpiry::parse("01/30", today).is_ok());
    }

    #[test]
    fn malformed_expiries_are_refused() {
        let today = day(2026, 11, 22);
        for input in ["", "1/30", "13/30", "00/30", "12-30", "12/2030", "ab/cd"] {
            assert!(
                CardExpiry::parse(input, today).is_err(),
                "{input:?} should be refused"
            );
        }
    }

    #[test]
    fn a_cvc_has_three_or_four_digits() {
        assert!(Cvc::parse("123").is_ok());
        assert!(Cvc::parse("1234").is_ok());
        for input in ["12", "12345", "12a", ""] {
            assert!(Cvc::parse(input).is_err(), "{input:?} should be refused");
        }
    }
}
