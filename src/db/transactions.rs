//! Write transactions: `write_transaction` (take the write lock up front on SQLite, try a
//! conflicting write again on PostgreSQL) and `lock_key` (make check-then-insert steps take
//! turns). The connection and pool they run on are in `db.rs`; models and services call
//! these as `db::write_transaction` and `db::lock_key`.

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;

use super::DbConn;
use crate::error::AppError;

/// How often a write transaction is tried when PostgreSQL aborts it for a conflict with
/// another one (a serialization failure or a deadlock) before the error is shown.
const MAX_WRITE_ATTEMPTS: usize = 5;

/// Runs `work` in a write transaction, and rolls back everything it wrote if it returns an
/// error.
///
/// - On SQLite the transaction takes the write lock at its start (`BEGIN IMMEDIATE`). A plain
///   `BEGIN` would take it only at the first write, and two such transactions that both read
///   first can deadlock; taking it up front makes them queue.
/// - On PostgreSQL writers run side by side (`READ COMMITTED`), so the code must not rely on
///   queueing: stock is taken with conditional updates, and check-then-insert steps take a
///   `lock_key` first. When PostgreSQL still aborts the transaction for a conflict (a
///   serialization failure or a deadlock), `work` is run again, up to 5 times in all.
///
/// Called inside another write transaction, it joins that one (as a savepoint), so services
/// that each keep their own changes whole can also be combined into one larger whole.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, mut work: F) -> Result<T, E>
where
    F: FnMut(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error> + RetryableError,
{
    if in_transaction(conn)? {
        return conn.transaction(work);
    }
    let mut attempt = 1;
    loop {
        begin_write(conn)?;
        let outcome = match work(conn) {
            Ok(value) => <DbConn as Connection>::TransactionManager::commit_transaction(conn)
                .map(|()| value)
                .map_err(E::from),
            Err(error) => {
                <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
                Err(error)
            }
        };
        match outcome {
            Err(error) if error.is_conflict() && attempt < MAX_WRITE_ATTEMPTS => attempt += 1,
            outcome => return outcome,
        }
    }
}

/// Errors that can say whether the database aborted a transaction for a conflict with
/// another one, in which case running it again is the cure.
pub trait RetryableError {
    /// True for a serialization failure or a deadlock.
    fn is_conflict(&self) -> bool;
}

impl RetryableError for diesel::result::Error {
    fn is_conflict(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
            // Diesel has no kind of its own for PostgreSQL's "deadlock detected" (40P01).
            Error::DatabaseError(_, info) => info.message().contains("deadlock detected"),
            _ => false,
        }
    }
}

impl RetryableError for AppError {
    fn is_conflict(&self) -> bool {
        matches!(self, AppError::Database(error) if error.is_conflict())
    }
}

fn in_transaction(conn: &mut DbConn) -> QueryResult<bool> {
    let depth = match conn {
        DbConn::Sqlite(conn) => {
            AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth()?
        }
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => {
            AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth()?
        }
    };
    Ok(depth.is_some())
}

fn begin_write(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(conn) => {
            AnsiTransactionManager::begin_transaction_sql(conn, "BEGIN IMMEDIATE")
        }
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => AnsiTransactionManager::begin_transaction_sql(conn, "BEGIN"),
    }
}

/// Makes other write transactions that lock the same `key` wait until this one ends, for
/// check-then-insert steps ("is this checkout token used yet?") that must not interleave.
/// On SQLite every write transaction already holds the one write lock, so this does nothing;
/// on PostgreSQL it takes a transaction-scoped advisory lock on the key's hash.
#[cfg_attr(not(feature = "postgres"), allow(unused_variables))]
pub fn lock_key(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    match conn {
        DbConn::Sqlite(_) => Ok(()),
        #[cfg(feature = "postgres")]
        DbConn::Postgres(conn) => {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind::<diesel::sql_types::Text, _>(key)
                .execute(conn)
                .map(|_| ())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error};

    /// A database error as a driver would report it.
    struct Reported(&'static str);

    impl DatabaseErrorInformation for Reported {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            None
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn serialization_failure() -> Error {
        Error::DatabaseError(
            DatabaseErrorKind::SerializationFailure,
            Box::new(Reported("could not serialize access")),
        )
    }

    fn memory_database() -> DbConn {
        DbConn::Sqlite(SqliteConnection::establish(":memory:").expect("in-memory SQLite"))
    }

    #[test]
    fn conflicts_are_told_apart_from_other_errors() {
        let deadlock = Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new(Reported("deadlock detected")),
        );
        let unique = Error::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            Box::new(Reported("duplicate key")),
        );

        assert!(serialization_failure().is_conflict());
        assert!(deadlock.is_conflict());
        assert!(AppError::Database(serialization_failure()).is_conflict());
        assert!(!unique.is_conflict());
        assert!(!Error::NotFound.is_conflict());
    }

    #[test]
    fn a_conflicting_write_is_tried_again_and_succeeds() {
        let conn = &mut memory_database();
        let mut attempts = 0;

        let result: Result<i32, Error> = write_transaction(conn, |_| {
            attempts += 1;
            if attempts < 3 {
                Err(serialization_failure())
            } else {
                Ok(7)
            }
        });

        assert_eq!(result.expect("third attempt succeeds"), 7);
        assert_eq!(attempts, 3);
    }

    #[test]
    fn retries_are_bounded() {
        let conn = &mut memory_database();
        let mut attempts = 0;

        let result: Result<(), Error> = write_transaction(conn, |_| {
            attempts += 1;
            Err(serialization_failure())
        });

        assert!(result.is_err());
        assert_eq!(attempts, MAX_WRITE_ATTEMPTS);
    }

    #[test]
    fn other_errors_roll_back_without_a_retry() {
        let conn = &mut memory_database();
        conn.batch_execute("CREATE TABLE t (x INTEGER)")
            .expect("table");
        let mut attempts = 0;

        let result: Result<(), Error> = write_transaction(conn, |conn| {
            attempts += 1;
            conn.batch_execute("INSERT INTO t VALUES (1)")?;
            Err(Error::NotFound)
        });

        assert!(result.is_err());
        assert_eq!(attempts, 1);
        let rows: i64 = diesel::dsl::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "(SELECT COUNT(*) FROM t)",
        ))
        .get_result(conn)
        .expect("count");
        assert_eq!(rows, 0, "the insert was rolled back");
    }
}
