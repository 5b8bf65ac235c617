//! Which address a request comes from, for rate limits: the connection's peer, unless that peer
//! is a proxy the configuration trusts (`trusted_proxies`), in which case the right-most hop of
//! `Forwarded` / `X-Forwarded-For` that is not itself a trusted proxy. A header from any other
//! peer is ignored, so a client cannot pick its own key by sending one.
//!
//! IPv6 clients are keyed by their /64: one subscriber usually holds a whole /64, so keying by
//! the full address would hand one attacker 2^64 keys.

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

/// An address block in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`, or a bare address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

/// Why a `trusted_proxies` entry was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an address block like 10.0.0.0/8 or 2001:db8::/32: {0:?}")]
pub struct BadCidr(String);

impl FromStr for Cidr {
    type Err = BadCidr;

    fn from_str(s: &str) -> Result<Self, BadCidr> {
        let bad = || BadCidr(s.to_owned());
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr = IpAddr::from_str(addr).map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().map_err(|_| bad())?
            }
            Some(_) => return Err(bad()),
            None => max,
        };
        if prefix > max {
            return Err(bad());
        }
        Ok(Cidr { addr, prefix })
    }
}

impl<'de> serde::Deserialize<'de> for Cidr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The first `prefix` bits of an address as a 128-bit number (IPv4 in the low 32 bits).
fn masked(addr: IpAddr, prefix: u8) -> u128 {
    let (bits, width) = match addr {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32u32),
        IpAddr::V6(a) => (u128::from(a), 128u32),
    };
    let keep = u32::from(prefix).min(width);
    if keep == 0 {
        return 0;
    }
    let drop = width - keep;
    (bits >> drop) << drop
}

impl Cidr {
    /// Whether `ip` is in this block (an IPv4-mapped IPv6 address counts as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(_), IpAddr::V4(_)) | (IpAddr::V6(_), IpAddr::V6(_)) => {
                masked(self.addr, self.prefix) == masked(ip, self.prefix)
            }
            _ => false,
        }
    }
}

/// `::ffff:a.b.c.d` as `a.b.c.d`; any other address unchanged.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// One hop of a forwarding header as an address: `203.0.113.7`, `203.0.113.7:4711`,
/// `[2001:db8::1]:4711`, `"[2001:db8::1]"`, `2001:db8::1`. `None` for `unknown`, obfuscated
/// identifiers (`_hidden`) and anything else.
fn hop_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Some(rest) = hop.strip_prefix('[') {
        let (inside, _port) = rest.split_once(']')?;
        return inside.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    // An IPv4 address with a port (an IPv6 address with a port must be bracketed).
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The hops of `Forwarded` headers (RFC 7239: the `for=` of each element), left to right.
fn forwarded_hops<'a>(values: &[&'a str]) -> Vec<&'a str> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim().eq_ignore_ascii_case("for").then_some(v.trim())
            })
        })
        .collect()
}

/// The forwarding headers of a request, as received (every value of each).
#[derive(Debug, Default, Clone, Copy)]
pub struct ForwardingHeaders<'a> {
    /// The values of `Forwarded` (RFC 7239), preferred when present.
    pub forwarded: &'a [&'a str],
    /// The values of `X-Forwarded-For`.
    pub x_forwarded_for: &'a [&'a str],
}

/// The address a request comes from: `peer` itself unless it is a trusted proxy; then the
/// right-most hop that is not a trusted proxy (or the left-most hop when every hop is trusted).
/// A hop that is not an address stops the walk at the proxy that reported it: that proxy is the
/// last party whose word we have.
pub fn client_address(peer: IpAddr, headers: ForwardingHeaders<'_>, trusted: &[Cidr]) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = if headers.forwarded.is_empty() {
        headers
            .x_forwarded_for
            .iter()
            .flat_map(|v| v.split(','))
            .collect()
    } else {
        forwarded_hops(headers.forwarded)
    };
    let mut current = peer;
    for hop in hops.iter().rev() {
        match hop_address(hop).map(canonical) {
            Some(ip) if is_trusted(ip) => current = ip,
            Some(ip) => return ip,
            None => return current,
        }
    }
    current
}

