//! `NewPassword`: a password a visitor chose, checked against our rules.
//!
//! bcrypt reads at most 72 bytes and silently ignores the rest, so longer passwords are
//! refused with a message instead of being cut short without the user knowing. The most
//! common passwords are refused too: they are the first ones an attacker tries, and no
//! rate limit protects an account whose password is "password1".
//!
//! Parsed by the sign-up and password-reset pages (`routes::users`, `routes::passwords`) and
//! `cartwheel create-admin` (`cli`); hashing and checking a password is `auth::Passwords`.

/// The common passwords, one per line, lower case; compiled into the binary.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

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
        if is_common(input) {
            return Err("That password is one of the most common ones. Choose another.".into());
        }
        Ok(NewPassword(input.to_string()))
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// True when `password` is on the shipped list, ignoring case ("Password1" is no better).
fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|common| common == lowered)
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
    fn the_most_common_passwords_are_refused_in_any_case() {
        for common in [
            "password1",
            "Password1",
            "12345678",
            "qwertyuiop",
            "iloveyou",
        ] {
            assert!(
                NewPassword::parse(common).is_err(),
                "{common} should be refused"
            );
        }
        assert!(NewPassword::parse("tulip-ladder-41").is_ok());
    }

    #[test]
    fn the_list_holds_only_lower_case_entries_that_pass_the_length_rule() {
        let entries: Vec<&str> = COMMON_PASSWORDS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .collect();
        assert!(entries.len() > 600);
        for entry in entries {
            assert_eq!(entry, entry.to_lowercase());
            assert!(entry.chars().count() >= MIN_PASSWORD_CHARS, "{entry}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = NewPassword::parse("secret-words").expect("valid");
        assert!(!format!("{password:?}").contains("secret"));
    }
}
