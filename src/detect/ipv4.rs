//! IPv4 addresses: dotted quads (zero-padded octets too: `010.001.002.003`), and the integer
//! forms browsers accept, but only as a URL host (`http://3232235786/`, `http://0xC0A8010A/`):
//! elsewhere a 32-bit integer is far more often a timestamp or an id.
//!
//! Not addresses: versions (`Chrome/156.0.0.0`, `v1.2.3.4`, `build 9.8.7.4`, `version=...`,
//! four single-digit parts such as `4.2.1.3`), quads inside longer dotted runs, and addresses
//! that identify no one: loopback, unspecified, broadcast, multicast and reserved, and network
//! addresses (last octet zero, which is also what the `ip` action outputs, so redaction stays
//! idempotent).

use super::class::{at, before, ends_with_ci, is, HEX, LOWER, UPPER};
use super::number::{after_code, Run, Sep};
use super::pass::Cx;
use super::Detector;

/// Words that make the number after them a version: `build 9.8.7.4`, `app_version: 1.2.3.4`.
const VERSION_WORDS: &[&[u8]] = &[
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

pub fn find(cx: &mut Cx, run: &Run) {
    let (v, g) = (cx.v, run.groups);
    if run.plus || after_code(v, run.start) {
        return;
    }
    if g.len() == 1 {
        return integer_host(cx, run);
    }
    for k in 0..g.len().saturating_sub(3) {
        let m = k + 3;
        let starts = if k == 0 {
            run_start_ok(v, run.start)
        } else {
            matches!(g[k].sep, Sep::Space | Sep::Dash)
        };
        let ends = match g.get(m + 1) {
            Some(next) => matches!(next.sep, Sep::Space | Sep::Dash | Sep::Slash),
            None => !is(at(v, g[m].end), HEX | UPPER | LOWER) && at(v, g[m].end) != b'_',
        };
        let quad =
            g[k + 1..=m].iter().all(|x| x.sep == Sep::Dot) && g[k..=m].iter().all(|x| x.len() <= 3);
        if !(starts && ends && quad) {
            continue;
        }
        let mut o = [0u32; 4];
        for (i, x) in g[k..=m].iter().enumerate() {
            o[i] = v[x.start..x.end]
                .iter()
                .fold(0, |a, &b| a * 10 + (b - b'0') as u32);
        }
        if o.iter().all(|&x| x <= 255) && personal(o) && o.iter().any(|&x| x >= 10) {
            let (s, e) = run.span(k, m);
            cx.push(Detector::Ipv4, s, e);
        }
    }
}

/// Whether a run starting at `i` may begin an address: not part of a dotted run, a product
/// version (`Chrome/1.2.3.4`), an IPv6 tail, or after a version word.
fn run_start_ok(v: &[u8], i: usize) -> bool {
    let p = before(v, i);
    let pp = before(v, i.saturating_sub(1));
    if p == b'.'
        || (p == b'/' && is(pp, HEX | UPPER | LOWER))
        || (p == b':' && (is(pp, HEX) || pp == b':'))
    {
        return false;
    }
    if p == b'-' && is(pp, HEX | UPPER | LOWER) {
        return false;
    }
    // The word before, across at most two of ` :=`.
    let mut end = i;
    while end > 0 && i - end < 2 && matches!(v[end - 1], b' ' | b':' | b'=') {
        end -= 1;
    }
    end == i || !VERSION_WORDS.iter().any(|w| ends_with_ci(v, end, w))
}

fn personal(o: [u32; 4]) -> bool {
    !(o[0] == 0 || o[0] == 127 || o[0] >= 224 || o[3] == 0)
}

/// `http://3232235786/` or `http://0xC0A8010A/`: a 32-bit integer as a URL host.
fn integer_host(cx: &mut Cx, run: &Run) {
    let v = cx.v;
    let g = &run.groups[0];
    let host = run.start >= 2 && &v[run.start - 2..run.start] == b"//";
    let mut end = g.end;
    let n = if at(v, end) == b'x' && g.len() == 1 && v[g.start] == b'0' {
        let hex_start = end + 1;
        end = hex_start;
        while end < v.len() && is(v[end], HEX) && end - hex_start < 9 {
            end += 1;
        }
        let digits = &v[hex_start..end];
        if digits.is_empty() || digits.len() > 8 {
            return;
        }
        digits.iter().fold(0u64, |a, &b| {
            a << 4 | (b as char).to_digit(16).unwrap_or(0) as u64
        })
    } else {
        if g.len() > 10 {
            return;
        }
        v[g.start..g.end]
            .iter()
            .fold(0u64, |a, &b| a * 10 + (b - b'0') as u64)
    };
    let bounded = matches!(at(v, end), 0 | b'/' | b':' | b'?' | b'#');
    if host && bounded && (1 << 24..1 << 32).contains(&n) {
        let o = (n as u32).to_be_bytes().map(|x| x as u32);
        if personal(o) {
            cx.push(Detector::Ipv4, run.start, end);
        }
    }
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
        assert_eq!(v4("http://0xCB007107/"), ["0xCB007107"]);
        assert_eq!(v4("10.0.0.1-10.0.0.2"), ["10.0.0.1", "10.0.0.2"]);
        assert_eq!(v4("203.0.113.7/32"), ["203.0.113.7"]);
        assert_eq!(v4("２０３．０．１１３．７"), ["２０３．０．１１３．７"]);
        for neg in [
            "Chrome/156.0.0.0 Safari/537.36",
            "127.0.0.1:39599",
            "0.0.0.0",
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
        ] {
            assert!(v4(neg).is_empty(), "{neg}");
        }
    }
}
