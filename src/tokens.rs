//! Unguessable random tokens: the CSRF token in the session, login tokens, the checkout
//! form's one-time token, the sandbox gateway's payment references, password-reset links and
//! API tokens.
//!
//! Only making them lives here. Storing a token's SHA-256 instead of the token is
//! `models::token_hash`; checking one is its owner's work (`session` for CSRF,
//! `services::logins`, `services::password_resets`, `services::api_tokens`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// 32 random bytes from `rand::rng()` (a cryptographically secure generator seeded by the
/// operating system), written as 64 hex characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// 32 random bytes written in base64url without padding (43 characters from `A-Z a-z 0-9 - _`),
/// shorter than hex and safe to put in a URL's path as it is.
pub fn random_url_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_tokens_are_43_url_safe_characters_and_differ() {
        let token = random_url_token();
        assert_eq!(token.len(), 43);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_ne!(token, random_url_token());
    }
}
