//! `NewPassword`: a password a visitor chose, checked against our length rules.
//!
//! bcrypt reads at most 72 bytes and silently ignores the rest, so longer passwords are
//! refused with a message instead of being cut short without the user knowing.

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The most bytes bcrypt can use.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// A password that satisfies the length rules; never logged, never shown again.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks a chosen password.
    pub fn parse(input: &str) -> Result<NewPassword, String> {
        if input.chars().count() < MIN_PASSWORD_CHARS {
            return Err(format!("Use at least {MIN_PASSWORD_CHARS} characters."));
        }
        if input.len() > MAX_PASSWORD_BYTES {
            return Err(format!(
                "Use at most {MAX_PASSWORD_BYTES} bytes (about {MAX_PASSWORD_BYTES} letters)."
            ));
        }
        Ok(NewPassword(input.to_string()))
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    // A derived Debug would print the password into any log line that prints the form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_characters_are_enough() {
        assert!(NewPassword::parse("abcdefgh").is_ok());
    }

    #[test]
    fn seven_characters_are_too_few() {
        assert!(NewPassword::parse("abcdefg").is_err());
    }

    #[test]
    fn more_than_72_bytes_are_refused_not_truncated() {
        assert!(NewPassword::parse(&"a".repeat(72)).is_ok());
        assert!(NewPassword::parse(&"a".repeat(73)).is_err());
        // 25 three-byte characters: 25 characters but 75 bytes.
        assert!(NewPassword::parse(&"€".repeat(25)).is_err());
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = NewPassword::parse("secret-words").expect("valid");
        assert!(!format!("{password:?}").contains("secret"));
    }
}
