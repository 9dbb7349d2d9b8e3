//! The session key: decoded from `CARTWHEEL_SESSION_KEY`, or, in development, made once and
//! kept in a private file beside the SQLite database so that logins survive a restart. Read
//! by `Config::from_env` (`config.rs`).

use std::path::{Path, PathBuf};

use rand::RngCore;

use super::{ConfigError, DatabaseUrl, MIN_SESSION_KEY_BYTES};

/// Accepts a key written as hex or as base64, and refuses keys that are too short.
pub(super) fn decode_session_key(text: &str) -> Result<Vec<u8>, ConfigError> {
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

/// In development the key lives in a file beside the SQLite database (or `cartwheel.key` in
/// the working folder for PostgreSQL), so that sessions survive a restart without anyone
/// having to make up a secret.
pub(super) fn development_session_key(database: &DatabaseUrl) -> Result<Vec<u8>, ConfigError> {
    let path = match database {
        DatabaseUrl::Sqlite(db_path) => db_path.with_extension("key"),
        DatabaseUrl::Postgres(_) => PathBuf::from("cartwheel.key"),
    };
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
pub(super) fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
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
    fn a_short_session_key_is_refused() {
        assert!(decode_session_key(&hex::encode([7u8; 32])).is_err());
        assert!(decode_session_key(&hex::encode([7u8; 64])).is_ok());
    }
}
