//! "Forgot my password": sending a one-time link, and using it.
//!
//! The promises (tested in `tests/web/password_reset.rs`):
//! - the answer to a request is the same whether or not the email has an account;
//! - the link holds 32 random bytes; the database holds only their SHA-256;
//! - the link is built from `CARTWHEEL_BASE_URL` only, never from the request's `Host`;
//! - it works for `LINK_LIFETIME`, once; using it makes the user's other links worthless and
//!   ends every login of the account (the one an attacker may hold included).
//!
//! Called by `routes::passwords`; the rows are `models::PasswordReset`, the mail is queued
//! through `services::mail_messages`, and ending the account's logins is `services::logins`.

use chrono::{Duration, NaiveDateTime};

use crate::db::{DbConn, write_transaction};
use crate::error::AppResult;
use crate::models::{PasswordReset, User};
use crate::services::{logins, mail, mail_messages};
use crate::tokens::random_url_token;

/// How long a reset link works.
pub const LINK_LIFETIME: Duration = Duration::minutes(15);

/// The link in the mail: `{base_url}/password/reset/{token}`.
pub fn reset_link(base_url: &str, token: &str) -> String {
    format!("{}/password/reset/{token}", base_url.trim_end_matches('/'))
}

/// Queues a reset link for `email` if it belongs to an account that is not disabled, and
/// does nothing otherwise. The caller answers the same either way.
pub fn request(
    conn: &mut DbConn,
    email: &str,
    base_url: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(user) = User::find_by_email(conn, email)? else {
        return Ok(());
    };
    if user.is_disabled() {
        return Ok(());
    }
    let token = random_url_token();
    let message = mail_messages::password_reset(
        &user,
        &reset_link(base_url, &token),
        LINK_LIFETIME.num_minutes(),
    )?;
    write_transaction(conn, |conn| {
        PasswordReset::create(conn, user.id, &token, now, now + LINK_LIFETIME)?;
        mail::queue(conn, &message, now)
    })
}

/// True while the link can still be used (not unknown, expired or used).
pub fn is_usable(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<bool> {
    Ok(PasswordReset::find_usable(conn, token, now)?.is_some())
}

/// Uses the link to set `new_hash` as the password; false when the link was no longer
/// usable (then nothing changed). In one transaction: the token is used with a conditional
/// update (two clicks cannot both pass), the user's other links are used up, the password is
/// set and every login of the account ends.
pub fn complete(
    conn: &mut DbConn,
    token: &str,
    new_hash: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    write_transaction(conn, |conn| {
        let Some(user_id) = PasswordReset::use_token(conn, token, now)? else {
            return Ok(false);
        };
        PasswordReset::use_up_all_for_user(conn, user_id, now)?;
        logins::reset_password(conn, user_id, new_hash)?;
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_built_from_the_base_url_alone() {
        assert_eq!(
            reset_link("https://shop.example/", "abc"),
            "https://shop.example/password/reset/abc"
        );
        assert_eq!(
            reset_link("http://127.0.0.1:8080", "abc"),
            "http://127.0.0.1:8080/password/reset/abc"
        );
    }
}
