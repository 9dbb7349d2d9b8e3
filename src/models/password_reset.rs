//! `password_resets`: the "forgot my password" links that were sent.
//!
//! The link carries a random token; the table holds only its SHA-256 (the same `token_hash`
//! as `login_sessions`), so reading the database does not give anyone a working link. The
//! rules (who gets a link, what using one does) are in `services::password_resets`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::models::token_hash;
use crate::schema::password_resets;

/// One row of `password_resets`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = password_resets)]
pub struct PasswordReset {
    /// The primary key.
    pub id: i32,
    /// Whose password the link resets.
    pub user_id: i32,
    /// The SHA-256 of the link's token (`models::token_hash`); the token is never stored.
    pub token_hash: String,
    /// When the link was sent, UTC.
    pub created_at: NaiveDateTime,
    /// After this (UTC) the link no longer works.
    pub expires_at: NaiveDateTime,
    /// Set when the link was used, or when a newer reset made it worthless.
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = password_resets)]
struct NewPasswordReset<'a> {
    user_id: i32,
    token_hash: &'a str,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
}

impl PasswordReset {
    /// Records a reset link for `user_id`, identified by `token` (which only the mail keeps).
    pub fn create(
        conn: &mut DbConn,
        user_id: i32,
        token: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(password_resets::table)
            .values(NewPasswordReset {
                user_id,
                token_hash: &token_hash(token),
                created_at: now,
                expires_at,
            })
            .execute(conn)
            .map(|_| ())
    }

    /// The reset with this token if it can still be used at `now`.
    pub fn find_usable(
        conn: &mut DbConn,
        token: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<PasswordReset>> {
        password_resets::table
            .filter(password_resets::token_hash.eq(token_hash(token)))
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now))
            .select(PasswordReset::as_select())
            .first(conn)
            .optional()
    }

    /// Uses the token: one conditional update that only succeeds while the token is unused
    /// and unexpired. Two clicks racing both run it, but only one changes the row, and only
    /// that one gets the user id back.
    pub fn use_token(
        conn: &mut DbConn,
        token: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<i32>> {
        let Some(reset) = PasswordReset::find_usable(conn, token, now)? else {
            return Ok(None);
        };
        let changed = diesel::update(
            password_resets::table
                .find(reset.id)
                .filter(password_resets::used_at.is_null())
                .filter(password_resets::expires_at.gt(now)),
        )
        .set(password_resets::used_at.eq(Some(now)))
        .execute(conn)?;
        Ok((changed == 1).then_some(reset.user_id))
    }

    /// Makes every unused link of a user worthless (after one of them was used).
    pub fn use_up_all_for_user(
        conn: &mut DbConn,
        user_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            password_resets::table
                .filter(password_resets::user_id.eq(user_id))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(Some(now)))
        .execute(conn)
    }

    /// Moves a token's expiry (tests use it to make a link expire without waiting).
    pub fn set_expires_at(conn: &mut DbConn, token: &str, at: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            password_resets::table.filter(password_resets::token_hash.eq(token_hash(token))),
        )
        .set(password_resets::expires_at.eq(at))
        .execute(conn)
    }
}
