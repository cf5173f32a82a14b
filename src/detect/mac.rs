//! MAC addresses: six hex pairs joined by `:` or `-`, or three dotted quads of hex.
//! All-zero and broadcast addresses identify nothing and pass.

use super::class::{at, is, is_word, HEX};
use super::hex_token;
use super::pass::Cx;
use super::Detector;

pub fn find(cx: &mut Cx, i: usize) {
    let v = cx.v;
    let Some((end, stop)) = hex_token::read(v, i) else {
        return;
    };
    cx.resume(Detector::Mac, stop);
    let t = &v[i..end];
    let shaped = match t.len() {
        17 => (0..17).all(|k| {
            if k % 3 == 2 {
                t[k] == t[2] && matches!(t[2], b':' | b'-')
            } else {
                is(t[k], HEX)
            }
        }),
        // Three dotted groups of four digits only are more often numbers than MACs.
        14 => {
            (0..14).all(|k| {
                if k % 5 == 4 {
                    t[k] == b'.'
                } else {
                    is(t[k], HEX)
                }
            }) && t.iter().any(u8::is_ascii_alphabetic)
        }
        _ => false,
    };
    let hex = || t.iter().filter(|&&b| is(b, HEX));
    let trivial = hex().all(|&b| b == b'0') || hex().all(|&b| b == b'f' || b == b'F');
    if shaped && !trivial && !is_word(at(v, stop)) {
        cx.push(Detector::Mac, i, end);
    }
}

#[cfg(test)]
mod tests {
    finder!(hits, Mac);

    #[test]
    fn table() {
        assert_eq!(hits("mac 00:1A:2B:3C:4D:5E up"), ["00:1A:2B:3C:4D:5E"]);
        assert_eq!(hits("a4-5e-60-c2-19-0b."), ["a4-5e-60-c2-19-0b"]);
        assert_eq!(hits("0011.22aa.bbcc"), ["0011.22aa.bbcc"]);
        for neg in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "14:33:00",
            "2026.1122.3344",
            "00:1A:2B:3C:4D:5E:6F",
            "00:1A:2B:3C:4D:5E-x",
            "396e723c7d2b4364",
        ] {
            assert!(hits(neg).is_empty(), "{neg}");
        }
    }
}
