//! `throttle_events`: attempts that are limited per time window, such as failed logins.
//!
//! Each attempt is a row naming the action and a subject (`account:ann@example.com`,
//! `address:203.0.113.7`). Counting rows in the database, not in memory, means every instance
//! behind a load balancer sees the same count. The limits themselves are in
//! `services::throttle`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::throttle_events;

/// Records and counts limited attempts.
pub struct ThrottleEvent;

impl ThrottleEvent {
    /// Records one attempt of `action` by `subject` at `at`; returns its id.
    pub fn record(
        conn: &mut DbConn,
        action: &str,
        subject: &str,
        at: NaiveDateTime,
    ) -> QueryResult<i32> {
        diesel::insert_into(throttle_events::table)
            .values((
                throttle_events::action.eq(action),
                throttle_events::subject.eq(subject),
                throttle_events::occurred_at.eq(at),
            ))
            .returning(throttle_events::id)
            .get_result(conn)
    }

    /// Deletes the attempts with these ids.
    pub fn delete(conn: &mut DbConn, ids: &[i32]) -> QueryResult<usize> {
        diesel::delete(throttle_events::table.filter(throttle_events::id.eq_any(ids))).execute(conn)
    }

    /// The times of `subject`'s attempts of `action` since `since`, oldest first.
    pub fn times_since(
        conn: &mut DbConn,
        action: &str,
        subject: &str,
        since: NaiveDateTime,
    ) -> QueryResult<Vec<NaiveDateTime>> {
        throttle_events::table
            .filter(throttle_events::action.eq(action))
            .filter(throttle_events::subject.eq(subject))
            .filter(throttle_events::occurred_at.gt(since))
            .order(throttle_events::occurred_at.asc())
            .select(throttle_events::occurred_at)
            .load(conn)
    }

    /// Forgets `subject`'s attempts of `action` (a successful login clears its failures).
    pub fn clear(conn: &mut DbConn, action: &str, subject: &str) -> QueryResult<()> {
        diesel::delete(
            throttle_events::table
                .filter(throttle_events::action.eq(action))
                .filter(throttle_events::subject.eq(subject)),
        )
        .execute(conn)
        .map(|_| ())
    }

    /// Deletes attempts older than `before`, which no window counts any more.
    pub fn delete_older_than(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(throttle_events::table.filter(throttle_events::occurred_at.lt(before)))
            .execute(conn)
    }
}
