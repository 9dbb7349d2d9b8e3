//! `DbConn`, the connection type every model function takes, in a file of its own for one
//! reason: Diesel's `MultiConnection` derive writes a module of helper types beside the enum
//! (`MultiBackend`, `MultiRow` …). Here, in a private module, they stay out of the crate's
//! public API; `db.rs` re-exports only `DbConn`. Opening connections, the pool and `run` are
//! in `db.rs`; transactions in `db/transactions.rs`.

use diesel::prelude::*;

/// The connection every model function takes: SQLite or PostgreSQL, chosen by
/// `DATABASE_URL`. Diesel's `MultiConnection` derive makes one query serve both, as long as
/// it uses what both databases understand; the few places where they differ (transactions,
/// locks, migrations) are all in `db.rs` and `db/transactions.rs`.
#[cfg(feature = "postgres")]
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// A SQLite file, the embedded default.
    Sqlite(SqliteConnection),
    /// A PostgreSQL server, for many instances behind a load balancer.
    Postgres(PgConnection),
}

/// The connection every model function takes. This build has SQLite only; build with
/// `--features postgres` for PostgreSQL.
#[cfg(not(feature = "postgres"))]
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// A SQLite file, the embedded default.
    Sqlite(SqliteConnection),
}
