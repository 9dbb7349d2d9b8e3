//! Configuration: every setting the shop reads from its environment, read once at start.
//!
//! `Config::from_env` is called by `cli` and the result is passed down; nothing else reads the
//! shop's settings (only the log filter, `RUST_LOG`, is read by `startup::init_logging`).
//! Tests build a `Config` by hand with `Config::for_tests`.
//!
//! Beside it in `config/`: `env.rs` reads single variables and parses their values,
//! `session_key.rs` finds or makes the session key, and `deploy_checks.rs` lists what makes a
//! configuration unsafe for production.

use std::path::PathBuf;

use ipnet::IpNet;
use rand::RngCore;

use crate::services::logins::LoginPolicy;

mod deploy_checks;
mod env;
mod session_key;

pub use env::strip_port;
use env::{
    bcrypt_cost, comma_separated, default_workers, flag, host_of, mail_from, non_negative,
    parse_var, smtp_url, trusted_proxies, var,
};
use session_key::{decode_session_key, development_session_key};

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable is set to something we cannot use.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The variable's name.
        name: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
    /// The development session key file could not be read or written.
    #[error("cannot use the session key file {path}: {source}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// The file system's error.
        source: std::io::Error,
    },
}

/// Where the shop runs: development is forgiving, production refuses unsafe defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine: defaults are fine, cookies work over plain HTTP.
    Development,
    /// A real shop: Secure cookies, and secrets must be given.
    Production,
}

/// The shortest session key we accept, in bytes (the cookie is signed and encrypted with it).
pub const MIN_SESSION_KEY_BYTES: usize = 64;

/// bcrypt's cheapest cost, for tests: real hashing, a thousand times faster than cost 12.
pub const TEST_BCRYPT_COST: u32 = 4;

/// All settings of one shop instance.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite://cartwheel.db`: which database to use.
    pub database: DatabaseUrl,
    /// `CARTWHEEL_ADDR`, default `127.0.0.1:8080`: the address to listen on.
    pub addr: String,
    /// `CARTWHEEL_SESSION_KEY` (hex or base64, 64+ bytes): signs and encrypts session cookies.
    /// In development it is generated once into a key file beside the SQLite database.
    pub session_key: Vec<u8>,
    /// `CARTWHEEL_ENV`, default `development`.
    pub environment: Environment,
    /// `CARTWHEEL_BASE_URL`, default `http://127.0.0.1:8080`: the origin used in links we send.
    pub base_url: String,
    /// `CARTWHEEL_BCRYPT_COST`, default 12: the bcrypt work factor (tests use 4, the minimum).
    pub bcrypt_cost: u32,
    /// `CARTWHEEL_WORKERS`, default the number of cores: actix worker threads.
    pub workers: usize,
    /// `CARTWHEEL_SESSION_IDLE_MINUTES`, default 120: how long a customer may be idle before
    /// having to log in again (admins: 30 minutes, always).
    pub customer_idle_minutes: i64,
    /// `CARTWHEEL_TRUSTED_PROXIES`, default none: addresses or networks (`10.0.0.0/8`) of the
    /// proxies whose `X-Forwarded-For` header is believed (see `client_address`).
    pub trusted_proxies: Vec<IpNet>,
    /// `CARTWHEEL_ALLOWED_HOSTS`, default the host of `base_url`: in production, requests for
    /// any other `Host` get 400.
    pub allowed_hosts: Vec<String>,
    /// `CARTWHEEL_PENDING_TIMEOUT_SECONDS`, default 900: an order still `pending` this long
    /// after it was placed lost its payment step (a crash) and is reconciled.
    pub pending_timeout_seconds: i64,
    /// `CARTWHEEL_DB_POOL_SIZE`, default 8: database connections per instance.
    pub db_pool_size: u32,
    /// `CARTWHEEL_DB_POOL_TIMEOUT_MS`, default 5000: how long a request waits for a free
    /// connection before it gets a 503 page.
    pub db_pool_timeout_ms: u64,
    /// `CARTWHEEL_MEDIA_DIR`, default `media` beside the SQLite database (in the working
    /// folder for PostgreSQL): where uploaded product pictures are stored; served at `/media`.
    /// Several instances must share it.
    pub media_dir: PathBuf,
    /// `CARTWHEEL_COUNT_SQL`, default off: `1` reports each response's SQL statement count in
    /// an `X-Sql-Statements` header, for query budgets and benchmarks (refused in production).
    pub count_sql: bool,
    /// `CARTWHEEL_XRAY=1`: every HTML page ends with the request X-ray (handler, template,
    /// time, SQL, session keys; see `xray`). For learning and debugging, refused in
    /// production: it shows the shop's SQL and session keys to whoever loads a page.
    pub xray: bool,
    /// `CARTWHEEL_JOBS`, default on: `0` keeps this instance from running background jobs
    /// (`src/jobs`); other instances on the same database still run them.
    pub jobs_enabled: bool,
    /// `CARTWHEEL_JOBS_TICK_SECONDS`, default 15: how often the job runner wakes to look for
    /// due jobs. A job runs at most this long after it is due.
    pub jobs_tick_seconds: u64,
    /// `CARTWHEEL_SMTP_URL`, default none: the mail server, as `smtp://HOST:PORT` (plain),
    /// `smtp://HOST?tls=required` (STARTTLS) or `smtps://USER:PASSWORD@HOST` (TLS). Without
    /// it, mail stays in the outbox (`/admin/outbox`) and nothing is sent.
    pub smtp_url: Option<String>,
    /// `CARTWHEEL_MAIL_FROM`, default `Cartwheel <shop@localhost>`: the sender of every mail.
    pub mail_from: String,
    /// `CARTWHEEL_RECOMMENDATION_MIN_CUSTOMERS`, default 3: a pair of products is shown as
    /// "bought together" only once this many different customers bought both, so that a
    /// recommendation never reveals what one or two people bought.
    pub recommendation_min_customers: i64,
}

