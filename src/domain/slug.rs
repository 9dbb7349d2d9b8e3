//! `Slug`: the readable part of a URL, as in `/products/walnut-cutting-board`.
//!
//! Only the shape lives here: lower-case letters, digits and single hyphens, or one made from a
//! name (`from_name`). Whether a slug is free takes the database: `services::catalog` turns a
//! unique violation into a message. Used by `ProductDetails` and the category form.

/// The longest slug we accept.
pub const MAX_SLUG_LENGTH: usize = 80;

/// Lower-case letters, digits and single hyphens, not starting or ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    /// Parses a slug an admin typed.
    pub fn parse(input: &str) -> Result<Slug, String> {
        let slug = input.trim();
        let well_formed = !slug.is_empty()
            && slug.len() <= MAX_SLUG_LENGTH
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--");
        if well_formed {
            Ok(Slug(slug.to_string()))
        } else {
            Err(format!(
                "Use lower-case letters, digits and single hyphens (at most {MAX_SLUG_LENGTH})."
            ))
        }
    }

    /// Makes a slug from a name: "Walnut Cutting Board!" → "walnut-cutting-board".
    pub fn from_name(name: &str) -> Result<Slug, String> {
        let mut slug = String::new();
        for c in name.trim().to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug: String = slug
            .trim_end_matches('-')
            .chars()
            .take(MAX_SLUG_LENGTH)
            .collect();
        Slug::parse(slug.trim_end_matches('-'))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_becomes_a_slug() {
        assert_eq!(
            Slug::from_name("Walnut Cutting Board!").map(|s| s.0),
            Ok("walnut-cutting-board".into())
        );
        assert_eq!(
            Slug::from_name("  Coffee & Tea ").map(|s| s.0),
            Ok("coffee-tea".into())
        );
    }

    #[test]
    fn a_name_without_letters_gives_no_slug() {
        assert!(Slug::from_name("!!!").is_err());
    }

    #[test]
    fn bad_slugs_are_refused() {
        for input in [
            "",
            "Upper",
            "with space",
            "-lead",
            "trail-",
            "double--hyphen",
            "ümlaut",
        ] {
            assert!(Slug::parse(input).is_err(), "{input:?} should be refused");
        }
    }
}
