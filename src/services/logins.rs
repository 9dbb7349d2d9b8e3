//! Logins that the server can end: starting one, checking it on each request, ending it.
//!
//! A login is a row in `login_sessions` plus a random token in the session cookie (see
//! `models::LoginSession` for why). `auth::check_login` calls `resume` on every request of a
//! logged-in browser; a login that was ended, has been idle too long or is simply too old is
//! refused there, and the browser continues as a visitor.

use chrono::{Duration, NaiveDateTime};

use crate::db::{DbConn, lock_key, write_transaction};
use crate::error::{AppError, AppResult};
use crate::models::{LoginSession, NewUser, User};
use crate::services::cart::merge_at_login;
use crate::services::throttle::{self, Action, CountedAttempt};
use crate::services::{mail, mail_messages};
use crate::tokens::random_token;

/// How long an admin may be idle before having to log in again.
pub const ADMIN_IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// No login lasts longer than this, however active.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often, so that browsing does not write on every
/// page; the idle timeout is therefore exact to within this much.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// The timeouts of a shop (customers' idle timeout is configurable).
#[derive(Debug, Clone, Copy)]
pub struct LoginPolicy {
    /// How long a customer may be idle before having to log in again.
    pub customer_idle_timeout: Duration,
}

/// What `assess` decided about a login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginState {
    /// Still good; `touch` says whether to record the activity now.
    Active {
        /// True when `last_seen_at` is old enough to be written again.
        touch: bool,
    },
    /// Over: idle too long, too old, or the account was disabled.
    Ended,
}

impl LoginPolicy {
    /// The idle timeout that applies to this user.
    pub fn idle_timeout(&self, user: &User) -> Duration {
        if user.is_admin {
            ADMIN_IDLE_TIMEOUT
        } else {
            self.customer_idle_timeout
        }
    }

    /// Decides whether a login is still good at `now`. A plain function, so the rules can be
    /// tested without a clock or a database.
    pub fn assess(&self, login: &LoginSession, user: &User, now: NaiveDateTime) -> LoginState {
        let idle_for = now - login.last_seen_at;
        let age = now - login.created_at;
        if user.is_disabled() || idle_for > self.idle_timeout(user) || age > ABSOLUTE_TIMEOUT {
            LoginState::Ended
        } else {
            LoginState::Active {
                touch: idle_for >= TOUCH_INTERVAL,
            }
        }
    }
}

/// Makes logins, password changes and disabling of one account take turns (on PostgreSQL;
/// SQLite's write lock already does), so that a login checked against the old password
/// cannot slip its session in after a password change ended all of them.
fn lock_user(conn: &mut DbConn, user_id: i32) -> AppResult<()> {
    Ok(lock_key(conn, &format!("user:{user_id}"))?)
}

/// Starts a login for `user_id` and returns the token for the session cookie.
pub fn start(conn: &mut DbConn, user_id: i32, now: NaiveDateTime) -> AppResult<String> {
    let token = random_token();
    LoginSession::create(conn, user_id, &token, now)?;
    Ok(token)
}

/// The user of the login with this token, if it is still good; an expired login is deleted.
pub fn resume(
    conn: &mut DbConn,
    token: &str,
    policy: &LoginPolicy,
    now: NaiveDateTime,
) -> AppResult<Option<User>> {
    let Some((login, user)) = LoginSession::find_with_user(conn, token)? else {
        return Ok(None);
    };
    match policy.assess(&login, &user, now) {
        LoginState::Active { touch } => {
            if touch {
                LoginSession::touch(conn, login.id, now)?;
            }
            Ok(Some(user))
        }
        LoginState::Ended => {
            LoginSession::delete(conn, login.id)?;
            Ok(None)
        }
    }
}

/// Ends the login with this token (logout). Ending one that is already gone is fine.
pub fn end(conn: &mut DbConn, token: &str) -> AppResult<()> {
    Ok(LoginSession::delete_by_token(conn, token)?)
}

/// A login whose password was right, ready to be written.
pub struct PasswordAccepted {
    /// Who logged in.
    pub user_id: i32,
    /// The hash the password was checked against.
    pub checked_hash: String,
    /// A hash at today's cost, when the stored one is cheaper.
    pub new_hash: Option<String>,
    /// The browser's cart before login, to merge into the user's.
    pub anonymous_cart: Option<i32>,
    /// The attempt counted before the check, taken back now.
    pub attempt: CountedAttempt,
}

/// What a finished login gives the session.
pub struct Started {
    /// The cart the browser uses from now on.
    pub cart_id: Option<i32>,
    /// The login's token for the cookie.
    pub token: String,
}

/// Creates an account and logs it in, all in one transaction: the user, their welcome mail
/// (links built from `base_url`), the browser's anonymous cart made theirs, and the login.
/// An email already taken fails with the database's unique violation, and nothing is
/// written.
pub fn sign_up(
    conn: &mut DbConn,
    new_user: &NewUser,
    anonymous_cart: Option<i32>,
    base_url: &str,
    now: NaiveDateTime,
) -> AppResult<(User, Started)> {
    write_transaction(conn, |conn| {
        let user = User::create(conn, new_user)?;
        mail::queue(conn, &mail_messages::welcome(&user, base_url)?, now)?;
        let cart_id = merge_at_login(conn, anonymous_cart, user.id)?;
        let token = start(conn, user.id, now)?;
        Ok((user, Started { cart_id, token }))
    })
}

