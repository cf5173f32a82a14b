//! IP addresses: keep the network prefix, zero the host bits.

use crate::net;

/// Truncates an IPv4 or IPv6 address (optionally `[bracketed]`) to a prefix length.
pub fn truncate(text: &str, v4_prefix: u8, v6_prefix: u8) -> Option<String> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    if let Some(a) = net::parse_v4(inner) {
        let mask = if v4_prefix == 0 {
            0
        } else {
            u32::MAX << (32 - v4_prefix as u32)
        };
        return Some(net::format_v4((u32::from_be_bytes(a) & mask).to_be_bytes()));
    }
    let g = net::parse_v6(inner)?;
    let mut out = [0u16; 8];
    for (i, group) in g.iter().enumerate() {
        let keep = (v6_prefix as usize).saturating_sub(i * 16).min(16);
        let mask = if keep == 0 {
            0
        } else {
            u16::MAX << (16 - keep)
        };
        out[i] = group & mask;
    }
    Some(net::format_v6(&out))
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
