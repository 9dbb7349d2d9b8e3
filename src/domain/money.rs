//! `Money`: an amount in whole cents. Floats cannot hold 0.10 exactly, so money is never a
//! float here: the database stores cents as an integer and this type prints them.
//!
//! Every `*_cents` column becomes `Money` through `from_cents` (the models' `price()` and
//! `total()`); admin forms and the CSV import parse prices with `parse`. How the JSON API
//! writes amounts is `api::price`'s business, not this file's.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul};

/// The symbol printed before every amount; the shop has one currency.
pub const CURRENCY_SYMBOL: &str = "€";
/// The highest price an admin may set, in cents (one million).
pub const MAX_PRICE_CENTS: i64 = 100_000_000;

/// An amount of money in cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(i64);

impl Money {
    /// Wraps a number of cents, as stored in the database.
    pub fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// The number of cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Parses a price typed by an admin: "12", "12.5", "12.50" or "12,50".
    pub fn parse(input: &str) -> Result<Money, String> {
        let message = || "Enter a price like 12.50.".to_string();
        let text = input
            .trim()
            .trim_start_matches(CURRENCY_SYMBOL)
            .trim()
            .replace(',', ".");
        let (units, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty() || !digits_only(units) || !digits_only(fraction) || fraction.len() > 2 {
            return Err(message());
        }
        let units: i64 = units.parse().map_err(|_| message())?;
        let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| message())?;
        let cents = units.checked_mul(100).and_then(|c| c.checked_add(fraction));
        match cents {
            Some(cents) if cents <= MAX_PRICE_CENTS => Ok(Money(cents)),
            _ => Err(format!("A price is at most {}.", Money(MAX_PRICE_CENTS))),
        }
    }

    /// The amount without the currency symbol, as an admin types it back into a form.
    pub fn to_plain(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A whole number with its thousands separated, such as 10066 as "10,066" (product counts,
/// the sales chart's axis).
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::from(if n < 0 { "-" } else { "" });
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        write!(
            f,
            "{sign}{CURRENCY_SYMBOL}{}.{:02}",
            cents / 100,
            cents % 100
        )
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Mul<i32> for Money {
    type Output = Money;
    fn mul(self, quantity: i32) -> Money {
        Money(self.0 * i64::from(quantity))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        for (n, written) in [(0, "0"), (999, "999"), (1000, "1,000"), (10066, "10,066")] {
            assert_eq!(group_thousands(n), written);
        }
        assert_eq!(group_thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn money_prints_with_two_decimals() {
        assert_eq!(Money::from_cents(1234).to_string(), "€12.34");
        assert_eq!(Money::from_cents(5).to_string(), "€0.05");
        assert_eq!(Money::from_cents(-250).to_string(), "-€2.50");
    }

    #[test]
    fn typed_prices_become_cents() {
        for (input, cents) in [
            ("12", 1200),
            ("12.5", 1250),
            ("12.50", 1250),
            ("12,05", 1205),
            ("€3.99", 399),
            ("0", 0),
        ] {
            assert_eq!(
                Money::parse(input).map(Money::cents),
                Ok(cents),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn malformed_or_huge_prices_are_refused() {
        for input in [
            "",
            "abc",
            "-1",
            "1.234",
            "1.2.3",
            "12 50",
            "1000001",
            "99999999999999999999",
        ] {
            assert!(Money::parse(input).is_err(), "{input:?} should be refused");
        }
    }

    #[test]
    fn a_line_total_is_price_times_quantity() {
        let total: Money = [Money::from_cents(250) * 3, Money::from_cents(100) * 1]
            .into_iter()
            .sum();
        assert_eq!(total, Money::from_cents(850));
        assert_eq!(Money::from_cents(1205).to_plain(), "12.05");
    }
}
