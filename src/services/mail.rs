//! Sending the outbox: `send_due` hands each due message to the mail server and records how
//! it went.
//!
//! Requests never send mail. They queue it (`queue`, usually inside the transaction of the
//! change the mail is about), which is quick and cannot fail because a mail server is slow or
//! down. The `mail` job calls `send_due` every so often. Without `CARTWHEEL_SMTP_URL` it does
//! nothing: the messages stay in the outbox, where a developer reads them at `/admin/outbox`.
//!
//! A failed message is never dropped: it is tried again later, each wait twice as long as the
//! one before (`retry_delay`), up to `MAX_RETRY_DELAY`, and the admin's outbox shows the
//! mail server's last answer.

use std::time::Duration as StdDuration;

use chrono::{Duration, NaiveDateTime};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::Config;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::models::{NewMessage, OutboxMessage};

/// At most this many messages are sent per call, so one run of the job stays short.
pub const BATCH_SIZE: i64 = 50;
/// The wait after the first failure; it doubles with every further failure.
pub const FIRST_RETRY_DELAY: Duration = Duration::minutes(1);
/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::hours(4);
/// How long a sender owns a message it is sending (see `send_one`).
const CLAIM_DURATION: Duration = Duration::minutes(10);
/// How long one conversation with the mail server may take before it counts as failed.
const SMTP_TIMEOUT: StdDuration = StdDuration::from_secs(20);

/// What a sent password-reset mail's bodies become (see `holds_a_secret`).
pub const FORGOTTEN_BODY: &str =
    "This message held a password reset link. It was removed once the mail was sent.";

/// Whether a kind of message carries a secret: a password-reset link lets whoever reads it
/// into the account, so once the mail server has it, the outbox forgets the body, and while
/// it waits for a real mail server the admin's outbox does not show it.
pub fn holds_a_secret(kind: &str) -> bool {
    kind == "password_reset"
}

/// Queues a rendered message, due at once.
pub fn queue(conn: &mut DbConn, message: &NewMessage, now: NaiveDateTime) -> AppResult<()> {
    Ok(OutboxMessage::enqueue(conn, message, now)?)
}

/// How long to wait after a message's `failures`-th failed attempt (1 → one minute,
/// 2 → two, 3 → four … never more than `MAX_RETRY_DELAY`).
pub fn retry_delay(failures: i32) -> Duration {
    let doublings = failures.saturating_sub(1).clamp(0, 20) as u32;
    let delay = FIRST_RETRY_DELAY * 2_i32.pow(doublings);
    delay.min(MAX_RETRY_DELAY)
}

/// Sends every due, unsent message (oldest first, at most `BATCH_SIZE`) through
/// `CARTWHEEL_SMTP_URL` and returns how many the mail server accepted. Without a mail server
/// configured it sends nothing and returns 0. A message that fails is kept for a later try.
pub fn send_due(conn: &mut DbConn, config: &Config, now: NaiveDateTime) -> AppResult<u64> {
    let Some(url) = &config.smtp_url else {
        return Ok(0);
    };
    let mailer = SmtpTransport::from_url(url)
        .map_err(|error| AppError::Internal(format!("CARTWHEEL_SMTP_URL: {error}")))?
        .timeout(Some(SMTP_TIMEOUT))
        .build();
    let from: Mailbox = config
        .mail_from
        .parse()
        .map_err(|error| AppError::Internal(format!("CARTWHEEL_MAIL_FROM: {error}")))?;
    // `now` is when the run started; a slow mail server can make a batch take minutes, so
    // each message is claimed and stamped with the time it is actually handled, and the
    // batch stops well before a claim taken at its start could run out.
    let started = std::time::Instant::now();
    let mut sent = 0;
    for message in OutboxMessage::due(conn, now, BATCH_SIZE)? {
        let elapsed = Duration::from_std(started.elapsed()).unwrap_or(CLAIM_DURATION);
        if elapsed > CLAIM_DURATION / 2 {
            break;
        }
        if send_one(conn, &mailer, &from, &message, now + elapsed)? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sends one message if no other sender has taken it; true when the server accepted it.
/// `now` is the time this message is handled (not when the batch began).
///
/// Before talking to the server, the message is claimed: a conditional update moves its
/// `next_attempt_at` `CLAIM_DURATION` ahead, and only the sender whose update changed the
/// row goes on. So two instances running the job at once never send the same message. If
/// the process dies after the server accepted the message but before `sent_at` was written,
/// the claim runs out and the message is sent again: at worst one duplicate, never a loss.
/// (Nothing can do better without the mail server's help: the acceptance and our write are
/// two systems.)
fn send_one(
    conn: &mut DbConn,
    mailer: &SmtpTransport,
    from: &Mailbox,
    message: &OutboxMessage,
    now: NaiveDateTime,
) -> AppResult<bool> {
    if !OutboxMessage::claim(conn, message.id, now, now + CLAIM_DURATION)? {
        return Ok(false);
    }
    match deliver(mailer, from, message) {
        Ok(()) if holds_a_secret(&message.kind) => {
            OutboxMessage::mark_sent_and_forget_bodies(conn, message.id, now, FORGOTTEN_BODY)?;
            Ok(true)
        }
        Ok(()) => {
            OutboxMessage::mark_sent(conn, message.id, now)?;
            Ok(true)
        }
        Err(error) => {
            let next = now + retry_delay(message.attempts + 1);
            tracing::warn!(id = message.id, %error, "mail not sent; will retry");
            OutboxMessage::mark_failed(conn, message.id, &error, next)?;
            Ok(false)
        }
    }
}

/// Builds the MIME message (text and HTML as alternatives) and hands it to the server.
fn deliver(mailer: &SmtpTransport, from: &Mailbox, message: &OutboxMessage) -> Result<(), String> {
    let to: Mailbox = message
        .to_address
        .parse()
        .map_err(|error| format!("bad recipient: {error}"))?;
    let email = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(message.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            message.text_body.clone(),
            message.html_body.clone(),
        ))
        .map_err(|error| format!("cannot build the message: {error}"))?;
    mailer
        .send(&email)
        .map(|_| ())
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_doubles_the_wait_up_to_four_hours() {
        assert_eq!(retry_delay(1), Duration::minutes(1));
        assert_eq!(retry_delay(2), Duration::minutes(2));
        assert_eq!(retry_delay(3), Duration::minutes(4));
        assert_eq!(retry_delay(8), Duration::minutes(128));
        assert_eq!(retry_delay(9), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(1000), MAX_RETRY_DELAY);
    }
}
