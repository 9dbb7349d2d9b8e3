//! `ClientAddress`: the address of the browser that made a request, for throttling.
//!
//! Normally that is the TCP peer. Behind a load balancer the peer is the balancer, and the
//! browser's address arrives in `X-Forwarded-For`, a header anyone can write. So the header is
//! believed only when the peer is one of the configured trusted proxies
//! (`CARTWHEEL_TRUSTED_PROXIES`), and only as far back as the chain of trusted proxies goes:
//! the first address from the right that is not a trusted proxy is the client.

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
    let is_trusted = |address: &IpAddr| trusted.iter().any(|net| net.contains(address));
    let mut client = peer;
    // Walk from the nearest hop back; each trusted proxy vouches for the hop before it.
    for hop in forwarded_for.rsplit(',') {
        if !is_trusted(&client) {
            break;
        }
        match hop.trim().parse::<IpAddr>() {
            Ok(address) => client = address,
            // A hop we cannot read ends the chain we can believe.
            Err(_) => break,
        }
    }
    client
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
    fn an_unreadable_hop_stops_the_walk() {
        let trusted = nets(&["10.0.0.0/8"]);

        let client = client_ip(ip("10.0.0.2"), "203.0.113.7, junk", &trusted);

        assert_eq!(client, ip("10.0.0.2"));
    }
}