/// A parsed `DATABASE_URL`: the scheme picks the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH`, relative to the working directory, or `sqlite:///absolute/path`.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`, passed to libpq as it is (builds with the
    /// `postgres` feature only).
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a database URL, refusing unknown schemes so that a typo never silently creates
    /// a new, empty database somewhere.
    pub fn parse(url: &str) -> Result<DatabaseUrl, ConfigError> {
        let invalid = |reason: &str| ConfigError::Invalid {
            name: "DATABASE_URL",
            reason: reason.to_string(),
        };
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(invalid(
                    "sqlite:// needs a file path, as in sqlite://cartwheel.db",
                ));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return if cfg!(feature = "postgres") {
                Ok(DatabaseUrl::Postgres(url.to_string()))
            } else {
                Err(invalid(
                    "this build has no PostgreSQL support; build it with \
                     `cargo build --release --features postgres` (needs libpq-dev)",
                ))
            };
        }
        Err(invalid(
            "use sqlite://PATH (for example sqlite://cartwheel.db) or postgres://USER@HOST/DB",
        ))
    }
}

impl Config {
    /// Reads the configuration from the environment (and `.env`, loaded by `main`).
    pub fn from_env() -> Result<Config, ConfigError> {
        let environment = match var("CARTWHEEL_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "CARTWHEEL_ENV",
                    reason: format!("'{other}' is neither development nor production"),
                });
            }
        };
        let database =
            DatabaseUrl::parse(&var("DATABASE_URL").unwrap_or("sqlite://cartwheel.db".into()))?;
        let session_key = match var("CARTWHEEL_SESSION_KEY") {
            Some(text) => decode_session_key(&text)?,
            // Left empty for `deploy_problems` to report with the other problems.
            None if environment == Environment::Production => Vec::new(),
            None => development_session_key(&database)?,
        };
        let base_url = var("CARTWHEEL_BASE_URL").unwrap_or("http://127.0.0.1:8080".into());
        let allowed_hosts = match var("CARTWHEEL_ALLOWED_HOSTS") {
            Some(text) => comma_separated(&text),
            None => host_of(&base_url).into_iter().collect(),
        };
        let media_dir = var("CARTWHEEL_MEDIA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| default_media_dir(&database));
        Ok(Config {
            database,
            addr: var("CARTWHEEL_ADDR").unwrap_or("127.0.0.1:8080".into()),
            session_key,
            environment,
            base_url,
            bcrypt_cost: bcrypt_cost(parse_var("CARTWHEEL_BCRYPT_COST", bcrypt::DEFAULT_COST)?)?,
            workers: parse_var("CARTWHEEL_WORKERS", default_workers())?,
            customer_idle_minutes: parse_var("CARTWHEEL_SESSION_IDLE_MINUTES", 120)?,
            trusted_proxies: trusted_proxies(
                &var("CARTWHEEL_TRUSTED_PROXIES").unwrap_or_default(),
            )?,
            allowed_hosts,
            pending_timeout_seconds: non_negative(
                "CARTWHEEL_PENDING_TIMEOUT_SECONDS",
                parse_var("CARTWHEEL_PENDING_TIMEOUT_SECONDS", 900)?,
            )?,
            db_pool_size: parse_var("CARTWHEEL_DB_POOL_SIZE", crate::db::DEFAULT_POOL_SIZE)?.max(1),
            db_pool_timeout_ms: parse_var(
                "CARTWHEEL_DB_POOL_TIMEOUT_MS",
                crate::db::DEFAULT_POOL_TIMEOUT.as_millis() as u64,
            )?
            .max(1),
            media_dir,
            count_sql: flag("CARTWHEEL_COUNT_SQL")?,
            xray: flag("CARTWHEEL_XRAY")?,
            // On unless switched off: a shop whose jobs never run slowly fills up.
            jobs_enabled: var("CARTWHEEL_JOBS").map_or(Ok(true), |_| flag("CARTWHEEL_JOBS"))?,
            jobs_tick_seconds: parse_var("CARTWHEEL_JOBS_TICK_SECONDS", 15)?.max(1),
            smtp_url: smtp_url(var("CARTWHEEL_SMTP_URL"))?,
            mail_from: mail_from(var("CARTWHEEL_MAIL_FROM"))?,
            recommendation_min_customers: parse_var(
                "CARTWHEEL_RECOMMENDATION_MIN_CUSTOMERS",
                DEFAULT_RECOMMENDATION_MIN_CUSTOMERS,
            )?
            .max(1),
        })
    }

    /// The login timeouts for `services::logins`.
    pub fn login_policy(&self) -> LoginPolicy {
        LoginPolicy {
            customer_idle_timeout: chrono::Duration::minutes(self.customer_idle_minutes),
        }
    }

    /// A configuration for tests: the given database, a random port, a fresh session key,
    /// a media directory of its own (a new temporary folder, left behind for the system to
    /// clean up) and the cheapest bcrypt cost, so tests stay fast and never share state.
    pub fn for_tests(database: DatabaseUrl) -> Config {
        let mut session_key = vec![0u8; MIN_SESSION_KEY_BYTES];
        rand::rng().fill_bytes(&mut session_key);
        Config {
            database,
            addr: "127.0.0.1:0".into(),
            session_key,
            environment: Environment::Development,
            base_url: "http://127.0.0.1".into(),
            bcrypt_cost: TEST_BCRYPT_COST,
            workers: 2,
            customer_idle_minutes: 120,
            trusted_proxies: Vec::new(),
            allowed_hosts: vec!["127.0.0.1".into()],
            pending_timeout_seconds: 900,
            db_pool_size: crate::db::DEFAULT_POOL_SIZE,
            db_pool_timeout_ms: 5000,
            media_dir: test_media_dir(),
            count_sql: true,
            xray: false,
            // Tests run jobs themselves, when they choose; a runner would race them.
            jobs_enabled: false,
            jobs_tick_seconds: 1,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            recommendation_min_customers: DEFAULT_RECOMMENDATION_MIN_CUSTOMERS,
        }
    }

    /// A database pool as this configuration describes it.
    pub fn build_pool(&self) -> crate::error::AppResult<crate::db::DbPool> {
        crate::db::build_pool_with(
            &self.database,
            self.db_pool_size,
            std::time::Duration::from_millis(self.db_pool_timeout_ms),
        )
    }
}

