//! Throttling: how many failed logins, registrations and password-reset requests a subject
//! (an account or a client address) may make in a time window.
//!
//! The rule is a sliding window with no hard lockout: once a subject has made `LIMIT` attempts
//! in the last `WINDOW`, further attempts are refused with 429 until the oldest of them is
//! `WINDOW` old. An attacker guessing passwords is slowed to a crawl, while the real owner of
//! an attacked account is never locked out for longer than the window. The attempts live in
//! the database (`models::ThrottleEvent`), so all instances of the shop share the count.

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::models::ThrottleEvent;

/// Attempts allowed per subject within `WINDOW`; the next one is refused.
pub const LIMIT: usize = 10;
/// The length of the sliding window.
pub const WINDOW: Duration = Duration::minutes(15);

/// What is being limited; each action counts separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A login with a wrong password (successful logins are not counted).
    FailedLogin,
    /// A sign-up form submitted.
    Registration,
    /// A "forgot my password" form submitted.
    PasswordReset,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::FailedLogin => "failed_login",
            Action::Registration => "registration",
            Action::PasswordReset => "password_reset",
        }
    }
}

/// Who made an attempt: the account tried, and the address it came from.
pub fn account_subject(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The client address as a throttle subject (see `client_address` for how it is found).
pub fn address_subject(address: IpAddr) -> String {
    format!("address:{address}")
}

/// The subjects a failed login counts against: the account tried and the client's address.
pub fn login_subjects(email: &str, address: IpAddr) -> Vec<String> {
    vec![account_subject(email), address_subject(address)]
}

/// When a subject with these attempt times (oldest first, all within the window) may try
/// again, or `None` if it may try now.
pub fn retry_at(attempts: &[NaiveDateTime]) -> Option<NaiveDateTime> {
    // With LIMIT or more attempts in the window, another is allowed once enough of the oldest
    // have left it that fewer than LIMIT remain.
    let must_leave = attempts.len().checked_sub(LIMIT)?;
    let last_to_leave = attempts.get(must_leave)?;
    Some(*last_to_leave + WINDOW)
}

/// Refuses with 429 when any of `subjects` has used up its attempts of `action`.
pub fn check(
    conn: &mut DbConn,
    action: Action,
    subjects: &[String],
    now: NaiveDateTime,
) -> AppResult<()> {
    let since = now - WINDOW;
    for subject in subjects {
        let attempts = ThrottleEvent::times_since(conn, action.as_str(), subject, since)?;
        if let Some(until) = retry_at(&attempts) {
            return Err(AppError::TooManyRequests {
                retry_after_seconds: (until - now).num_seconds().max(1),
            });
        }
    }
    Ok(())
}

/// Counts one attempt of `action` against each of `subjects`, and forgets attempts that no
/// window counts any more, so the table stays small.
pub fn record(
    conn: &mut DbConn,
    action: Action,
    subjects: &[String],
    now: NaiveDateTime,
) -> AppResult<()> {
    for subject in subjects {
        ThrottleEvent::record(conn, action.as_str(), subject, now)?;
    }
    ThrottleEvent::delete_older_than(conn, now - WINDOW)?;
    Ok(())
}

/// Forgets a subject's attempts (a successful login clears the account's failures).
pub fn clear(conn: &mut DbConn, action: Action, subject: &str) -> AppResult<()> {
    Ok(ThrottleEvent::clear(conn, action.as_str(), subject)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes_ago(now: NaiveDateTime, minutes: &[i64]) -> Vec<NaiveDateTime> {
        minutes
            .iter()
            .map(|minutes| now - Duration::minutes(*minutes))
            .collect()
    }

    #[test]
    fn fewer_attempts_than_the_limit_may_try_again_at_once() {
        let now = crate::models::now();
        let nine: Vec<i64> = (1..=9).rev().collect();

        assert_eq!(retry_at(&minutes_ago(now, &nine)), None);
        assert_eq!(retry_at(&[]), None);
    }

    #[test]
    fn at_the_limit_the_next_try_waits_for_the_oldest_attempt_to_leave_the_window() {
        let now = crate::models::now();
        let ten: Vec<i64> = (1..=10).rev().collect();

        let until = retry_at(&minutes_ago(now, &ten)).expect("throttled");

        // The oldest attempt was 10 minutes ago; it leaves the 15-minute window in 5.
        assert_eq!(until, now + Duration::minutes(5));
    }

    #[test]
    fn beyond_the_limit_only_the_last_limit_attempts_count() {
        let now = crate::models::now();
        let twelve: Vec<i64> = (1..=12).rev().collect();

        let until = retry_at(&minutes_ago(now, &twelve)).expect("throttled");

        // Attempts 12 and 11 minutes ago may leave first; 10 must too before another fits.
        assert_eq!(until, now + Duration::minutes(5));
    }

    #[test]
    fn subjects_are_normalised() {
        assert_eq!(
            account_subject(" Ann@Example.com "),
            "account:ann@example.com"
        );
        let address: IpAddr = "203.0.113.7".parse().expect("address");
        assert_eq!(address_subject(address), "address:203.0.113.7");
    }
}
