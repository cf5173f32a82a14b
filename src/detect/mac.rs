//! MAC addresses: six hex pairs joined by `:` or `-`, or three dotted quads of hex.

use super::util::{is_alnum, preceded_by_word};

pub fn find(text: &str, push: &mut impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 14 <= bytes.len() {
        if !bytes[i].is_ascii_hexdigit() || preceded_by_word(bytes, i, b":-.") {
            i += 1;
            continue;
        }
        if let Some(end) = paired(bytes, i).or_else(|| dotted(bytes, i)) {
            let token = &bytes[i..end];
            let trivial = token
                .iter()
                .filter(|b| b.is_ascii_hexdigit())
                .all(|&b| b == b'0')
                || token
                    .iter()
                    .filter(|b| b.is_ascii_hexdigit())
                    .all(|&b| b == b'f' || b == b'F');
            let bounded = !bytes
                .get(end)
                .is_some_and(|&b| is_alnum(b) || b == b':' || b == b'-');
            if bounded && !trivial {
                push(i, end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

fn paired(bytes: &[u8], start: usize) -> Option<usize> {
    let sep = *bytes.get(start + 2)?;
    if sep != b':' && sep != b'-' {
        return None;
    }
    for k in 0..6 {
        let p = start + k * 3;
        let pair = bytes.get(p..p + 2)?;
        if !pair.iter().all(u8::is_ascii_hexdigit) || (k < 5 && bytes.get(p + 2) != Some(&sep)) {
            return None;
        }
    }
    Some(start + 17)
}

fn dotted(bytes: &[u8], start: usize) -> Option<usize> {
    for k in 0..3 {
        let p = start + k * 5;
        let quad = bytes.get(p..p + 4)?;
        if !quad.iter().all(u8::is_ascii_hexdigit) || (k < 2 && bytes.get(p + 4) != Some(&b'.')) {
            return None;
        }
    }
    // Three dotted groups of four digits only are more often numbers than MACs.
    let hexish = bytes[start..start + 14]
        .iter()
        .any(|b| b.is_ascii_alphabetic());
    hexish.then_some(start + 14)
}

#[cfg(test)]
mod tests {
    finder!(hits, super::find);

    #[test]
    fn table() {
        assert_eq!(hits("mac 00:1A:2B:3C:4D:5E up"), ["00:1A:2B:3C:4D:5E"]);
        assert_eq!(hits("a4-5e-60-c2-19-0b"), ["a4-5e-60-c2-19-0b"]);
        assert_eq!(hits("0011.22aa.bbcc"), ["0011.22aa.bbcc"]);
        for neg in [
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "14:33:00",
            "2026.1122.3344",
            "00:1A:2B:3C:4D:5E:6F",
            "396e723c7d2b4364",
        ] {
            assert!(hits(neg).is_empty(), "{neg}");
        }
    }
}
