//! Property tests: the form parsers and the cart arithmetic, fed thousands of generated
//! inputs each run. A parser must never panic, whatever arrives in a form, and whatever it
//! accepts must obey its rules; totals must add up without overflow for any cart the shop
//! allows.

use cartwheel::domain::quantity::MAX_QUANTITY;
use cartwheel::domain::{
    CardExpiry, CardNumber, CartQuantity, Cvc, Email, MAX_PRICE_CENTS, Money, NewPassword,
    Quantity, RequiredText, Slug,
};
use cartwheel::services::cart::merged_quantity;
use chrono::NaiveDate;
use proptest::prelude::*;

/// The Luhn check digit that makes `payload` a valid card number.
fn luhn_check_digit(payload: &[u32]) -> u32 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &digit)| {
            if i % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

proptest! {
    #[test]
    fn no_parser_panics_on_any_input(input in any::<String>()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let _ = Money::parse(&input);
        let _ = Quantity::parse(&input);
        let _ = CartQuantity::parse(&input);
        let _ = CardNumber::parse(&input);
        let _ = CardExpiry::parse(&input, today);
        let _ = Cvc::parse(&input);
        let _ = Email::parse(&input);
        let _ = Slug::parse(&input);
        let _ = RequiredText::parse(&input, "a name", 100);
        let _ = NewPassword::parse(&input);
    }

    #[test]
    fn a_price_reads_back_as_it_was_written(cents in 0..=MAX_PRICE_CENTS) {
        let money = Money::from_cents(cents);

        prop_assert_eq!(Money::parse(&money.to_plain()), Ok(money));
        prop_assert_eq!(Money::parse(&money.to_string()), Ok(money));
    }

    #[test]
    fn an_accepted_price_is_never_negative_or_above_the_maximum(input in "[0-9€., -]{0,16}") {
        if let Ok(money) = Money::parse(&input) {
            prop_assert!((0..=MAX_PRICE_CENTS).contains(&money.cents()));
        }
    }

    #[test]
    fn quantities_are_accepted_exactly_from_1_to_99(n in prop_oneof![any::<i64>(), -5i64..120]) {
        let parsed = Quantity::parse(&n.to_string());

        prop_assert_eq!(parsed.is_ok(), (1..=99).contains(&n));
        if let Ok(quantity) = parsed {
            prop_assert_eq!(i64::from(quantity.get()), n);
        }
        let in_cart = CartQuantity::parse(&n.to_string());
        prop_assert_eq!(in_cart.is_ok(), (0..=99).contains(&n));
    }

    #[test]
    fn a_card_number_with_a_valid_check_digit_is_accepted_with_its_last_four(
        payload in prop::collection::vec(0u32..10, 11..=18),
    ) {
        let check = luhn_check_digit(&payload);
        let digits: String = payload
            .iter()
            .chain(std::iter::once(&check))
            .map(|d| char::from_digit(*d, 10).expect("digit"))
            .collect();

        let card = CardNumber::parse(&digits).expect("a valid number");
        prop_assert_eq!(card.last4(), &digits[digits.len() - 4..]);
        let wrong = (check + 1) % 10;
        let mut mistyped = digits.clone();
        mistyped.pop();
        mistyped.push(char::from_digit(wrong, 10).expect("digit"));
        prop_assert!(CardNumber::parse(&mistyped).is_err(), "one wrong digit is caught");
    }

    #[test]
    fn an_accepted_email_is_lower_case_with_one_at_sign(input in "[A-Za-z0-9.@+ -]{0,40}") {
        if let Ok(email) = Email::parse(&input) {
            prop_assert_eq!(email.as_str().matches('@').count(), 1);
            prop_assert_eq!(email.as_str().to_lowercase(), email.as_str());
        }
    }

    #[test]
    fn cart_totals_add_up_without_overflow(
        lines in prop::collection::vec((0..=MAX_PRICE_CENTS, 1..=MAX_QUANTITY), 0..500),
    ) {
        let total: Money = lines
            .iter()
            .map(|&(cents, quantity)| Money::from_cents(cents) * quantity)
            .sum();

        let exact: i128 = lines
            .iter()
            .map(|&(cents, quantity)| i128::from(cents) * i128::from(quantity))
            .sum();
        prop_assert_eq!(i128::from(total.cents()), exact);
        prop_assert!(total.cents() >= 0);
    }

    #[test]
    fn merging_carts_never_exceeds_the_stock_or_99(
        in_cart in 0..=MAX_QUANTITY,
        added in 0..=MAX_QUANTITY,
        stock in 0..10_000i32,
    ) {
        let merged = merged_quantity(in_cart, added, stock);

        prop_assert!(merged >= 0);
        prop_assert!(merged <= stock.min(MAX_QUANTITY));
        prop_assert_eq!(merged, (in_cart + added).min(stock).min(MAX_QUANTITY));
    }

    #[test]
    fn merging_saturates_instead_of_overflowing(
        in_cart in any::<i32>(),
        added in any::<i32>(),
        stock in any::<i32>(),
    ) {
        let merged = merged_quantity(in_cart, added, stock);

        prop_assert!((0..=MAX_QUANTITY).contains(&merged));
    }
}
