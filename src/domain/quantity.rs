//! `Quantity` (1 to 99, for adding to the cart) and `CartQuantity` (0 to 99, where 0 removes
//! a line when the cart is updated).
//!
//! Parsed from the cart's forms (`routes::cart`) and the API's JSON (`api::cart`); the rules
//! that need the database (no more than the stock) are in `services::cart`. The table's own
//! `CHECK` on `cart_items.quantity` holds the same 1 to 99.

/// The most units of one product a cart line may hold.
pub const MAX_QUANTITY: i32 = 99;

/// How many units to add to the cart: a whole number from 1 to `MAX_QUANTITY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(i32);

impl Quantity {
    /// Parses the quantity field of a form.
    pub fn parse(input: &str) -> Result<Quantity, String> {
        let number = input.trim().parse::<i64>().unwrap_or(-1);
        Quantity::from_number(number)
    }

    /// Checks a quantity that arrived as a number (the JSON API), with the form's message.
    pub fn from_number(number: i64) -> Result<Quantity, String> {
        match i32::try_from(number) {
            Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Ok(Quantity(n)),
            _ => Err(format!("Enter a whole number from 1 to {MAX_QUANTITY}.")),
        }
    }

    /// The number of units.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// A new quantity for a cart line: 0 removes the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartQuantity(i32);

impl CartQuantity {
    /// Zero units: the line is removed.
    pub const ZERO: CartQuantity = CartQuantity(0);

    /// Parses the quantity field of the cart page.
    pub fn parse(input: &str) -> Result<CartQuantity, String> {
        let number = input.trim().parse::<i64>().unwrap_or(-1);
        CartQuantity::from_number(number)
    }

    /// Checks a new quantity that arrived as a number (the JSON API), with the form's message.
    pub fn from_number(number: i64) -> Result<CartQuantity, String> {
        match i32::try_from(number) {
            Ok(n) if (0..=MAX_QUANTITY).contains(&n) => Ok(CartQuantity(n)),
            _ => Err(format!(
                "Enter a whole number from 0 to {MAX_QUANTITY} (0 removes it)."
            )),
        }
    }

    /// The number of units; 0 means remove.
    pub fn get(self) -> i32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_ninety_nine_are_accepted() {
        assert_eq!(Quantity::parse("1").map(Quantity::get), Ok(1));
        assert_eq!(Quantity::parse(" 99 ").map(Quantity::get), Ok(99));
    }

    #[test]
    fn zero_negative_too_many_and_text_are_refused() {
        for input in ["0", "-1", "100", "1.5", "two", "", "99999999999"] {
            assert!(
                Quantity::parse(input).is_err(),
                "{input:?} should be refused"
            );
        }
    }

    #[test]
    fn a_cart_quantity_of_zero_means_remove() {
        assert_eq!(CartQuantity::parse("0").map(CartQuantity::get), Ok(0));
        assert!(CartQuantity::parse("100").is_err());
        assert!(CartQuantity::parse("-2").is_err());
    }
}
