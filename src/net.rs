//! IP addresses: parsing and RFC 5952 printing, without `std::net` (its parser and formatter
//! cost ~6 KB of Wasm for what these few functions do).

/// Parses dotted-quad IPv4: four decimal octets, no leading zeros.
pub fn parse_v4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = s.split('.');
    for octet in &mut out {
        let p = parts.next()?;
        if p.is_empty()
            || p.len() > 3
            || (p.len() > 1 && p.starts_with('0'))
            || !p.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        *octet = u8::try_from(p.bytes().fold(0u32, |a, b| a * 10 + (b - b'0') as u32)).ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// Parses IPv6 text (with `::` compression and an optional trailing dotted quad) to 8 groups.
pub fn parse_v6(s: &str) -> Option<[u16; 8]> {
    if s.is_empty() || s.len() > 45 {
        return None;
    }
    let (head, tail) = match s.find("::") {
        Some(i) => (&s[..i], Some(&s[i + 2..])),
        None => (s, None),
    };
    let mut groups = [0u16; 8];
    let head_n = read_groups(head, &mut groups, tail.is_none())?;
    match tail {
        None => (head_n == 8).then_some(groups),
        Some(tail) => {
            let mut rest = [0u16; 8];
            let tail_n = read_groups(tail, &mut rest, true)?;
            if head_n + tail_n > 7 {
                return None;
            }
            groups[8 - tail_n..].copy_from_slice(&rest[..tail_n]);
            Some(groups)
        }
    }
}

/// Reads `a:b:c` (possibly empty) into `out`; the last part may be a dotted quad if `last`.
fn read_groups(s: &str, out: &mut [u16; 8], last: bool) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let mut parts = s.split(':').peekable();
    let mut n = 0;
    while let Some(p) = parts.next() {
        if parts.peek().is_none() && last && p.contains('.') {
            let q = parse_v4(p)?;
            if n + 2 > 8 {
                return None;
            }
            out[n] = u16::from_be_bytes([q[0], q[1]]);
            out[n + 1] = u16::from_be_bytes([q[2], q[3]]);
            n += 2;
        } else {
            if p.is_empty() || p.len() > 4 || n == 8 {
                return None;
            }
            out[n] = u16::from_str_radix(p, 16).ok()?;
            n += 1;
        }
    }
    Some(n)
}

/// Prints IPv6 groups per RFC 5952: lower-case hex, no leading zeros, the first longest run of
/// two or more zero groups as `::`.
pub fn format_v6(g: &[u16; 8]) -> String {
    let (mut best, mut best_len, mut i) = (8, 0, 0);
    while i < 8 {
        if g[i] == 0 {
            let start = i;
            while i < 8 && g[i] == 0 {
                i += 1;
            }
            if i - start > best_len && i - start >= 2 {
                best = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::with_capacity(39);
    let mut i = 0;
    while i < 8 {
        if i == best {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if !out.is_empty() && !out.ends_with(':') {
            out.push(':');
        }
        out.push_str(&format!("{:x}", g[i]));
        i += 1;
    }
    out
}

pub fn format_v4(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v6_round_trips_like_rfc_5952() {
        let cases = [
            ("2001:db8::ff00:42:8329", "2001:db8::ff00:42:8329"),
            (
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "2001:db8::ff00:42:8329",
            ),
            ("::1", "::1"),
            ("::", "::"),
            ("fe80::", "fe80::"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            (
                "2001:db8:85a3:1:2:8a2e:370:7334",
                "2001:db8:85a3:1:2:8a2e:370:7334",
            ),
            ("::ffff:192.0.2.128", "::ffff:c000:280"),
            ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
        ];
        for (input, want) in cases {
            let g = parse_v6(input).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(format_v6(&g), want, "{input}");
            assert_eq!(parse_v6(want), Some(g));
        }
        for bad in [
            "",
            ":",
            ":::",
            "1::2::3",
            "12345::",
            "g::",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "14:33:00",
            "::1.2.3",
        ] {
            assert_eq!(parse_v6(bad), None, "{bad}");
        }
    }

    #[test]
    fn v4() {
        assert_eq!(parse_v4("203.0.113.7"), Some([203, 0, 113, 7]));
        for bad in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "a.b.c.d", ""] {
            assert_eq!(parse_v4(bad), None, "{bad}");
        }
        assert_eq!(format_v4([10, 0, 0, 1]), "10.0.0.1");
    }
}
