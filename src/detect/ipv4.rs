//! IPv4 addresses: dotted quads (zero-padded octets too: `010.001.002.003`), and a 32-bit
//! decimal integer, but only as a URL host (`http://3405803783/`): elsewhere such an integer is
//! far more often a timestamp or an id. Hex and octal integer hosts are not read.
//!
//! Not addresses: versions (`Chrome/156.0.0.0`, `v1.2.3.4`, `build 9.8.7.4`, `version=...`,
//! four single-digit parts such as `4.2.1.3`), quads inside longer dotted runs, and addresses
//! that identify no one: loopback, unspecified, broadcast, multicast and reserved, and network
//! addresses (last octet zero, which is also what the `ip` action outputs, so redaction stays
//! idempotent).

use super::class::{at, before, ends_with_ci, is, ALPHA, HEX};
use super::number::{value, Sep, Verdict, Window};

/// Words that make the number after them a version: `build 9.8.7.4`, `app_version: 1.2.3.4`.
const VERSION_WORDS: [&[u8]; 9] = [
    b"version",
    b"build",
    b"ver",
    b"rev",
    b"release",
    b"firmware",
    b"fw",
    b"sdk",
    b"os",
];

pub fn judge(w: &Window) -> Verdict {
    let (v, run, d) = (w.v, w.run, w.d);
    if run.plus || w.k == 0 && !start_ok(v, run.start) {
        return Verdict::Done;
    }
    if run.groups.len() == 1 {
        // `http://3405803783/`: a 32-bit integer as a URL host.
        let host = v.get(run.start.wrapping_sub(2)..run.start) == Some(b"//");
        let n = d.iter().fold(0u64, |a, &x| a * 10 + x as u64);
        let end = matches!(at(v, run.groups[0].end), 0 | b'/' | b':' | b'?' | b'#');
        let hit = host && end && d.len() <= 10 && n >> 24 != 0;
        return Verdict::of(
            hit && personal((n as u32).to_be_bytes().map(u32::from)),
            false,
        );
    }
    // Up to four groups of one to three digits, joined by dots.
    let quad = w.lens & 0xcccc == 0 && w.all(Sep::Dot);
    if w.m < w.k + 3 || !quad {
        return Verdict::of(false, quad);
    }
    let mut o = [0u32; 4];
    let mut p = 0;
    for (i, o) in o.iter_mut().enumerate() {
        let len = (w.lens >> (12 - 4 * i)) as usize & 0xf;
        *o = value(d.get(p..p + len).unwrap_or(&[]));
        p += len;
    }
    let hit = (w.ends || matches!(w.next, Sep::Dash | Sep::Slash))
        && o[0] != 0
        && o.iter().all(|&x| x <= 255)
        && personal(o)
        && o.iter().any(|&x| x >= 10);
    Verdict::of(hit, false)
}

/// Whether a run starting at `i` may begin an address: not part of a dotted run, a product
/// version (`Chrome/1.2.3.4`, `release-1.2.3.4`), an IPv6 tail, or after a version word.
fn start_ok(v: &[u8], i: usize) -> bool {
    let (p, pp) = (before(v, i), before(v, i.saturating_sub(1)));
    let word = is(pp, ALPHA | HEX);
    if p == b'.' || word && matches!(p, b'/' | b'-') || p == b':' && (is(pp, HEX) || pp == b':') {
        return false;
    }
    // The word before, across one or two of ` :=`.
    let mut end = i;
    while end > 0 && i - end < 2 && matches!(before(v, end), b' ' | b':' | b'=') {
        end -= 1;
    }
    end == i || !VERSION_WORDS.iter().any(|w| ends_with_ci(v, end, w))
}

/// Not loopback, unspecified, multicast or reserved, broadcast, or a network (`x.y.z.0`).
fn personal(o: [u32; 4]) -> bool {
    !(o[0] == 127 || o[0] >= 224 || o[3] == 0)
}

#[cfg(test)]
mod tests {
    finder!(v4, Ipv4);

    #[test]
    fn ipv4() {
        assert_eq!(v4("from 203.0.113.7."), ["203.0.113.7"]);
        assert_eq!(v4("http://198.51.100.23:8080/x"), ["198.51.100.23"]);
        assert_eq!(v4("ip=192.168.1.10&x"), ["192.168.1.10"]);
        assert_eq!(v4("ip:203.0.113.7"), ["203.0.113.7"]);
        assert_eq!(v4("a 203.000.113.007 b"), ["203.000.113.007"]);
        assert_eq!(v4("http://3405803783/x"), ["3405803783"]);
        assert_eq!(v4("10.0.0.1-10.0.0.2"), ["10.0.0.1", "10.0.0.2"]);
        assert_eq!(v4("203.0.113.7/32"), ["203.0.113.7"]);
        assert_eq!(v4("２０３．０．１１３．７"), ["２０３．０．１１３．７"]);
        for neg in [
            "Chrome/156.0.0.0 Safari/537.36",
            "127.0.0.1:39599",
            "0.0.0.0",
            "0.1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "v1.2.3.4",
            "build 9.8.7.4",
            "Build 12.1.30.204",
            "app_version: 1.12.3.44",
            "version=4.12.1.200",
            "4.2.1.3",
            "10.0.19041.1",
            "0.14265832157519975",
            "78.0.0.0",
            "203.0.113.0",
            "239.1.2.3",
            "3405803783",
            "t=3405803783",
            "http://0xCB007107/",
        ] {
            assert!(v4(neg).is_empty(), "{neg}");
        }
    }
}
