//! Opening the database (SQLite or PostgreSQL) and its pool, the embedded migrations, and
//! `run`, the one way handlers reach the database. Beside it in `db/`: `connection.rs` holds
//! the `DbConn` type, `transactions.rs` the write transactions and `lock_key`. Everything
//! that differs between the two databases is in these files; models and services never ask
//! which one they talk to. Called by `cli` and `startup` (the pool), handlers (`run`).
//!
//! Diesel is synchronous: a query blocks its thread until the database answers. actix-web runs many
//! requests on a few async threads, so a blocking call there would stall every other request.
//! `run` therefore moves the work onto tokio's pool of blocking threads with `web::block`.
//! That gives two layers of `Result` (did the thread finish? did the query succeed?): the
//! `?` after `.await` below unwraps the first, and the work's own result is returned as it
//! is.

use std::time::Duration;

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::DatabaseUrl;
use crate::error::{AppError, AppResult};
use crate::sql_trace::{self, StatementCounter};
use crate::xray;

mod connection;
mod transactions;

pub use connection::DbConn;
pub use transactions::{RetryableError, lock_key, write_transaction};

/// A pool of ready connections shared by all workers.
pub type DbPool = Pool<DbManager>;
/// A connection borrowed from the pool; it goes back when dropped.
pub type PooledConn = PooledConnection<DbManager>;

/// The SQL migrations, compiled into the binary so a fresh machine needs no migration tool.
/// The two folders hold twins with the same names (a test checks).
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
/// The PostgreSQL twins of `SQLITE_MIGRATIONS`.
#[cfg(feature = "postgres")]
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How many connections the pool keeps, unless `CARTWHEEL_DB_POOL_SIZE` says otherwise.
pub const DEFAULT_POOL_SIZE: u32 = 8;
/// How long a request waits for a free connection before it gets a 503 page, unless
/// `CARTWHEEL_DB_POOL_TIMEOUT_MS` says otherwise.
pub const DEFAULT_POOL_TIMEOUT: Duration = Duration::from_secs(5);
/// A number naming the lock that makes instances starting together migrate one at a time.
#[cfg(feature = "postgres")]
const MIGRATION_LOCK: i64 = 0x4361_7274;

/// Settings applied to every SQLite connection the pool opens.
///
/// - `busy_timeout` (first, so it already applies to the others): a connection waits up to
///   5 s for a lock instead of failing at once with "database is locked".
/// - `journal_mode = WAL`: readers never wait for the writer.
/// - `foreign_keys`: SQLite ignores `REFERENCES` unless told otherwise, per connection.
/// - `synchronous = NORMAL`: safe with WAL, and much faster than the default.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                              PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

/// Opens the pool's connections, of the kind the parsed `DATABASE_URL` names. (Diesel's own
/// manager would try each kind in turn, and SQLite accepts any text as a file name: a
/// mistyped PostgreSQL URL would quietly become a new SQLite file.)
#[derive(Debug, Clone)]
pub struct DbManager {
    url: DatabaseUrl,
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        use diesel::r2d2::Error;
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(Error::QueryError)?;
                conn.set_instrumentation(StatementCounter);
                Ok(DbConn::Sqlite(conn))
            }
            #[cfg(feature = "postgres")]
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url).map_err(Error::ConnectionError)?;
                conn.set_instrumentation(StatementCounter);
                Ok(DbConn::Postgres(conn))
            }
            #[cfg(not(feature = "postgres"))]
            DatabaseUrl::Postgres(_) => Err(Error::ConnectionError(
                diesel::ConnectionError::BadConnection(
                    "this build has no PostgreSQL support".into(),
                ),
            )),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Opens (creating a SQLite file if needed) the database and builds a pool of connections
/// to it, with the default size and timeout.
pub fn build_pool(url: &DatabaseUrl) -> AppResult<DbPool> {
    build_pool_with(url, DEFAULT_POOL_SIZE, DEFAULT_POOL_TIMEOUT)
}

/// Like `build_pool`, with `size` connections at most and `timeout` to wait for one.
pub fn build_pool_with(url: &DatabaseUrl, size: u32, timeout: Duration) -> AppResult<DbPool> {
    let manager = DbManager { url: url.clone() };
    Pool::builder()
        .max_size(size)
        // Connections are opened as they are needed, not all at start: a PostgreSQL server
        // shared by many instances has a limited number of them.
        .min_idle(Some(1))
        // A PostgreSQL connection can break while it waits in the pool (a server restart, a
        // proxy's idle timeout), so it is pinged before use. A SQLite file does not go away
        // under an open connection: the ping would only cost a statement per request.
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .connection_timeout(timeout)
        .build(manager)
        .map_err(|error| AppError::Internal(format!("cannot open the database: {error}")))
}

/// Brings the database schema up to date; run once at start, before serving.
pub fn run_migrations(conn: &mut DbConn) -> AppResult<()> {
    let migrated = match conn {
        DbConn::Sqlite(conn) => conn.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => {
            // Instances started together take turns; the second finds nothing left to do.
            conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let migrated = conn.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            migrated
        }
    };
    migrated.map_err(|error| AppError::Internal(format!("database migration failed: {error}")))
}

/// Writes a consistent copy of a SQLite database into `file` (`VACUUM INTO`): readers and
/// writers go on meanwhile, and the copy is compact and ready to open.
pub fn backup_sqlite(conn: &mut DbConn, file: &std::path::Path) -> AppResult<()> {
    match conn {
        DbConn::Sqlite(conn) => {
            diesel::sql_query("VACUUM INTO ?")
                .bind::<diesel::sql_types::Text, _>(file.to_string_lossy())
                .execute(conn)?;
            Ok(())
        }
        #[cfg(feature = "postgres")]
        DbConn::Postgres(_) => Err(AppError::Internal(
            "VACUUM INTO is SQLite's; use pg_dump for PostgreSQL".into(),
        )),
    }
}

/// Which database a connection talks to, for the rare messages that differ.
pub fn is_postgres(conn: &DbConn) -> bool {
    !matches!(conn, DbConn::Sqlite(_))
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
    let recording = xray::is_on();
    let (result, statements, recorded) = web::block(move || {
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(error) => return (Err(AppError::from(error)), 0, Vec::new()),
        };
        // Counted from here, so the pool's liveness check on PostgreSQL is left out and a
        // page's count is the same on both databases.
        let before = sql_trace::statements_on_this_thread();
        if recording {
            sql_trace::start_recording();
        }
        let result = work(&mut conn);
        let recorded = match recording {
            true => sql_trace::finish_recording(),
            false => Vec::new(),
        };
        let statements = sql_trace::statements_on_this_thread() - before;
        (result, statements, recorded)
    })
    .await?;
    sql_trace::add_to_request(statements);
    if recording {
        xray::add_statements(recorded);
    }
    result
}

/// Asks the database the cheapest question there is, to learn whether it answers.
pub fn ping(conn: &mut DbConn) -> AppResult<()> {
    Ok(conn.ping()?)
}

/// True when `error` is a UNIQUE constraint violation, which callers turn into a message
/// ("that email is taken") or use to detect a duplicate submit.
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// True when `error` is a foreign key violation: on PostgreSQL, where writers run side by
/// side, a row can gain a reference (an order line, a product) between our check and our
/// delete, and the database's constraint is what catches it.
pub fn is_foreign_key_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
            _
        )
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn migration_names(backend: &str) -> Vec<String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .expect("migrations folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn sqlite_and_postgres_have_the_same_migrations() {
        let sqlite = migration_names("sqlite");

        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, migration_names("postgres"));
    }
}
