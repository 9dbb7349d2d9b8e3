//! The production checks: what makes a configuration unsafe for a real shop, each with how
//! to fix it. `cartwheel serve` refuses to start in production until the list is empty (see
//! `cli`); development is forgiving. The settings themselves are read in `config.rs`.

use super::{
    Config, DEFAULT_MAIL_FROM, Environment, MIN_PRODUCTION_BCRYPT_COST,
    MIN_PRODUCTION_PENDING_TIMEOUT_SECONDS, MIN_SESSION_KEY_BYTES,
};

impl Config {
    /// What makes this configuration unsafe for a real shop, each with how to fix it; empty
    /// when all is well. `cartwheel serve` refuses to start in production unless it is empty.
    pub fn deploy_problems(&self) -> Vec<String> {
        if self.environment != Environment::Production {
            return Vec::new();
        }
        let mut problems = Vec::new();
        if self.session_key.len() < MIN_SESSION_KEY_BYTES {
            problems.push(format!(
                "CARTWHEEL_SESSION_KEY must be set to at least {MIN_SESSION_KEY_BYTES} random \
                 bytes, the same on every instance (make one with `openssl rand -hex 64`)."
            ));
        } else if self
            .session_key
            .iter()
            .all(|byte| *byte == self.session_key[0])
        {
            problems.push(
                "CARTWHEEL_SESSION_KEY is one byte repeated; use random bytes \
                 (`openssl rand -hex 64`)."
                    .into(),
            );
        }
        if !self.base_url.starts_with("https://") {
            problems.push(format!(
                "CARTWHEEL_BASE_URL is {}; it must be the shop's https:// address, because \
                 session cookies are sent over HTTPS only.",
                self.base_url
            ));
        }
        if self.allowed_hosts.is_empty() || self.allowed_hosts.iter().any(|host| host == "*") {
            problems
                .push("CARTWHEEL_ALLOWED_HOSTS must list the shop's host names (no \"*\")".into());
        }
        if self.count_sql {
            problems
                .push("CARTWHEEL_COUNT_SQL is for development and benchmarks; unset it.".into());
        }
        if self.xray {
            problems.push(
                "CARTWHEEL_XRAY shows every page's SQL and session keys to its visitor; unset it."
                    .into(),
            );
        }
        if self.pending_timeout_seconds < MIN_PRODUCTION_PENDING_TIMEOUT_SECONDS {
            problems.push(format!(
                "CARTWHEEL_PENDING_TIMEOUT_SECONDS is {}; use at least \
                 {MIN_PRODUCTION_PENDING_TIMEOUT_SECONDS}, well above how long a payment can \
                 take, or orders still being paid would be marked failed.",
                self.pending_timeout_seconds
            ));
        }
        if self.smtp_url.is_some() && self.mail_from == DEFAULT_MAIL_FROM {
            problems.push(
                "CARTWHEEL_MAIL_FROM must name the shop's own address when CARTWHEEL_SMTP_URL \
                 is set (mail from shop@localhost is refused or marked as spam)."
                    .into(),
            );
        }
        if self.bcrypt_cost < MIN_PRODUCTION_BCRYPT_COST {
            problems.push(format!(
                "CARTWHEEL_BCRYPT_COST is {}; use at least {MIN_PRODUCTION_BCRYPT_COST} \
                 (the default is 12).",
                self.bcrypt_cost
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseUrl;

    fn production() -> Config {
        let mut config = Config::for_tests(DatabaseUrl::Sqlite("shop.db".into()));
        config.environment = Environment::Production;
        config.base_url = "https://shop.example".into();
        config.allowed_hosts = vec!["shop.example".into()];
        config.bcrypt_cost = 12;
        config.count_sql = false;
        config
    }

    #[test]
    fn a_safe_production_configuration_has_no_problems() {
        assert_eq!(production().deploy_problems(), Vec::<String>::new());
    }

    #[test]
    fn production_names_every_unsafe_setting() {
        let mut config = production();
        config.session_key = Vec::new();
        config.base_url = "http://shop.example".into();
        config.allowed_hosts = vec!["*".into()];
        config.bcrypt_cost = 4;
        config.pending_timeout_seconds = 0;
        config.count_sql = true;
        config.xray = true;
        config.smtp_url = Some("smtp://127.0.0.1:25".into());

        let problems = config.deploy_problems().join("\n");

        for variable in [
            "CARTWHEEL_SESSION_KEY",
            "CARTWHEEL_BASE_URL",
            "CARTWHEEL_ALLOWED_HOSTS",
            "CARTWHEEL_BCRYPT_COST",
            "CARTWHEEL_COUNT_SQL",
            "CARTWHEEL_XRAY",
            "CARTWHEEL_PENDING_TIMEOUT_SECONDS",
            "CARTWHEEL_MAIL_FROM",
        ] {
            assert!(
                problems.contains(variable),
                "{variable} missing in {problems}"
            );
        }
    }

    #[test]
    fn a_repeated_byte_is_no_session_key() {
        let mut config = production();
        config.session_key = vec![0; 64];

        assert_eq!(config.deploy_problems().len(), 1);
    }

    #[test]
    fn development_has_no_deploy_problems() {
        let config = Config::for_tests(DatabaseUrl::Sqlite("shop.db".into()));

        assert!(config.deploy_problems().is_empty());
    }
}
