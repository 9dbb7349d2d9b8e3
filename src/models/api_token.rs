//! `api_tokens`: the personal tokens a customer makes on `/account` for programs that call
//! the JSON API (`/api/v1`) on their behalf.
//!
//! Like `login_sessions` and `password_resets`, the table holds only the token's SHA-256
//! (`token_hash`), never the token. A revoked token keeps its row (`revoked_at`), so the
//! history stays visible. How a request is authenticated with one is in
//! `services::api_tokens`; the extractor that calls it is `api::auth::BearerUser`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::models::{User, token_hash};
use crate::schema::{api_tokens, users};

/// One row of `api_tokens`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    /// The primary key; the account page revokes a token by it.
    pub id: i32,
    /// The customer the token acts for; deleting the user deletes their tokens.
    pub user_id: i32,
    /// What the customer called it ("My phone", "Stock script").
    pub name: String,
    /// The SHA-256 of the token, hex (see `models::token_hash`); unique. The token itself
    /// is never stored.
    pub token_hash: String,
    /// When it was made, UTC.
    pub created_at: NaiveDateTime,
    /// When a request last used it, to the minute (see `touch`).
    pub last_used_at: Option<NaiveDateTime>,
    /// When it was revoked; a revoked token authenticates nobody but keeps its row.
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = api_tokens)]
struct NewApiToken<'a> {
    user_id: i32,
    name: &'a str,
    token_hash: &'a str,
    created_at: NaiveDateTime,
}

impl ApiToken {
    /// Stores a new token for `user_id`; only `token`'s hash is written.
    pub fn create(
        conn: &mut DbConn,
        user_id: i32,
        name: &str,
        token: &str,
        now: NaiveDateTime,
    ) -> QueryResult<ApiToken> {
        diesel::insert_into(api_tokens::table)
            .values(NewApiToken {
                user_id,
                name,
                token_hash: &token_hash(token),
                created_at: now,
            })
            .returning(api_tokens::all_columns)
            .get_result(conn)
    }

    /// The user's tokens that still work, newest first.
    pub fn active_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<ApiToken>> {
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null())
            .order(api_tokens::id.desc())
            .select(ApiToken::as_select())
            .load(conn)
    }

    /// The token whose hash matches `token`, with its user, unless it was revoked.
    pub fn find_usable(conn: &mut DbConn, token: &str) -> QueryResult<Option<(ApiToken, User)>> {
        api_tokens::table
            .inner_join(users::table)
            .filter(api_tokens::token_hash.eq(token_hash(token)))
            .filter(api_tokens::revoked_at.is_null())
            .select((ApiToken::as_select(), User::as_select()))
            .first(conn)
            .optional()
    }

    /// Records a use at `now`, but only if the last recorded use is older than `since`: a
    /// script calling many times a second then writes once a minute, not on every request.
    pub fn touch(
        conn: &mut DbConn,
        id: i32,
        now: NaiveDateTime,
        since: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            api_tokens::table.find(id).filter(
                api_tokens::last_used_at
                    .is_null()
                    .or(api_tokens::last_used_at.lt(since)),
            ),
        )
        .set(api_tokens::last_used_at.eq(now))
        .execute(conn)
    }

    /// Revokes the user's token `id`; false when there is no such working token of theirs.
    pub fn revoke(
        conn: &mut DbConn,
        id: i32,
        user_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            api_tokens::table
                .find(id)
                .filter(api_tokens::user_id.eq(user_id))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(now))
        .execute(conn)?;
        Ok(changed == 1)
    }

    /// The token with this id, revoked or not (tests and support look at it).
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<ApiToken> {
        api_tokens::table
            .find(id)
            .select(ApiToken::as_select())
            .first(conn)
    }
}
