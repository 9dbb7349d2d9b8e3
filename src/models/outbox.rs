//! `outbox`: every email the shop means to send, and has sent.
//!
//! Requests only ever add rows here (`OutboxMessage::enqueue`); `services::mail::send_due`
//! sends them later and records how it went. Nothing here knows SMTP or templates: the
//! messages arrive already rendered (see `services::mail_messages`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::outbox;

/// One row of `outbox`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    /// The primary key; the sender claims and records a message by it.
    pub id: i32,
    /// The one recipient's address.
    pub to_address: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body, rendered when queued.
    pub text_body: String,
    /// The HTML body, rendered (and escaped) when queued.
    pub html_body: String,
    /// What the mail is about: `order_confirmation`, `shipping_notice`, `password_reset`,
    /// `welcome` or `low_stock`.
    pub kind: String,
    /// When it was queued, UTC.
    pub created_at: NaiveDateTime,
    /// Failed sending attempts so far.
    pub attempts: i32,
    /// Not sent before this time (after a failure: the backoff; while sending: the claim).
    pub next_attempt_at: NaiveDateTime,
    /// The mail server's answer to the last failed attempt.
    pub last_error: Option<String>,
    /// When the mail server accepted the message; `None` while it waits.
    pub sent_at: Option<NaiveDateTime>,
}

/// A rendered message, ready to be queued.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// See `OutboxMessage::to_address`.
    pub to_address: String,
    /// See `OutboxMessage::subject`.
    pub subject: String,
    /// See `OutboxMessage::text_body`.
    pub text_body: String,
    /// See `OutboxMessage::html_body`.
    pub html_body: String,
    /// See `OutboxMessage::kind`; one of the names there.
    pub kind: &'static str,
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct NewOutboxRow<'a> {
    to_address: &'a str,
    subject: &'a str,
    text_body: &'a str,
    html_body: &'a str,
    kind: &'a str,
    created_at: NaiveDateTime,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
}

impl OutboxMessage {
    /// Where the message stands, as the admin's outbox shows it: `sent`, `retrying` (it
    /// failed at least once) or `waiting`.
    pub fn state(&self) -> &'static str {
        match (self.sent_at, self.attempts) {
            (Some(_), _) => "sent",
            (None, 0) => "waiting",
            (None, _) => "retrying",
        }
    }

    /// Queues a message, due at once.
    pub fn enqueue(conn: &mut DbConn, message: &NewMessage, now: NaiveDateTime) -> QueryResult<()> {
        diesel::insert_into(outbox::table)
            .values(NewOutboxRow {
                to_address: &message.to_address,
                subject: &message.subject,
                text_body: &message.text_body,
                html_body: &message.html_body,
                kind: message.kind,
                created_at: now,
                attempts: 0,
                next_attempt_at: now,
            })
            .execute(conn)
            .map(|_| ())
    }

    /// Up to `limit` unsent messages due at `now`, oldest first.
    pub fn due(
        conn: &mut DbConn,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<OutboxMessage>> {
        outbox::table
            .filter(outbox::sent_at.is_null())
            .filter(outbox::next_attempt_at.le(now))
            .order(outbox::id.asc())
            .limit(limit)
            .select(OutboxMessage::as_select())
            .load(conn)
    }

    /// Claims a due message for one sender until `until`: a conditional update, so when two
    /// senders race for the same row only one of them changes it (and gets `true`).
    pub fn claim(
        conn: &mut DbConn,
        id: i32,
        now: NaiveDateTime,
        until: NaiveDateTime,
    ) -> QueryResult<bool> {
        let claimed = diesel::update(
            outbox::table
                .find(id)
                .filter(outbox::sent_at.is_null())
                .filter(outbox::next_attempt_at.le(now)),
        )
        .set(outbox::next_attempt_at.eq(until))
        .execute(conn)?;
        Ok(claimed == 1)
    }

    /// Records that the mail server accepted the message.
    pub fn mark_sent(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(outbox::table.find(id))
            .set(outbox::sent_at.eq(Some(now)))
            .execute(conn)
            .map(|_| ())
    }

    /// Records that the mail server accepted the message and replaces both bodies with
    /// `notice`: for a message whose body is a secret that must not outlive its delivery.
    pub fn mark_sent_and_forget_bodies(
        conn: &mut DbConn,
        id: i32,
        now: NaiveDateTime,
        notice: &str,
    ) -> QueryResult<()> {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::sent_at.eq(Some(now)),
                outbox::text_body.eq(notice),
                outbox::html_body.eq(notice),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Records a failed attempt and when to try again.
    pub fn mark_failed(
        conn: &mut DbConn,
        id: i32,
        error: &str,
        next_attempt_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(Some(error)),
                outbox::next_attempt_at.eq(next_attempt_at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// `limit` messages from `offset` on, newest first (the admin's outbox list).
    pub fn newest_first(
        conn: &mut DbConn,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<OutboxMessage>> {
        outbox::table
            .order(outbox::id.desc())
            .offset(offset)
            .limit(limit)
            .select(OutboxMessage::as_select())
            .load(conn)
    }

    /// The message with this id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<OutboxMessage> {
        outbox::table
            .find(id)
            .select(OutboxMessage::as_select())
            .first(conn)
    }

    /// Every message of one kind, oldest first (for tests and the development mailbox).
    pub fn of_kind(conn: &mut DbConn, kind: &str) -> QueryResult<Vec<OutboxMessage>> {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .order(outbox::id.asc())
            .select(OutboxMessage::as_select())
            .load(conn)
    }
}
