//! IP addresses: keep the network prefix, zero the host bits.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Truncates an IPv4 or IPv6 address (optionally `[bracketed]`) to a prefix length.
pub fn truncate(text: &str, v4_prefix: u8, v6_prefix: u8) -> Option<String> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    match inner.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => {
            let mask = if v4_prefix == 0 {
                0
            } else {
                u32::MAX << (32 - v4_prefix as u32)
            };
            Some(Ipv4Addr::from(u32::from(a) & mask).to_string())
        }
        IpAddr::V6(a) => {
            let mask = if v6_prefix == 0 {
                0
            } else {
                u128::MAX << (128 - v6_prefix as u32)
            };
            Some(Ipv6Addr::from(u128::from(a) & mask).to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn table() {
        assert_eq!(truncate("203.0.113.77", 24, 48).unwrap(), "203.0.113.0");
        assert_eq!(truncate("203.0.113.77", 16, 48).unwrap(), "203.0.0.0");
        assert_eq!(
            truncate("2001:db8:85a3:1:2:8a2e:370:7334", 24, 48).unwrap(),
            "2001:db8:85a3::"
        );
        assert_eq!(truncate("[2001:db8::1]", 24, 32).unwrap(), "2001:db8::");
        assert_eq!(truncate("203.0.113.0", 24, 48).unwrap(), "203.0.113.0");
        assert_eq!(truncate("not an ip", 24, 48), None);
    }
}
