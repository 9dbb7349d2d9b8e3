//! `TestDatabase`: a fresh, empty database for one test, on the backend the run is for.
//!
//! Without `TEST_DATABASE_URL` every test gets its own SQLite file in a temporary folder.
//! With `TEST_DATABASE_URL=postgres://…` (and a build with `--features postgres`) every test
//! gets its own database on that server, created here and dropped when the test ends.
//! `scripts/pg-test-cluster` starts a throwaway server for that; `.ci/run` runs the whole
//! suite both ways.

use std::path::PathBuf;

use cartwheel::config::DatabaseUrl;
use cartwheel::db::{self, DbPool};
use tempfile::TempDir;

/// A database of its own for one test; a PostgreSQL one is dropped with it.
pub struct TestDatabase {
    /// Where the database is, as the shop's configuration names it.
    pub url: DatabaseUrl,
    /// A scratch folder (the SQLite file lives here).
    pub dir: TempDir,
    #[cfg(feature = "postgres")]
    _postgres: Option<postgres::Created>,
}

/// The PostgreSQL server the run uses, if any (`TEST_DATABASE_URL`).
pub fn postgres_server() -> Option<String> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())?;
    // A mistyped URL must not quietly run the suite on SQLite instead.
    assert!(
        url.starts_with("postgres://") || url.starts_with("postgresql://"),
        "TEST_DATABASE_URL must be a postgres:// URL, not {url:?}"
    );
    Some(url)
}

impl TestDatabase {
    /// A fresh, empty database (no tables yet).
    pub fn new() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        match postgres_server() {
            #[cfg(feature = "postgres")]
            Some(server) => {
                let created = postgres::Created::new(&server);
                TestDatabase {
                    url: DatabaseUrl::Postgres(created.url.clone()),
                    dir,
                    _postgres: Some(created),
                }
            }
            #[cfg(not(feature = "postgres"))]
            Some(_) => panic!(
                "TEST_DATABASE_URL names a PostgreSQL server, but this build has no PostgreSQL \
                 support: run `cargo test --features postgres`"
            ),
            None => TestDatabase {
                url: DatabaseUrl::Sqlite(dir.path().join("shop.db")),
                dir,
                #[cfg(feature = "postgres")]
                _postgres: None,
            },
        }
    }

    /// The database as `DATABASE_URL` names it, for the binary.
    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    /// The SQLite file, when the run is on SQLite.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => Some(path.clone()),
            DatabaseUrl::Postgres(_) => None,
        }
    }

    /// A pool on this database, with the schema migrated.
    pub fn migrated_pool(&self) -> DbPool {
        let pool = db::build_pool(&self.url).expect("pool");
        db::run_migrations(&mut pool.get().expect("connection")).expect("migrations");
        pool
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use diesel::{Connection, PgConnection, RunQueryDsl};

    /// A database created on the test server for one test.
    pub struct Created {
        server: String,
        name: String,
        pub url: String,
    }

    impl Created {
        pub fn new(server: &str) -> Created {
            let name = format!(
                "cartwheel_test_{}",
                cartwheel::tokens::random_token()[..16].to_owned()
            );
            let mut admin = PgConnection::establish(server).expect("the test server answers");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .expect("database created");
            Created {
                server: server.to_string(),
                url: with_database(server, &name),
                name,
            }
        }
    }

    impl Drop for Created {
        fn drop(&mut self) {
            if let Ok(mut admin) = PgConnection::establish(&self.server) {
                let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
                let _ = diesel::sql_query(drop).execute(&mut admin);
            }
        }
    }

    /// `postgres://u@h:5432/postgres?x=1` with the database `name` instead.
    fn with_database(server: &str, name: &str) -> String {
        let (base, query) = server.split_once('?').unwrap_or((server, ""));
        let scheme_end = base.find("://").map_or(0, |i| i + 3);
        let host_end = base[scheme_end..]
            .find('/')
            .map_or(base.len(), |i| scheme_end + i);
        let mut url = format!("{}/{name}", &base[..host_end]);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }
}
