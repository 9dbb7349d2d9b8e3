//! `Email`: an email address, trimmed and lower-cased so that one address is one account.
//!
//! Only the shape is checked here (something before one `@`, a dotted domain after it, no
//! spaces, at most 254 characters); whether mail arrives is learnt by sending some
//! (`services::mail`). Parsed by the sign-up and password-reset pages (`routes::users`,
//! `routes::passwords`), the checkout (`services::checkout_details`) and `cli`; stored as
//! text by `models::User` and `models::Order`.

/// The longest address we accept (the limit of the SMTP standard).
pub const MAX_EMAIL_LENGTH: usize = 254;

/// A plausible email address. We check the shape only; whether mail arrives is only known by
/// sending some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses what a visitor typed.
    pub fn parse(input: &str) -> Result<Email, String> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.".into());
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("Enter an email address like name@example.com.".into());
        };
        let shape_ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !shape_ok {
            return Err("Enter an email address like name@example.com.".into());
        }
        if email.len() > MAX_EMAIL_LENGTH {
            return Err(format!(
                "An email address has at most {MAX_EMAIL_LENGTH} characters."
            ));
        }
        Ok(Email(email))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_address_is_trimmed_and_lower_cased() {
        let email = Email::parse("  Ada@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "ada@example.com");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for input in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@c.de",
            "a@b@c.de",
            "a@.com",
        ] {
            assert!(Email::parse(input).is_err(), "{input:?} should be refused");
        }
    }

    #[test]
    fn an_overlong_address_is_refused() {
        let input = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&input).is_err());
    }
}
