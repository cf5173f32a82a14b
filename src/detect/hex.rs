//! MAC and IPv6 addresses: hex digits joined by `:`, `-` or `.`, read as one token.
//!
//! - MAC: six hex pairs joined by `:` or `-`, or three dotted quads of hex with a letter
//!   (three dotted groups of four digits only are more often numbers). All-zero and broadcast
//!   addresses identify nothing and pass.
//! - IPv6: loopback `::1`, unspecified `::` and network addresses (interface id zero:
//!   `2001:db8:85a3::`) identify no one and pass; the last is also what the `ip` action
//!   outputs, so redaction stays idempotent.

use super::class::{at, before, is, is_word, HEX};
use super::pass::Cx;
use super::Detector;
use crate::net;

/// At a word start or `::`: reads the token once for whichever of MAC and IPv6 `d` is. A hex
/// run of 1 to 4 then `:`, `-` or `.` (or `::`) must start it, so ordinary words cost a few
/// byte reads; both resume after it.
pub fn find(cx: &mut Cx, i: usize, d: Detector) {
    let v = cx.v;
    let mut j = i;
    while j < v.len() && is(v[j], HEX) && j - i < 5 {
        j += 1;
    }
    if !(matches!(at(v, j), b':' | b'-' | b'.') && j - i <= 4) {
        return;
    }
    while j < v.len() && (is(v[j], HEX) || matches!(v[j], b':' | b'-' | b'.')) {
        j += 1;
    }
    cx.resume(d, j);
    if is_word(at(v, j)) {
        return;
    }
    // Sentence punctuation or a port separator after the address is not part of it.
    let mut end = j;
    let t = |end| v.get(i..end).unwrap_or(&[]);
    while end > i && matches!(before(v, end), b'.' | b'-' | b':') && !t(end).ends_with(b"::") {
        end -= 1;
    }
    let t = t(end);
    let found = if d == Detector::Mac { mac(t) } else { ipv6(t) };
    if found {
        cx.push(d, i, end);
    }
}

fn mac(t: &[u8]) -> bool {
    let (step, sep) = match t.len() {
        17 => (3, t[2]),
        14 => (5, b'.'),
        _ => return false,
    };
    let (mut zero, mut ones, mut letter) = (true, true, false);
    for (k, &b) in t.iter().enumerate() {
        if k % step == step - 1 {
            if b != sep {
                return false;
            }
        } else if !is(b, HEX) {
            return false;
        } else {
            zero &= b == b'0';
            ones &= b | 0x20 == b'f';
            letter |= b > b'9';
        }
    }
    (matches!(sep, b':' | b'-') || letter) && !zero && !ones
}

fn ipv6(t: &[u8]) -> bool {
    let g = core::str::from_utf8(t).ok().and_then(net::parse_v6);
    g.is_some_and(|g| !(g[4..] == [0; 4] || g[..7] == [0; 7] && g[7] == 1))
}

#[cfg(test)]
mod tests {
    finder!(mac, Mac);
    finder!(v6, Ipv6);

    #[test]
    fn mac_addresses() {
        assert_eq!(mac("mac 00:1A:2B:3C:4D:5E up"), ["00:1A:2B:3C:4D:5E"]);
        assert_eq!(mac("a4-5e-60-c2-19-0b."), ["a4-5e-60-c2-19-0b"]);
        assert_eq!(mac("0011.22aa.bbcc"), ["0011.22aa.bbcc"]);
        for neg in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "14:33:00",
            "2026.1122.3344",
            "00:1A:2B:3C:4D:5E:6F",
            "00:1A:2B:3C:4D:5E-x",
            "396e723c7d2b4364",
        ] {
            assert!(mac(neg).is_empty(), "{neg}");
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
        assert_eq!(v6("::ffff:203.0.113.7"), ["::ffff:203.0.113.7"]);
        for neg in [
            "::1",
            "::",
            "14:33:00.794",
            "00:1A:2B:3C:4D:5E",
            "std::vector",
            "a:b:c",
            "2001:db8::1g",
        ] {
            assert!(v6(neg).is_empty(), "{neg}");
        }
    }
}