/// `media` beside the SQLite database, so a shop's pictures live with its data (and a test
/// run's with its temporary database); in the working folder for PostgreSQL.
fn default_media_dir(database: &DatabaseUrl) -> PathBuf {
    match database {
        DatabaseUrl::Sqlite(path) => path.with_file_name("media"),
        DatabaseUrl::Postgres(_) => PathBuf::from("media"),
    }
}

/// A new, empty folder under the system's temporary folder.
fn test_media_dir() -> PathBuf {
    let mut name = [0u8; 8];
    rand::rng().fill_bytes(&mut name);
    std::env::temp_dir().join(format!("cartwheel-media-{}", hex::encode(name)))
}

/// The privacy threshold when `CARTWHEEL_RECOMMENDATION_MIN_CUSTOMERS` is not set.
pub const DEFAULT_RECOMMENDATION_MIN_CUSTOMERS: i64 = 3;

/// The sender when `CARTWHEEL_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "Cartwheel <shop@localhost>";

/// The cheapest bcrypt cost accepted in production.
pub const MIN_PRODUCTION_BCRYPT_COST: u32 = 10;
/// The shortest pending-order timeout accepted in production, in seconds.
pub const MIN_PRODUCTION_PENDING_TIMEOUT_SECONDS: i64 = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_url_gives_its_path() {
        let url = DatabaseUrl::parse("sqlite://shop.db").expect("valid url");
        assert_eq!(url, DatabaseUrl::Sqlite(PathBuf::from("shop.db")));
    }

    #[test]
    fn an_absolute_sqlite_path_keeps_its_leading_slash() {
        let url = DatabaseUrl::parse("sqlite:///var/lib/shop.db").expect("valid url");
        assert_eq!(url, DatabaseUrl::Sqlite(PathBuf::from("/var/lib/shop.db")));
    }

    #[test]
    fn a_postgres_url_needs_a_build_with_postgres() {
        let parsed = DatabaseUrl::parse("postgres://shop@db.internal/shop");

        if cfg!(feature = "postgres") {
            let url = parsed.expect("accepted");
            assert_eq!(
                url,
                DatabaseUrl::Postgres("postgres://shop@db.internal/shop".into())
            );
        } else {
            let error = parsed.expect_err("refused").to_string();
            assert!(error.contains("--features postgres"), "{error}");
        }
    }

    #[test]
    fn an_unknown_scheme_is_refused() {
        for url in [
            "mysql://x",
            "shop.db",
            "sqlite:/x",
            "sqlite://",
            "postgress://x",
            "postgres:/x",
        ] {
            assert!(DatabaseUrl::parse(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn the_allowed_host_defaults_to_the_base_urls() {
        assert_eq!(
            host_of("https://Shop.Example:8443/x"),
            Some("shop.example".into())
        );
        assert_eq!(host_of("http://127.0.0.1:8080"), Some("127.0.0.1".into()));
        assert_eq!(strip_port("[::1]:8080"), "[::1]");
        assert_eq!(strip_port("shop.example"), "shop.example");
    }

    #[test]
    fn pictures_live_beside_the_sqlite_database_by_default() {
        let beside = |path: &str| default_media_dir(&DatabaseUrl::Sqlite(path.into()));

        assert_eq!(beside("cartwheel.db"), PathBuf::from("media"));
        assert_eq!(
            beside("/var/lib/shop/shop.db"),
            PathBuf::from("/var/lib/shop/media")
        );
    }
}