/// The key a rate limit counts an address under: IPv4 addresses as they are, IPv6 addresses by
/// their /64.
pub fn limit_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(masked(IpAddr::V6(v6), 64))),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn cidrs(list: &[&str]) -> Vec<Cidr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    fn xff<'a>(values: &'a [&'a str]) -> ForwardingHeaders<'a> {
        ForwardingHeaders {
            forwarded: &[],
            x_forwarded_for: values,
        }
    }

    #[test]
    fn cidr_blocks_parse_and_contain() {
        let net: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains(ip("10.1.200.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped");
        let one: Cidr = "192.0.2.1".parse().unwrap();
        assert!(one.contains(ip("192.0.2.1")) && !one.contains(ip("192.0.2.2")));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("10.1.0.1")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.1")));
        for bad in [
            "10.0.0.0/33",
            "10.0.0/8",
            "::/129",
            "10.0.0.0/",
            "10.0.0.0/x",
            "proxy",
        ] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_header_from_an_untrusted_peer_changes_nothing() {
        let trusted = cidrs(&["10.0.0.0/8"]);
        let got = client_address(ip("198.51.100.9"), xff(&["203.0.113.1"]), &trusted);
        assert_eq!(got, ip("198.51.100.9"));
        // And with no trusted proxies configured, nobody's header counts.
        let got = client_address(ip("10.0.0.2"), xff(&["203.0.113.1"]), &[]);
        assert_eq!(got, ip("10.0.0.2"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let trusted = cidrs(&["10.0.0.0/8"]);
        // The client forged the left-most hop; the proxy appended what it saw.
        let got = client_address(ip("10.0.0.2"), xff(&["1.2.3.4, 203.0.113.7"]), &trusted);
        assert_eq!(got, ip("203.0.113.7"));
        // Two trusted proxies in a row, headers split over two lines.
        let got = client_address(
            ip("10.0.0.2"),
            xff(&["1.2.3.4, 203.0.113.7", "10.9.9.9"]),
            &trusted,
        );
        assert_eq!(got, ip("203.0.113.7"));
        // Ports and brackets.
        let got = client_address(ip("10.0.0.2"), xff(&["203.0.113.7:4711"]), &trusted);
        assert_eq!(got, ip("203.0.113.7"));
    }

    #[test]
    fn forwarded_is_read_per_rfc_7239_and_preferred() {
        let trusted = cidrs(&["10.0.0.0/8"]);
        let headers = ForwardingHeaders {
            forwarded: &["for=192.0.2.60;proto=https, For=\"[2001:db8:cafe::17]:4711\""],
            x_forwarded_for: &["198.51.100.1"],
        };
        assert_eq!(
            client_address(ip("10.0.0.2"), headers, &trusted),
            ip("2001:db8:cafe::17")
        );
    }

    #[test]
    fn a_hop_that_is_no_address_stops_at_the_proxy_that_reported_it() {
        let trusted = cidrs(&["10.0.0.0/8"]);
        for junk in ["unknown", "_hidden", "", "999.1.1.1", "[::1"] {
            let got = client_address(ip("10.0.0.2"), xff(&[junk]), &trusted);
            assert_eq!(got, ip("10.0.0.2"), "{junk:?}");
        }
        // Every hop trusted: the left-most.
        let got = client_address(ip("10.0.0.2"), xff(&["10.0.0.5, 10.0.0.3"]), &trusted);
        assert_eq!(got, ip("10.0.0.5"));
        // No header at all from a trusted proxy: the proxy.
        assert_eq!(
            client_address(ip("10.0.0.2"), xff(&[]), &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64_and_ipv4_keeps_its_address() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa::1")),
            limit_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(limit_key(ip("::ffff:203.0.113.7")), ip("203.0.113.7"));
    }
}