/// Writes a login whose password was right, all in one transaction: takes back the counted
/// attempt and the account's earlier failures, upgrades the hash, merges the carts and starts
/// the login. If the password was changed since it was checked (another browser changed it
/// meanwhile), the old password no longer counts and nothing is written.
pub fn complete(
    conn: &mut DbConn,
    login: PasswordAccepted,
    now: NaiveDateTime,
) -> AppResult<Started> {
    write_transaction(conn, |conn| {
        // Queued behind a password change in progress, so its new hash is what we compare.
        lock_user(conn, login.user_id)?;
        let user = User::find(conn, login.user_id)?;
        if user.password_hash != login.checked_hash {
            return Err(AppError::Refused(PASSWORD_CHANGED.into()));
        }
        throttle::forgive(conn, &login.attempt)?;
        throttle::clear(
            conn,
            Action::FailedLogin,
            &throttle::account_subject(&user.email),
        )?;
        if let Some(hash) = &login.new_hash {
            User::set_password_hash(conn, user.id, hash)?;
        }
        let cart_id = merge_at_login(conn, login.anonymous_cart, user.id)?;
        let token = start(conn, user.id, now)?;
        Ok(Started { cart_id, token })
    })
}

/// Why `complete` refused.
const PASSWORD_CHANGED: &str = "That email and password do not match an account.";

/// Sets a new password and, in the same transaction, ends every login of the user and
/// starts a new one for the browser that asked: the thief's copy of the old session stops
/// working, the user stays logged in. Returns the new login's token.
pub fn change_password(
    conn: &mut DbConn,
    user_id: i32,
    new_hash: &str,
    attempt: &CountedAttempt,
    now: NaiveDateTime,
) -> AppResult<String> {
    write_transaction(conn, |conn| {
        lock_user(conn, user_id)?;
        User::set_password_hash(conn, user_id, new_hash)?;
        throttle::forgive(conn, attempt)?;
        LoginSession::delete_all_for_user(conn, user_id)?;
        start(conn, user_id, now)
    })
}

/// Sets a new password through a reset link and ends every login of the user, in one
/// transaction. Unlike `change_password` no new login is started: whoever used the link logs
/// in with the new password next (see `routes::passwords::reset`).
pub fn reset_password(conn: &mut DbConn, user_id: i32, new_hash: &str) -> AppResult<()> {
    write_transaction(conn, |conn| {
        lock_user(conn, user_id)?;
        User::set_password_hash(conn, user_id, new_hash)?;
        LoginSession::delete_all_for_user(conn, user_id)?;
        Ok(())
    })
}

/// Disables an account or enables it again; disabling ends all of its logins at once.
pub fn set_disabled(
    conn: &mut DbConn,
    user_id: i32,
    disabled: bool,
    now: NaiveDateTime,
) -> AppResult<()> {
    write_transaction(conn, |conn| {
        lock_user(conn, user_id)?;
        User::find(conn, user_id)?;
        User::set_disabled_at(conn, user_id, disabled.then_some(now))?;
        if disabled {
            LoginSession::delete_all_for_user(conn, user_id)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(is_admin: bool) -> User {
        User {
            id: 1,
            email: "ann@example.com".into(),
            name: "Ann".into(),
            password_hash: String::new(),
            is_admin,
            created_at: crate::models::now(),
            disabled_at: None,
        }
    }

    fn login(created_minutes_ago: i64, seen_minutes_ago: i64, now: NaiveDateTime) -> LoginSession {
        LoginSession {
            id: 1,
            user_id: 1,
            token_hash: String::new(),
            created_at: now - Duration::minutes(created_minutes_ago),
            last_seen_at: now - Duration::minutes(seen_minutes_ago),
        }
    }

    const POLICY: LoginPolicy = LoginPolicy {
        customer_idle_timeout: Duration::minutes(120),
    };

    #[test]
    fn an_admin_idle_for_more_than_30_minutes_is_logged_out_a_customer_is_not() {
        let now = crate::models::now();
        let idle_31 = login(40, 31, now);

        assert_eq!(POLICY.assess(&idle_31, &user(true), now), LoginState::Ended);
        assert!(matches!(
            POLICY.assess(&idle_31, &user(false), now),
            LoginState::Active { .. }
        ));
    }

    #[test]
    fn a_customer_idle_past_the_configured_timeout_is_logged_out() {
        let now = crate::models::now();

        let state = POLICY.assess(&login(200, 121, now), &user(false), now);

        assert_eq!(state, LoginState::Ended);
    }

    #[test]
    fn no_login_outlives_twelve_hours_however_active() {
        let now = crate::models::now();
        let busy_but_old = login(12 * 60 + 1, 0, now);

        assert_eq!(
            POLICY.assess(&busy_but_old, &user(false), now),
            LoginState::Ended
        );
    }

    #[test]
    fn a_disabled_account_is_logged_out() {
        let now = crate::models::now();
        let mut disabled = user(false);
        disabled.disabled_at = Some(now);

        assert_eq!(
            POLICY.assess(&login(1, 0, now), &disabled, now),
            LoginState::Ended
        );
    }

    #[test]
    fn activity_is_written_at_most_once_a_minute() {
        let now = crate::models::now();

        assert_eq!(
            POLICY.assess(&login(5, 0, now), &user(false), now),
            LoginState::Active { touch: false }
        );
        assert_eq!(
            POLICY.assess(&login(5, 2, now), &user(false), now),
            LoginState::Active { touch: true }
        );
    }
}
