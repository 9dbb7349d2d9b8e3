//! Unguessable random tokens: the CSRF token in the session, the checkout form's one-time
//! token, and the sandbox gateway's payment references.

use rand::RngCore;

/// 32 random bytes from the operating system's generator, written as 64 hex characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
