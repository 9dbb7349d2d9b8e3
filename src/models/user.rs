//! `users`: customers and admins. Passwords are stored only as bcrypt hashes (see `auth`).
//!
//! Only the queries live here. Logging in and out is `services::logins` (with
//! `login_sessions`), resets are `services::password_resets`, and an account is disabled by
//! the admin's customer page (`routes::admin::customers`) through `services::logins`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::domain::OrderStatus;
use crate::schema::{orders, users};

/// One row of `users`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    /// The primary key; the session holds it after login.
    pub id: i32,
    /// The login name, lower-cased (`domain::Email`) and unique.
    pub email: String,
    /// What the shop calls the user ("Hello, Ann").
    pub name: String,
    /// The bcrypt hash of the password (see `auth`); never the password itself.
    pub password_hash: String,
    /// May use `/admin`.
    pub is_admin: bool,
    /// When the account was made, UTC.
    pub created_at: NaiveDateTime,
    /// Set when an admin disabled the account: it cannot log in until enabled again.
    pub disabled_at: Option<NaiveDateTime>,
}

/// A user about to be created; the email is already lower-cased by `domain::Email`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser {
    /// Must be free: a taken email fails with a unique violation.
    pub email: String,
    /// See `User::name`.
    pub name: String,
    /// A bcrypt hash made by `auth`, never a plain password.
    pub password_hash: String,
    /// True for an admin (`cartwheel create-admin`); sign-ups always make customers.
    pub is_admin: bool,
}

/// A line of the admin's customer list.
#[derive(Debug, Clone, Queryable)]
pub struct CustomerRow {
    /// The user's id, for the enable/disable buttons.
    pub id: i32,
    /// See `User::email`.
    pub email: String,
    /// See `User::name`.
    pub name: String,
    /// See `User::is_admin`.
    pub is_admin: bool,
    /// See `User::created_at`.
    pub created_at: NaiveDateTime,
    /// See `User::disabled_at`.
    pub disabled_at: Option<NaiveDateTime>,
    /// Their orders that count as sales (paid, shipped or delivered).
    pub order_count: i64,
}

impl User {
    /// The user with this id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// Every admin account that is not disabled (they get the low-stock alerts).
    pub fn active_admins(conn: &mut DbConn) -> QueryResult<Vec<User>> {
        users::table
            .filter(users::is_admin.eq(true))
            .filter(users::disabled_at.is_null())
            .order(users::id.asc())
            .select(User::as_select())
            .load(conn)
    }

    /// The user with this email, if any.
    pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(email))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Adds a user; a taken email fails with a unique violation.
    pub fn create(conn: &mut DbConn, new: &NewUser) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values(new)
            .returning(users::all_columns)
            .get_result(conn)
    }

    /// Sets a new password hash and admin flag (used by `create-admin` on an existing email).
    pub fn make_admin(conn: &mut DbConn, id: i32, password_hash: &str) -> QueryResult<User> {
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(password_hash),
                users::is_admin.eq(true),
            ))
            .returning(users::all_columns)
            .get_result(conn)
    }

    /// Replaces the password hash (a password change, or a rehash at a higher cost).
    pub fn set_password_hash(conn: &mut DbConn, id: i32, password_hash: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(password_hash))
            .execute(conn)
            .map(|_| ())
    }

    /// Disables the account (`Some(time)`) or enables it again (`None`).
    pub fn set_disabled_at(
        conn: &mut DbConn,
        id: i32,
        disabled_at: Option<NaiveDateTime>,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::disabled_at.eq(disabled_at))
            .execute(conn)
            .map(|_| ())
    }

    /// True when an admin has disabled this account.
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }

    /// Every user with their number of orders, newest first, for the admin. Only sales count
    /// (paid, shipped, delivered): a declined attempt is not an order the customer has.
    pub fn customers_with_order_counts(conn: &mut DbConn) -> QueryResult<Vec<CustomerRow>> {
        let sale_statuses: Vec<&str> = OrderStatus::ALL
            .into_iter()
            .filter(|status| status.is_sale())
            .map(OrderStatus::as_str)
            .collect();
        users::table
            .left_join(
                orders::table.on(orders::user_id
                    .eq(users::id.nullable())
                    .and(orders::status.eq_any(sale_statuses))),
            )
            .group_by(users::id)
            .order(users::created_at.desc())
            .select((
                users::id,
                users::email,
                users::name,
                users::is_admin,
                users::created_at,
                users::disabled_at,
                diesel::dsl::count(orders::id.nullable()),
            ))
            .load(conn)
    }
}
