//! The database connection pool, the embedded migrations, and `run`, the one way handlers
//! reach the database.
//!
//! Diesel is synchronous: a query blocks its thread until SQLite answers. actix-web runs many
//! requests on a few async threads, so a blocking call there would stall every other request.
//! `run` therefore moves the work onto tokio's pool of blocking threads with `web::block`.
//! That gives two layers of `Result` (did the thread finish? did the query succeed?): the
//! `?` after `.await` below unwraps the first, and the work's own result is returned as it
//! is.

use std::path::Path;
use std::time::Duration;

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::{AppError, AppResult};

/// The connection type every model function takes.
pub type DbConn = SqliteConnection;
/// A pool of ready connections shared by all workers.
pub type DbPool = Pool<ConnectionManager<DbConn>>;
/// A connection borrowed from the pool; it goes back when dropped.
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

/// The SQL migrations, compiled into the binary so a fresh machine needs no migration tool.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// How many SQLite connections the pool keeps; SQLite has one writer at a time anyway.
const POOL_SIZE: u32 = 8;
/// How long a request waits for a free connection before it gets an error page.
const POOL_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings applied to every SQLite connection the pool opens.
///
/// - `busy_timeout` (first, so it already applies to the others): a connection waits up to
///   5 s for a lock instead of failing at once with "database is locked".
/// - `journal_mode = WAL`: readers never wait for the writer.
/// - `foreign_keys`: SQLite ignores `REFERENCES` unless told otherwise, per connection.
/// - `synchronous = NORMAL`: safe with WAL, and much faster than the default.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(
            "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Opens (creating if needed) the SQLite file and builds a pool of connections to it.
pub fn build_pool(path: &Path) -> AppResult<DbPool> {
    let manager = ConnectionManager::<DbConn>::new(path.to_string_lossy());
    Pool::builder()
        .max_size(POOL_SIZE)
        .connection_timeout(POOL_TIMEOUT)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .map_err(|error| AppError::Internal(format!("cannot open the database: {error}")))
}

/// Brings the database schema up to date; run once at start, before serving.
pub fn run_migrations(conn: &mut DbConn) -> AppResult<()> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|_| ())
        .map_err(|error| AppError::Internal(format!("database migration failed: {error}")))
}

/// Runs `work` with a pooled connection on a blocking thread and returns its result.
///
/// Everything a handler needs from the database goes into one `work` closure, so a page costs
/// one trip to the blocking pool. The closure must own what it uses (`move`), because it runs
/// on another thread.
pub async fn run<T, F>(pool: &DbPool, work: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await?
}

/// Runs `work` in a write transaction that takes SQLite's write lock at its start
/// (`BEGIN IMMEDIATE`). A plain `BEGIN` would take it only at the first write, and two such
/// transactions that both read first can deadlock; taking it up front makes them queue.
/// If `work` returns an error, everything it wrote is rolled back.
///
/// Called inside another write transaction, it joins that one (as a savepoint), so services
/// that each keep their own changes whole can also be combined into one larger whole.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let depth = AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth()?;
    if depth.is_some() {
        conn.transaction(work)
    } else {
        conn.immediate_transaction(work)
    }
}

/// Asks the database the cheapest question there is, to learn whether it answers.
pub fn ping(conn: &mut DbConn) -> AppResult<()> {
    Ok(conn.batch_execute("SELECT 1")?)
}

/// True when `error` is a UNIQUE constraint violation, which callers turn into a message
/// ("that email is taken") or use to detect a duplicate submit.
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
