//! What a non-ASCII character (or a decoded escape) counts as when detecting: an ASCII byte,
//! nothing at all, or itself.
//!
//! Fullwidth forms, Unicode spaces and digits, dashes and invisible characters let personal data
//! pass a matcher that only knows ASCII: `ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ`, `4111 1111` with NBSPs,
//! a zero-width space inside an email. Hand-written ranges instead of Unicode tables: this is
//! all the detectors need, and the tables would cost more than the whole detect module.

pub enum Fold {
    Ascii(u8),
    Delete,
    Keep,
}

/// `(first, last, to)`: code points `first..=last` become `to`, or `to + (c - first)` when
/// `to` is [`SHIFT`]-tagged (the range maps onto consecutive ASCII bytes).
const SHIFT: u32 = 0x80;
const DELETE: u32 = 0x7f;
const TABLE: [(u32, u32, u32); 21] = [
    (0x00, 0x1f, b' ' as u32),
    (0x7f, 0xa0, b' ' as u32),             // C1 controls and NBSP
    (0xad, 0xad, DELETE),                  // soft hyphen
    (0x0660, 0x0669, SHIFT | b'0' as u32), // Arabic-Indic digits
    (0x06f0, 0x06f9, SHIFT | b'0' as u32),
    (0x0966, 0x096f, SHIFT | b'0' as u32), // Devanagari digits
    (0x1680, 0x1680, b' ' as u32),
    (0x2000, 0x200a, b' ' as u32),
    (0x200b, 0x200f, DELETE), // zero-width space, joiners, direction marks
    (0x2010, 0x2015, b'-' as u32),
    (0x202a, 0x202e, DELETE), // direction embeddings and overrides
    (0x202f, 0x202f, b' ' as u32),
    (0x205f, 0x205f, b' ' as u32),
    (0x2060, 0x206f, DELETE), // word joiner, invisible operators
    (0x2212, 0x2212, b'-' as u32),
    (0x3000, 0x3000, b' ' as u32),
    (0x3002, 0x3002, b'.' as u32), // ideographic full stop (IDNA label separator)
    (0xfe6b, 0xfe6b, b'@' as u32),
    (0xfeff, 0xfeff, DELETE),
    (0xff01, 0xff5e, SHIFT | b'!' as u32),   // fullwidth ASCII
    (0x1d7ce, 0x1d7ff, SHIFT | b'0' as u32), // mathematical digits (five styles of ten)
];

/// [`TABLE`] packed at compile time: `first` in bits 0-16, `last - first` in 17-23, `to` in
/// 24-31.
const RANGES: [u32; 21] = {
    let mut out = [0; 21];
    let mut i = 0;
    while i < 21 {
        let (first, last, to) = TABLE[i];
        out[i] = first | (last - first) << 17 | to << 24;
        i += 1;
    }
    out
};

pub fn fold(c: u32) -> Fold {
    if c < 0x80 && c != 0x7f && c >= 0x20 {
        return Fold::Ascii(c as u8);
    }
    for r in RANGES {
        let (first, to) = (r & 0x1ffff, r >> 24);
        if c < first {
            break;
        }
        if c - first <= r >> 17 & 0x7f {
            return match to {
                DELETE => Fold::Delete,
                t if t & SHIFT != 0 => {
                    // Five styles of mathematical digits in a row: the offset counts modulo 10.
                    let off = if first > 0xffff {
                        (c - first) % 10
                    } else {
                        c - first
                    };
                    Fold::Ascii((t & 0x7f) as u8 + off as u8)
                }
                t => Fold::Ascii(t as u8),
            };
        }
    }
    Fold::Keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(c: char) -> Option<u8> {
        match fold(c as u32) {
            Fold::Ascii(b) => Some(b),
            Fold::Delete => Some(0),
            Fold::Keep => None,
        }
    }

    #[test]
    fn table() {
        assert_eq!(f('＠'), Some(b'@'));
        assert_eq!(f('９'), Some(b'9'));
        assert_eq!(f('ｚ'), Some(b'z'));
        assert_eq!(f('\u{a0}'), Some(b' '));
        assert_eq!(f('\u{3000}'), Some(b' '));
        assert_eq!(f('\u{200b}'), Some(0));
        assert_eq!(f('\u{ad}'), Some(0));
        assert_eq!(f('\u{feff}'), Some(0));
        assert_eq!(f('‐'), Some(b'-'));
        assert_eq!(f('٣'), Some(b'3'));
        assert_eq!(f('𝟗'), Some(b'9'));
        assert_eq!(f('𝟬'), Some(b'0'));
        assert_eq!(f('。'), Some(b'.'));
        assert_eq!(f('é'), None);
        assert_eq!(f('例'), None);
        assert_eq!(f('\n'), Some(b' '));
    }
}
