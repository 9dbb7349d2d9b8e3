//! Configuration: every setting the shop reads from its environment, read once at start.
//!
//! `Config::from_env` is called by `cli` and the result is passed down; nothing else reads the
//! shop's settings (only the log filter, `RUST_LOG`, is read by `startup::init_logging`). Tests build a `Config` by hand with `Config::for_tests`.

use std::path::{Path, PathBuf};

use rand::RngCore;

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
    /// A secret has no safe default and must be given in production.
    #[error("{0} must be set when CARTWHEEL_ENV=production")]
    MissingInProduction(&'static str),
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
}

/// A parsed `DATABASE_URL`: the scheme picks the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH`, relative to the working directory, or `sqlite:///absolute/path`.
    Sqlite(PathBuf),
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
            return Err(invalid("PostgreSQL is not supported by this version yet"));
        }
        Err(invalid(
            "use sqlite://PATH (for example sqlite://cartwheel.db)",
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
            None if environment == Environment::Production => {
                return Err(ConfigError::MissingInProduction("CARTWHEEL_SESSION_KEY"));
            }
            None => development_session_key(&database)?,
        };
        Ok(Config {
            database,
            addr: var("CARTWHEEL_ADDR").unwrap_or("127.0.0.1:8080".into()),
            session_key,
            environment,
            base_url: var("CARTWHEEL_BASE_URL").unwrap_or("http://127.0.0.1:8080".into()),
            bcrypt_cost: bcrypt_cost(parse_var("CARTWHEEL_BCRYPT_COST", bcrypt::DEFAULT_COST)?)?,
            workers: parse_var("CARTWHEEL_WORKERS", default_workers())?,
        })
    }

    /// A configuration for tests: the given SQLite file, a random port, a fresh session key
    /// and the cheapest bcrypt cost, so tests stay fast and never share state.
    pub fn for_tests(database_path: &Path) -> Config {
        let mut session_key = vec![0u8; MIN_SESSION_KEY_BYTES];
        rand::rng().fill_bytes(&mut session_key);
        Config {
            database: DatabaseUrl::Sqlite(database_path.to_path_buf()),
            addr: "127.0.0.1:0".into(),
            session_key,
            environment: Environment::Development,
            base_url: "http://127.0.0.1".into(),
            bcrypt_cost: TEST_BCRYPT_COST,
            workers: 2,
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn parse_var<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(text) => text.trim().parse().map_err(|_| ConfigError::Invalid {
            name,
            reason: format!("'{text}' is not a number"),
        }),
    }
}

/// bcrypt accepts costs from 4 to 31; anything else would only fail at the first sign-up.
fn bcrypt_cost(cost: u32) -> Result<u32, ConfigError> {
    if (TEST_BCRYPT_COST..=31).contains(&cost) {
        Ok(cost)
    } else {
        Err(ConfigError::Invalid {
            name: "CARTWHEEL_BCRYPT_COST",
            reason: format!("{cost} is outside 4 to 31"),
        })
    }
}

fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

/// Accepts a key written as hex or as base64, and refuses keys that are too short.
fn decode_session_key(text: &str) -> Result<Vec<u8>, ConfigError> {
    use base64::Engine;
    let text = text.trim();
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| base64::engine::general_purpose::STANDARD.decode(text).ok())
        .ok_or(ConfigError::Invalid {
            name: "CARTWHEEL_SESSION_KEY",
            reason: "not hex or base64".into(),
        })?;
    if bytes.len() < MIN_SESSION_KEY_BYTES {
        return Err(ConfigError::Invalid {
            name: "CARTWHEEL_SESSION_KEY",
            reason: format!(
                "{} bytes; at least {MIN_SESSION_KEY_BYTES} are needed",
                bytes.len()
            ),
        });
    }
    Ok(bytes)
}

/// In development the key lives in a file beside the database, so that sessions survive a
/// restart without anyone having to make up a secret.
fn development_session_key(database: &DatabaseUrl) -> Result<Vec<u8>, ConfigError> {
    let DatabaseUrl::Sqlite(db_path) = database;
    let path = db_path.with_extension("key");
    let key_file_error = |source| ConfigError::KeyFile {
        path: path.clone(),
        source,
    };
    if path.exists() {
        let text = std::fs::read_to_string(&path).map_err(key_file_error)?;
        return decode_session_key(&text);
    }
    let mut key = vec![0u8; MIN_SESSION_KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    write_private_file(&path, hex::encode(&key).as_bytes()).map_err(key_file_error)?;
    Ok(key)
}

/// Writes a file only its owner can read: whoever reads the key can forge any session.
fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents)
}

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
    fn an_unknown_scheme_is_refused() {
        for url in [
            "mysql://x",
            "shop.db",
            "sqlite:/x",
            "sqlite://",
            "postgress://x",
        ] {
            assert!(DatabaseUrl::parse(url).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn a_short_session_key_is_refused() {
        assert!(decode_session_key(&hex::encode([7u8; 32])).is_err());
        assert!(decode_session_key(&hex::encode([7u8; 64])).is_ok());
    }
}
