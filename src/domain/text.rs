//! `RequiredText`: a line of text that must not be empty, with a length limit.
//!
//! The one rule for names, titles and address lines: trimmed, not empty, at most so many
//! characters; the caller passes the limit and the words for the message. Used by
//! `ProductDetails`, the checkout's address (`services::checkout_details`), token names and
//! the sign-up and category forms.

/// Trimmed, non-empty text of at most a given number of characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredText(String);

impl RequiredText {
    /// Parses a required field; `what` names it in the message ("Enter your city.").
    pub fn parse(input: &str, what: &str, max_chars: usize) -> Result<RequiredText, String> {
        let text = input.trim();
        if text.is_empty() {
            return Err(format!("Enter {what}."));
        }
        if text.chars().count() > max_chars {
            return Err(format!("Use at most {max_chars} characters."));
        }
        Ok(RequiredText(text.to_string()))
    }

    /// The text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed() {
        assert_eq!(
            RequiredText::parse("  Paris ", "your city", 10).map(RequiredText::into_inner),
            Ok("Paris".into())
        );
    }

    #[test]
    fn empty_or_long_text_is_refused() {
        assert_eq!(
            RequiredText::parse("   ", "your city", 10),
            Err("Enter your city.".into())
        );
        assert!(RequiredText::parse("abcdefghijk", "x", 10).is_err());
    }
}
