//! `login_sessions`: one row per logged-in browser, so that a login can be ended on the server.
//!
//! The session cookie is signed and encrypted, but a cookie alone cannot be taken back: a copy
//! stays valid until it expires. So the cookie also carries a random token, and this table
//! holds the token's SHA-256. Each request looks the row up (`auth::check_login`); deleting it
//! logs that browser out for good. The rules for when a login expires are in
//! `services::logins`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::models::User;
use crate::schema::{login_sessions, users};

/// One row of `login_sessions`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = login_sessions)]
pub struct LoginSession {
    /// The primary key.
    pub id: i32,
    /// Who logged in.
    pub user_id: i32,
    /// The SHA-256 of the cookie's token (`token_hash`); the token itself is never stored.
    pub token_hash: String,
    /// When the login began, UTC; no login outlives `services::logins::ABSOLUTE_TIMEOUT`.
    pub created_at: NaiveDateTime,
    /// The browser's last request, UTC, written at most once a minute; the idle timeouts
    /// count from it.
    pub last_seen_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = login_sessions)]
struct NewLoginSession<'a> {
    user_id: i32,
    token_hash: &'a str,
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
}

/// The SHA-256 of a token, in hex: what the table stores instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl LoginSession {
    /// Records a new login for `user_id`, identified by `token` (which only the cookie keeps).
    pub fn create(
        conn: &mut DbConn,
        user_id: i32,
        token: &str,
        now: NaiveDateTime,
    ) -> QueryResult<LoginSession> {
        diesel::insert_into(login_sessions::table)
            .values(NewLoginSession {
                user_id,
                token_hash: &token_hash(token),
                created_at: now,
                last_seen_at: now,
            })
            .returning(login_sessions::all_columns)
            .get_result(conn)
    }

    /// The login with this token, with its user; `None` once it was ended.
    pub fn find_with_user(
        conn: &mut DbConn,
        token: &str,
    ) -> QueryResult<Option<(LoginSession, User)>> {
        login_sessions::table
            .inner_join(users::table)
            .filter(login_sessions::token_hash.eq(token_hash(token)))
            .select((LoginSession::as_select(), User::as_select()))
            .first(conn)
            .optional()
    }

    /// Notes that the browser was active at `now` (the idle timeout counts from here).
    pub fn touch(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(login_sessions::table.find(id))
            .set(login_sessions::last_seen_at.eq(now))
            .execute(conn)
            .map(|_| ())
    }

    /// Ends one login (logout, or an expired one).
    pub fn delete(conn: &mut DbConn, id: i32) -> QueryResult<()> {
        diesel::delete(login_sessions::table.find(id))
            .execute(conn)
            .map(|_| ())
    }

    /// Ends the login with this token, if it is still open (logout).
    pub fn delete_by_token(conn: &mut DbConn, token: &str) -> QueryResult<()> {
        diesel::delete(
            login_sessions::table.filter(login_sessions::token_hash.eq(token_hash(token))),
        )
        .execute(conn)
        .map(|_| ())
    }

    /// Ends every login of a user (password change, account disabled); returns how many.
    pub fn delete_all_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<usize> {
        diesel::delete(login_sessions::table.filter(login_sessions::user_id.eq(user_id)))
            .execute(conn)
    }

    /// A user's open logins, oldest first.
    pub fn for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<LoginSession>> {
        login_sessions::table
            .filter(login_sessions::user_id.eq(user_id))
            .order(login_sessions::id.asc())
            .select(LoginSession::as_select())
            .load(conn)
    }
}
