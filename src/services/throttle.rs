//! Throttling: how many failed logins, registrations, password-reset requests and wrong API
//! tokens a subject (an account or a client address) may make in a time window.
//!
//! The rule is a sliding window with no hard lockout: once a subject has made `LIMIT` attempts
//! in the last `WINDOW`, further attempts are refused with 429 until the oldest of them is
//! `WINDOW` old. An attacker guessing passwords is slowed to a crawl, while the real owner of
//! an attacked account is never locked out for longer than the window. The attempts live in
//! the database (`models::ThrottleEvent`), so all instances of the shop share the count.
//!
//! Called by the login, sign-up and password-reset handlers and by `services::api_tokens`;
//! the subject's address comes from `client_address`.

use std::net::IpAddr;

use ipnet::Ipv6Net;

use chrono::{Duration, NaiveDateTime};

use crate::db::{DbConn, lock_key, write_transaction};
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
    /// An API request with a bearer token that matched no working token.
    FailedApiToken,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::FailedLogin => "failed_login",
            Action::Registration => "registration",
            Action::PasswordReset => "password_reset",
            Action::FailedApiToken => "failed_api_token",
        }
    }
}

/// Who made an attempt: the account tried, and the address it came from.
pub fn account_subject(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The client address as a throttle subject (see `client_address` for how it is found).
/// An IPv6 client usually has a whole /64 network to itself and could change addresses
/// within it at will, so IPv6 addresses count per /64.
pub fn address_subject(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => format!("address:{v4}"),
        IpAddr::V6(v6) => {
            let network = Ipv6Net::new(v6, 64).map_or(v6, |net| net.network());
            format!("address:{network}/64")
        }
    }
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

/// Attempts counted by `count_attempt`, which `forgive` can take back.
#[derive(Debug, Clone, Default)]
pub struct CountedAttempt {
    event_ids: Vec<i32>,
}

/// Counts one attempt of `action` against each of `subjects`, or refuses with 429 when any
/// of them has used up its attempts. The check and the count are one write transaction, and
/// a login counts its attempt *before* the password is checked: parallel guesses then queue
/// here, and the 11th is refused however many arrive at once. A login whose password turns
/// out right takes its attempt back with `forgive`.
pub fn count_attempt(
    conn: &mut DbConn,
    action: Action,
    subjects: &[String],
    now: NaiveDateTime,
) -> AppResult<CountedAttempt> {
    let mut locked: Vec<&String> = subjects.iter().collect();
    // Sorted, so that two attempts naming the same subjects lock them in the same order.
    locked.sort();
    write_transaction(conn, |conn| {
        for subject in &locked {
            lock_key(conn, &format!("throttle:{}:{subject}", action.as_str()))?;
        }
        let since = now - WINDOW;
        for subject in subjects {
            let attempts = ThrottleEvent::times_since(conn, action.as_str(), subject, since)?;
            if let Some(until) = retry_at(&attempts) {
                return Err(AppError::TooManyRequests {
                    retry_after_seconds: (until - now).num_seconds().max(1),
                });
            }
        }
        let mut event_ids = Vec::with_capacity(subjects.len());
        for subject in subjects {
            event_ids.push(ThrottleEvent::record(conn, action.as_str(), subject, now)?);
        }
        // Attempts no window counts any more are forgotten, so the table stays small.
        ThrottleEvent::delete_older_than(conn, since)?;
        Ok(CountedAttempt { event_ids })
    })
}

/// Takes back an attempt that turned out not to be a failure (the password was right).
pub fn forgive(conn: &mut DbConn, attempt: &CountedAttempt) -> AppResult<()> {
    ThrottleEvent::delete(conn, &attempt.event_ids)?;
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
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().expect("address");
        assert_eq!(address_subject(mapped), "address:203.0.113.7");
    }

    #[test]
    fn ipv6_clients_count_per_64_network() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("address");
        let same_network: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("address");
        let other_network: IpAddr = "2001:db8:1:3::1".parse().expect("address");

        assert_eq!(address_subject(one), "address:2001:db8:1:2::/64");
        assert_eq!(address_subject(one), address_subject(same_network));
        assert_ne!(address_subject(one), address_subject(other_network));
    }
}
