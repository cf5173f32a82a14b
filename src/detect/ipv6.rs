//! IPv6 addresses. Loopback `::1`, unspecified `::` and network addresses (interface id zero:
//! `2001:db8:85a3::`) identify no one and pass; the last is also what the `ip` action outputs.

use super::class::{at, is_word};
use super::hex_token;
use super::pass::Cx;
use super::Detector;
use crate::net;

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    let Some((end, stop)) = hex_token::read(v, i) else {
        return;
    };
    cx.resume(Detector::Ipv6, stop);
    let t = &v[i..end];
    if t.iter().filter(|&&b| b == b':').count() < 2 || is_word(at(v, stop)) {
        return;
    }
    if let Some(g) = core::str::from_utf8(t).ok().and_then(net::parse_v6) {
        let loopback = g[..7] == [0; 7] && g[7] == 1;
        if !(loopback || g[4..] == [0; 4]) {
            cx.push(Detector::Ipv6, i, end);
        }
    }
}

#[cfg(test)]
mod tests {
    finder!(v6, Ipv6);

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
        ] {
            assert!(v6(neg).is_empty(), "{neg}");
        }
    }
}
