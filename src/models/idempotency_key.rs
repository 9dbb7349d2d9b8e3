//! `idempotency_keys`: the answers of the API's checkout, kept by the key the client sent, so
//! that a retry gets the first answer again instead of placing a second order.
//!
//! A key is first *claimed* (a row with no status yet), then *finished* with the answer. The
//! `UNIQUE (user_id, key)` constraint is what makes the claim safe: of two requests racing
//! with the same key, only one insert succeeds. The rules around it (what a retry, a clash
//! or a request still running gets) are in `services::api_checkout`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{DbConn, is_unique_violation};
use crate::schema::idempotency_keys;

/// One row of `idempotency_keys`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyKey {
    /// The primary key; a claim is finished or released by it.
    pub id: i32,
    /// The customer who sent the key; keys are unique per customer, not across customers.
    pub user_id: i32,
    /// The `Idempotency-Key` header as the client sent it.
    pub key: String,
    /// A fingerprint of the request that claimed the key.
    pub request_hash: String,
    /// The answer's HTTP status; `None` while the first request is still running.
    pub status_code: Option<i32>,
    /// The answer's JSON body, once there is one.
    pub response_body: Option<String>,
    /// When the key was claimed, UTC, or last taken over from an abandoned claim (`take_over`).
    pub created_at: NaiveDateTime,
}

/// What `claim` found.
#[derive(Debug, Clone)]
pub enum Claim {
    /// The key was free and is now ours (this row id); go ahead, then `finish` it.
    New(i32),
    /// Another request claimed the key first; here is its row.
    Taken(IdempotencyKey),
}

impl IdempotencyKey {
    /// Claims `key` for `user_id`, or returns the row of whoever claimed it first.
    ///
    /// Not inside a transaction: the insert commits at once, so a second request with the
    /// same key sees the claim straight away (and waits for the first insert's lock, then
    /// fails on the unique constraint, if both insert at the same moment).
    pub fn claim(
        conn: &mut DbConn,
        user_id: i32,
        key: &str,
        request_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Claim> {
        let inserted = diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::user_id.eq(user_id),
                idempotency_keys::key.eq(key),
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::created_at.eq(now),
            ))
            .returning(idempotency_keys::id)
            .get_result(conn);
        match inserted {
            Ok(id) => Ok(Claim::New(id)),
            Err(error) if is_unique_violation(&error) => {
                Ok(Claim::Taken(IdempotencyKey::find(conn, user_id, key)?))
            }
            Err(error) => Err(error),
        }
    }

    /// The row of `user_id`'s `key`.
    pub fn find(conn: &mut DbConn, user_id: i32, key: &str) -> QueryResult<IdempotencyKey> {
        idempotency_keys::table
            .filter(idempotency_keys::user_id.eq(user_id))
            .filter(idempotency_keys::key.eq(key))
            .select(IdempotencyKey::as_select())
            .first(conn)
    }

    /// Takes over the abandoned claim `row` (one with no answer, claimed at
    /// `row.created_at`) by claiming it again at `now`; true for the one request whose
    /// conditional update changed the row. Two retries racing for one abandoned claim
    /// cannot both win, and a claim someone renewed meanwhile is left alone.
    pub fn take_over(
        conn: &mut DbConn,
        row: &IdempotencyKey,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            idempotency_keys::table
                .find(row.id)
                .filter(idempotency_keys::status_code.is_null())
                .filter(idempotency_keys::created_at.eq(row.created_at)),
        )
        .set(idempotency_keys::created_at.eq(now))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// Stores the answer of the request that claimed row `id`.
    pub fn finish(conn: &mut DbConn, id: i32, status_code: i32, body: &str) -> QueryResult<usize> {
        diesel::update(idempotency_keys::table.find(id))
            .set((
                idempotency_keys::status_code.eq(status_code),
                idempotency_keys::response_body.eq(body),
            ))
            .execute(conn)
    }

    /// Gives a claimed key back (the request failed on our side before it changed anything
    /// a retry could repeat), so that a retry runs afresh.
    pub fn release(conn: &mut DbConn, id: i32) -> QueryResult<usize> {
        diesel::delete(
            idempotency_keys::table
                .find(id)
                .filter(idempotency_keys::status_code.is_null()),
        )
        .execute(conn)
    }

    /// Deletes keys claimed before `cutoff` (the `prune-idempotency-keys` job). A retry
    /// with a forgotten key still makes no second order: its checkout token finds the first.
    pub fn delete_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff)))
            .execute(conn)
    }
}
