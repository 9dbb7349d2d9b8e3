//! `ProductDetails`: the rules for a product's own fields (name, slug, description, price and
//! stock), written once and used by both ways an admin changes the catalog: the product form
//! (`routes::admin::products`) and the CSV import (`services::product_import`).
//!
//! Each problem is recorded in a `FormErrors` under the field's name (`name`, `slug`,
//! `description`, `price`, `stock`), which are also the CSV's column names.
//!
//! Whether the slug is free and the category exists takes the database: `services::catalog`
//! checks those when it saves.

use crate::domain::{FormErrors, Money, RequiredText, Slug};

/// The most units an admin may put in stock at once.
pub const MAX_STOCK: i32 = 1_000_000;
/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// The longest name, in characters.
const MAX_NAME_CHARS: usize = 120;

/// A product's fields as typed (in the form or a CSV row).
#[derive(Debug, Clone, Copy)]
pub struct ProductText<'a> {
    /// Required, at most 120 characters.
    pub name: &'a str,
    /// A slug, or empty to make one from the name.
    pub slug: &'a str,
    /// Free text, at most `MAX_DESCRIPTION_CHARS` characters; may be empty.
    pub description: &'a str,
    /// A price as people write it, such as `12.50` (see `Money::parse`).
    pub price: &'a str,
    /// A whole number from 0 to `MAX_STOCK`.
    pub stock: &'a str,
}

/// A product's own fields, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDetails {
    /// Trimmed and not empty.
    pub name: String,
    /// As typed, or made from the name. Not yet checked to be free: that takes the
    /// database (`services::catalog::save_product`).
    pub slug: Slug,
    /// Trimmed; may be empty.
    pub description: String,
    /// Not negative.
    pub price: Money,
    /// From 0 to `MAX_STOCK`.
    pub stock: i32,
}

impl ProductDetails {
    /// Parses every field, recording each problem in `errors`; `None` if any failed. An
    /// empty slug is made from the name.
    pub fn parse(text: ProductText<'_>, errors: &mut FormErrors) -> Option<ProductDetails> {
        let name = errors.check(
            "name",
            RequiredText::parse(text.name, "a name", MAX_NAME_CHARS),
        );
        let slug = match text.slug.trim() {
            "" => errors.check("slug", Slug::from_name(text.name)),
            typed => errors.check("slug", Slug::parse(typed)),
        };
        let price = errors.check("price", Money::parse(text.price));
        let stock = errors.check("stock", parse_stock(text.stock));
        if text.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.add(
                "description",
                format!("Use at most {MAX_DESCRIPTION_CHARS} characters."),
            );
            return None;
        }
        Some(ProductDetails {
            name: name?.into_inner(),
            slug: slug?,
            description: text.description.trim().to_string(),
            price: price?,
            stock: stock?,
        })
    }
}

/// A stock level: a whole number from 0 to `MAX_STOCK`.
pub fn parse_stock(input: &str) -> Result<i32, String> {
    match input.trim().parse::<i32>() {
        Ok(n) if (0..=MAX_STOCK).contains(&n) => Ok(n),
        _ => Err(format!("Enter a whole number from 0 to {MAX_STOCK}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(name: &'a str, slug: &'a str, price: &'a str, stock: &'a str) -> ProductText<'a> {
        ProductText {
            name,
            slug,
            description: " Heavy. ",
            price,
            stock,
        }
    }

    #[test]
    fn good_fields_parse_and_an_empty_slug_comes_from_the_name() {
        let mut errors = FormErrors::new();

        let details = ProductDetails::parse(text("Copper Pan", "", "49.90", "7"), &mut errors)
            .expect("parses");

        assert!(errors.is_empty());
        assert_eq!(details.slug.as_str(), "copper-pan");
        assert_eq!(details.price.cents(), 4990);
        assert_eq!(details.description, "Heavy.");
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let mut errors = FormErrors::new();

        let details = ProductDetails::parse(text("", "Bad Slug", "abc", "-2"), &mut errors);

        assert!(details.is_none());
        for field in ["name", "slug", "price", "stock"] {
            assert!(errors.get(field).is_some(), "{field} should have a message");
        }
    }

    #[test]
    fn stock_is_a_whole_number_within_bounds() {
        assert_eq!(parse_stock(" 12 "), Ok(12));
        assert!(parse_stock("-1").is_err());
        assert!(parse_stock("1.5").is_err());
        assert!(parse_stock("1000001").is_err());
    }
}
