//! IPv4 and IPv6 addresses.
//!
//! `Chrome/156.0.0.0` is a version, not an address: a dotted quad right after `word/` or inside
//! a longer dotted run is skipped. Loopback and unspecified addresses identify no one and pass,
//! and so do network addresses (host part zero: `203.0.113.0`, `2001:db8:85a3::`): they name a
//! network, not a device, and they are what the `ip` action outputs, so redaction stays
//! idempotent.

use super::util::{is_alnum, preceded_by_word};
use crate::net;

pub fn find_v4(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || preceded_by_word(bytes, i, b".-:")
            || after_product(bytes, i)
        {
            i += 1;
            continue;
        }
        match parse_v4(bytes, i) {
            Some((addr, end)) => {
                // Loopback 127/8, unspecified, broadcast, and network addresses (x.y.z.0).
                let personal =
                    !(addr[0] == 127 || addr == [0; 4] || addr == [255; 4] || addr[3] == 0);
                if personal {
                    push(i, end);
                }
                i = end;
            }
            None => {
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                    i += 1;
                }
            }
        }
    }
}

/// `Product/1.2.3.4`: a slash preceded by a letter or digit (but `//1.2.3.4` is a URL host).
fn after_product(bytes: &[u8], i: usize) -> bool {
    i >= 2 && bytes[i - 1] == b'/' && is_alnum(bytes[i - 2])
}

fn parse_v4(bytes: &[u8], start: usize) -> Option<([u8; 4], usize)> {
    let mut octets = [0u8; 4];
    let mut i = start;
    for (n, octet) in octets.iter_mut().enumerate() {
        if n > 0 {
            if bytes.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let s = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() && i - s < 4 {
            i += 1;
        }
        let digits = &bytes[s..i];
        if digits.is_empty() || digits.len() > 3 || (digits.len() > 1 && digits[0] == b'0') {
            return None;
        }
        let v = digits.iter().fold(0u32, |a, &d| a * 10 + (d - b'0') as u32);
        *octet = u8::try_from(v).ok()?;
    }
    let next = bytes.get(i).copied();
    let dotted_more = next == Some(b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
    if dotted_more || next.is_some_and(|b| is_alnum(b) || b == b'_') {
        return None;
    }
    Some((octets, i))
}

fn is_v6_char(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b':' || b == b'.'
}

pub fn find_v6(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !is_v6_char(bytes[i]) || (i > 0 && (is_alnum(bytes[i - 1]) || bytes[i - 1] == b'_')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut colons = 0;
        while i < bytes.len() && is_v6_char(bytes[i]) {
            colons += (bytes[i] == b':') as usize;
            i += 1;
        }
        if colons < 2 || (i < bytes.len() && (is_alnum(bytes[i]) || bytes[i] == b'_')) {
            continue;
        }
        // Trailing punctuation of a sentence or a port separator is not part of the address.
        let mut end = i;
        while end > start
            && matches!(bytes[end - 1], b'.' | b':')
            && !bytes[start..end].ends_with(b"::")
        {
            end -= 1;
        }
        let token = &text[start..end];
        if let Some(g) = net::parse_v6(token) {
            // Loopback ::1, unspecified ::, and network addresses (interface id zero).
            let loopback = g[..7] == [0; 7] && g[7] == 1;
            if !(loopback || g[4..] == [0; 4]) {
                push(start, end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    finder!(v4, super::find_v4);
    finder!(v6, super::find_v6);

    #[test]
    fn ipv4() {
        assert_eq!(v4("from 203.0.113.7."), ["203.0.113.7"]);
        assert_eq!(v4("http://198.51.100.23:8080/x"), ["198.51.100.23"]);
        assert_eq!(v4("ip=192.168.1.10&x"), ["192.168.1.10"]);
        for neg in [
            "Chrome/156.0.0.0 Safari/537.36",
            "127.0.0.1:39599",
            "0.0.0.0",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "v1.2.3.4",
            "10.0.19041.1",
            "0.14265832157519975",
            "78.0.0.0",
            "203.0.113.0",
        ] {
            assert!(v4(neg).is_empty(), "{neg}");
        }
    }

    #[test]
    fn ipv6() {
        assert_eq!(
            v6("addr 2001:db8::ff00:42:8329 ok"),
            ["2001:db8::ff00:42:8329"]
        );
        assert_eq!(
            v6("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:443"),
            ["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]
        );
        assert_eq!(
            v6("fe80::1ff:fe23:4567:890a."),
            ["fe80::1ff:fe23:4567:890a"]
        );
        for neg in [
            "::1",
            "::",
            "14:33:00.794",
            "00:1A:2B:3C:4D:5E",
            "std::vector",
            "a:b:c",
        ] {
            assert!(v6(neg).is_empty(), "{neg}");
        }
    }
}
