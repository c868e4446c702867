//! The client's address behind reverse proxies. `X-Forwarded-For` is
//! written by whoever sends the request, so it is believed only when the
//! connection comes from a proxy the operator named as trusted; then the
//! client is the right-most address in the header that is not itself a
//! trusted proxy (each proxy appends the address it received the request
//! from, so everything left of that is the client's own claim). Without
//! trusted proxies the connection's address is the client, whatever the
//! headers say: one proxy's address would otherwise stand for everyone,
//! and a client could pick any address to dodge the sign-in throttle.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use axum::http::HeaderMap;

/// An address or a CIDR range (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    network: IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// IPv4 addresses seen through an IPv6 socket (`::ffff:192.0.2.7`) are
/// compared as IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

impl FromStr for IpRange {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let refused = || format!("{raw:?} is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
        let (address, prefix) = match raw.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (raw, None),
        };
        let network = canonical(address.parse::<IpAddr>().map_err(|_| refused())?);
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(refused)?,
            None => max,
        };
        Ok(IpRange { network, prefix })
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpRange>);

impl TrustedProxies {
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(address))
    }

    /// The client's address for a connection from `peer`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Every header line in order, each a comma-separated list.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|hop| !hop.is_empty())
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop a trusted proxy could not have written ends the walk:
            // the nearest trusted hop is all that is known.
            let Some(address) = parse_hop(hop) else {
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// An address as proxies write it: bare, or with a port (`192.0.2.7:4711`,
/// `[2001:db8::1]:4711`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok().map(canonical);
    }
    let (address, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    address.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// A comma-separated list of addresses and ranges; empty for none.
    fn from_str(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(IpRange::from_str)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn ranges_parse_and_match() {
        let range: IpRange = "10.0.0.0/8".parse().unwrap();
        assert!(range.contains(ip("10.200.3.4")));
        assert!(!range.contains(ip("11.0.0.1")));
        assert!(range.contains(ip("::ffff:10.1.2.3")), "mapped IPv4");
        let single: IpRange = "192.0.2.7".parse().unwrap();
        assert!(single.contains(ip("192.0.2.7")) && !single.contains(ip("192.0.2.8")));
        let v6: IpRange = "fd00::/8".parse().unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let everything: IpRange = "0.0.0.0/0".parse().unwrap();
        assert!(everything.contains(ip("203.0.113.9")));
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0/8", "::1/129", ""] {
            assert!(bad.parse::<IpRange>().is_err(), "{bad}");
        }
        let list: TrustedProxies = "10.0.0.0/8, ::1".parse().unwrap();
        assert_eq!(list.0.len(), 2);
        assert_eq!(
            "".parse::<TrustedProxies>().unwrap(),
            TrustedProxies::default()
        );
    }

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_peer() {
        let none = TrustedProxies::default();
        let spoofed = forwarded(&["203.0.113.9"]);
        assert_eq!(
            none.client(ip("198.51.100.4"), &spoofed),
            ip("198.51.100.4")
        );

        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        // From an untrusted peer the header is the client's own claim.
        assert_eq!(
            proxies.client(ip("198.51.100.4"), &spoofed),
            ip("198.51.100.4")
        );
        // Through the proxy: the right-most address not a proxy.
        let chain = forwarded(&["1.2.3.4, 203.0.113.9", "10.0.0.2"]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &chain), ip("203.0.113.9"));
        // Only proxies: the furthest one.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded(&["10.0.0.3, 10.0.0.2"])),
            ip("10.0.0.3")
        );
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        // Garbage written left of a real hop is ignored; right of it, the
        // nearest trusted hop stands.
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded(&["evil, 203.0.113.9"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded(&["203.0.113.9, evil"])),
            ip("10.0.0.1")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded(&["203.0.113.9:4711"])),
            ip("203.0.113.9")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.1"), &forwarded(&["[2001:db8::1]:4711"])),
            ip("2001:db8::1")
        );
    }
}
