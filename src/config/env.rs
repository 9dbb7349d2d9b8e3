//! Reading and checking single settings: the environment variables (`var`, `flag`,
//! `parse_var`) and the small parsers for their values (hosts, proxies, mail settings, the
//! bcrypt cost). `Config::from_env` in `config.rs` puts them together; the session key has
//! its own file (`session_key.rs`), and the production checks theirs (`deploy_checks.rs`).

use ipnet::IpNet;

use super::{ConfigError, DEFAULT_MAIL_FROM, TEST_BCRYPT_COST};

/// Checks the mail server's URL at start, so a typo stops the shop instead of every mail.
pub(super) fn smtp_url(url: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(url) = url else { return Ok(None) };
    match lettre::SmtpTransport::from_url(&url) {
        Ok(_) => Ok(Some(url)),
        // The URL may hold a password: the message names the problem, never the value.
        Err(error) => Err(ConfigError::Invalid {
            name: "CARTWHEEL_SMTP_URL",
            reason: format!("use smtp://HOST:PORT or smtps://USER:PASSWORD@HOST ({error})"),
        }),
    }
}

/// Checks the sender address at start (`Name <address>` or a bare address).
pub(super) fn mail_from(from: Option<String>) -> Result<String, ConfigError> {
    let from = from.unwrap_or_else(|| DEFAULT_MAIL_FROM.into());
    match from.parse::<lettre::message::Mailbox>() {
        Ok(_) => Ok(from),
        Err(error) => Err(ConfigError::Invalid {
            name: "CARTWHEEL_MAIL_FROM",
            reason: format!("'{from}' is not an address: {error}"),
        }),
    }
}

/// Refuses a negative number for a variable that counts something (minutes, customers).
pub(super) fn non_negative(name: &'static str, value: i64) -> Result<i64, ConfigError> {
    if value < 0 {
        return Err(ConfigError::Invalid {
            name,
            reason: format!("{value} is negative"),
        });
    }
    Ok(value)
}

/// A comma-separated list, trimmed and in lower case, with empty items dropped.
pub(super) fn comma_separated(text: &str) -> Vec<String> {
    text.split(',')
        .map(|item| item.trim().to_lowercase())
        .filter(|item| !item.is_empty())
        .collect()
}

/// `https://shop.example:8443/x` → `shop.example`.
pub(super) fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = strip_port(authority);
    (!host.is_empty()).then(|| host.to_lowercase())
}

/// `shop.example:8080` → `shop.example`; `[::1]:8080` → `[::1]`.
pub fn strip_port(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            if host.starts_with('[') && !host.ends_with(']') {
                authority
            } else {
                host
            }
        }
        _ => authority,
    }
}

/// Parses `10.0.0.1, 10.1.0.0/16`: single addresses or networks.
pub(super) fn trusted_proxies(text: &str) -> Result<Vec<IpNet>, ConfigError> {
    comma_separated(text)
        .iter()
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| ConfigError::Invalid {
                    name: "CARTWHEEL_TRUSTED_PROXIES",
                    reason: format!("'{item}' is not an address or a network"),
                })
        })
        .collect()
}

/// A variable's value; unset and blank are the same, so `FOO=` in a `.env` means the default.
pub(super) fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// A number variable, or `default` when it is unset; text that is not a number is refused.
pub(super) fn parse_var<T: std::str::FromStr>(
    name: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(text) => text.trim().parse().map_err(|_| ConfigError::Invalid {
            name,
            reason: format!("'{text}' is not a number"),
        }),
    }
}

/// An on/off variable: unset, empty or `0` is off, `1` is on.
pub(super) fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).as_deref().map(str::trim) {
        None | Some("" | "0") => Ok(false),
        Some("1") => Ok(true),
        Some(other) => Err(ConfigError::Invalid {
            name,
            reason: format!("'{other}' is neither 1 nor 0"),
        }),
    }
}

/// bcrypt accepts costs from 4 to 31; anything else would only fail at the first sign-up.
pub(super) fn bcrypt_cost(cost: u32) -> Result<u32, ConfigError> {
    if (TEST_BCRYPT_COST..=31).contains(&cost) {
        Ok(cost)
    } else {
        Err(ConfigError::Invalid {
            name: "CARTWHEEL_BCRYPT_COST",
            reason: format!("{cost} is outside 4 to 31"),
        })
    }
}

/// One worker thread a core, or two when the core count cannot be read.
pub(super) fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_settings_are_checked_at_start() {
        assert_eq!(smtp_url(None).expect("unset is fine"), None);
        for good in ["smtp://127.0.0.1:2525", "smtps://shop:secret@mail.example"] {
            assert!(smtp_url(Some(good.into())).is_ok(), "{good}");
        }
        let refused =
            smtp_url(Some("mailto://shop:secret@mail.example".into())).expect_err("unknown scheme");
        assert!(
            !refused.to_string().contains("secret"),
            "no password in the message"
        );
        assert_eq!(mail_from(None).expect("default"), DEFAULT_MAIL_FROM);
        assert!(mail_from(Some("Shop <shop@example.com>".into())).is_ok());
        assert!(mail_from(Some("not an address".into())).is_err());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let proxies = trusted_proxies("10.0.0.1, 192.168.0.0/16").expect("valid");

        assert_eq!(proxies.len(), 2);
        assert!(trusted_proxies("10.0.0.1, proxy.local").is_err());
    }
}
