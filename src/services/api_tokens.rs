//! Personal API tokens: making one, checking one on each API request, and revoking one.
//!
//! The promises (tested in `tests/web/api/tokens.rs`):
//! - a token is `cw_` and 32 random bytes from a generator seeded by the operating system
//!   (base64url); the prefix lets people and secret scanners recognise a leaked one;
//! - it is shown once, when made; the database holds only its SHA-256, as for login and
//!   password-reset tokens (`models::token_hash`);
//! - a revoked token, or one of a disabled account, authenticates nobody;
//! - wrong tokens are throttled per client address like failed logins (`services::throttle`);
//!   a right one never counts, so someone guessing from the same address cannot lock the
//!   owner out.
//!
//! Called by `api::auth::BearerUser` (checking) and the account page's token forms
//! (`routes::api_tokens`); the rows are `models::ApiToken`.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};

use crate::db::DbConn;
use crate::domain::RequiredText;
use crate::error::AppResult;
use crate::models::{ApiToken, User};
use crate::services::throttle::{self, Action};
use crate::tokens::random_url_token;

/// What every token starts with.
pub const TOKEN_PREFIX: &str = "cw_";
/// The longest name a token may have.
pub const MAX_NAME_CHARS: usize = 60;
/// A token's last-used time is written at most this often.
pub const LAST_USED_PRECISION: Duration = Duration::minutes(1);

/// Parses the name a customer gives a token.
pub fn parse_name(input: &str) -> Result<String, String> {
    RequiredText::parse(input, "a name for the token", MAX_NAME_CHARS).map(RequiredText::into_inner)
}

/// Makes a token for `user_id` and returns its row and the token itself, which the caller
/// shows once and then forgets.
pub fn create(
    conn: &mut DbConn,
    user_id: i32,
    name: &str,
    now: NaiveDateTime,
) -> AppResult<(ApiToken, String)> {
    let token = format!("{TOKEN_PREFIX}{}", random_url_token());
    let row = ApiToken::create(conn, user_id, name, &token, now)?;
    Ok((row, token))
}

/// The user a bearer token belongs to, or `None` when it is unknown, revoked or the account
/// is disabled. A wrong token counts as a failed attempt of `address`; past the limit the
/// answer is `AppError::TooManyRequests` instead. The token's last use is recorded, to the
/// minute.
pub fn authenticate(
    conn: &mut DbConn,
    token: &str,
    address: IpAddr,
    now: NaiveDateTime,
) -> AppResult<Option<User>> {
    // Only well-formed tokens are looked up; anything else cannot match a stored hash.
    let found = match token.starts_with(TOKEN_PREFIX) {
        true => ApiToken::find_usable(conn, token)?,
        false => None,
    };
    match found {
        Some((row, user)) if !user.is_disabled() => {
            ApiToken::touch(conn, row.id, now, now - LAST_USED_PRECISION)?;
            Ok(Some(user))
        }
        _ => {
            let subjects = vec![throttle::address_subject(address)];
            throttle::count_attempt(conn, Action::FailedApiToken, &subjects, now)?;
            Ok(None)
        }
    }
}

/// Revokes the user's token `id`; false when it is not theirs or already revoked.
pub fn revoke(conn: &mut DbConn, user_id: i32, id: i32, now: NaiveDateTime) -> AppResult<bool> {
    Ok(ApiToken::revoke(conn, id, user_id, now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_name_is_required_and_short() {
        assert_eq!(parse_name("  My phone "), Ok("My phone".to_string()));
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }
}
