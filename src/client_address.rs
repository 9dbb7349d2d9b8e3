//! `ClientAddress`: the address of the browser that made a request, for throttling.
//!
//! Normally that is the TCP peer. Behind a load balancer the peer is the balancer, and the
//! browser's address arrives in `X-Forwarded-For`, a header anyone can write. So the header is
//! believed only when the peer is one of the configured trusted proxies
//! (`CARTWHEEL_TRUSTED_PROXIES`), and only as far back as the chain of trusted proxies goes:
//! the first address from the right that is not a trusted proxy is the client.
//!
//! Counting attempts per address is not done here but in `services::throttle`. Taken as an
//! extractor by the login, sign-up and password-reset handlers and by the API's token check
//! (`api::auth`); the trusted proxies come from `config`.

use std::future::{Ready, ready};
use std::net::{IpAddr, Ipv4Addr};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use ipnet::IpNet;

use crate::config::Config;

/// The client's address; use it as a handler argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl FromRequest for ClientAddress {
    type Error = actix_web::Error;
    type Future = Ready<Result<ClientAddress, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        // A request always has a peer on a TCP listener; the fallback only serves unit tests.
        let peer = req
            .peer_addr()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |addr| addr.ip());
        let forwarded_for: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .collect();
        let trusted = req
            .app_data::<web::Data<Config>>()
            .map(|config| config.trusted_proxies.as_slice())
            .unwrap_or_default();
        if !forwarded_for.is_empty() && !is_trusted(trusted, &peer.to_canonical()) {
            warn_once_about_untrusted_forwarding(peer);
        }
        ready(Ok(ClientAddress(client_ip(
            peer,
            &forwarded_for.join(","),
            trusted,
        ))))
    }
}

/// The client's address, given the peer, the `X-Forwarded-For` values (comma-separated,
/// oldest hop first) and the trusted proxies.
pub fn client_ip(peer: IpAddr, forwarded_for: &str, trusted: &[IpNet]) -> IpAddr {
    // A server listening on `[::]` sees IPv4 peers as `::ffff:10.0.0.2`; compare them as the
    // IPv4 addresses they are.
    let mut client = peer.to_canonical();
    // Walk from the nearest hop back; each trusted proxy vouches for the hop before it.
    for hop in forwarded_for.rsplit(',') {
        if !is_trusted(trusted, &client) {
            break;
        }
        match hop.trim().parse::<IpAddr>() {
            Ok(address) => client = address.to_canonical(),
            // A hop we cannot read ends the chain we can believe.
            Err(_) => break,
        }
    }
    client
}

fn is_trusted(trusted: &[IpNet], address: &IpAddr) -> bool {
    trusted.iter().any(|net| net.contains(address))
}

/// A proxy that sends `X-Forwarded-For` without being trusted makes every shopper look like
/// the proxy, so throttling would count them all as one client: say so once in the log.
fn warn_once_about_untrusted_forwarding(peer: IpAddr) {
    static WARNED: std::sync::Once = std::sync::Once::new();
    WARNED.call_once(|| {
        tracing::warn!(
            %peer,
            "X-Forwarded-For arrived from a peer that is not in CARTWHEEL_TRUSTED_PROXIES; \
             if it is your load balancer, add it there, or all clients share one throttle"
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn nets(texts: &[&str]) -> Vec<IpNet> {
        texts
            .iter()
            .map(|text| text.parse().expect("network"))
            .collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let client = client_ip(ip("198.51.100.9"), "203.0.113.7", &[]);

        assert_eq!(client, ip("198.51.100.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("10.0.0.2"), "203.0.113.7", &trusted);

        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn addresses_the_client_wrote_itself_are_not_believed() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the real address.
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("10.0.0.2"), "1.2.3.4, 203.0.113.7", &trusted);

        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_followed_to_the_first_untrusted_hop() {
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("10.0.0.2"), "203.0.113.7, 10.0.0.9", &trusted);

        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn an_ipv4_peer_seen_through_an_ipv6_socket_is_matched_as_ipv4() {
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("::ffff:10.0.0.2"), "203.0.113.7", &trusted);

        assert_eq!(client, ip("203.0.113.7"));
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk() {
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("10.0.0.2"), "203.0.113.7, junk", &trusted);

        assert_eq!(client, ip("10.0.0.2"));
    }
}
