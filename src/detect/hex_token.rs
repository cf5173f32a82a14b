//! Hex tokens: runs of hex digits joined by `:`, `-` or `.`, where MAC and IPv6 addresses live.

use super::class::{at, is, HEX};

/// The token starting at `i` (a word start or `::`), trimmed of trailing sentence punctuation,
/// and where reading stopped. None when the bytes at `i` cannot begin an address: a hex run of
/// 1 to 4 then `:`, `-` or `.` (or `::`), so ordinary words cost a few byte reads.
pub fn read(v: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    while j < v.len() && is(v[j], HEX) && j - i < 5 {
        j += 1;
    }
    if !(matches!(at(v, j), b':' | b'-' | b'.') && j - i <= 4) {
        return None;
    }
    while j < v.len() && (is(v[j], HEX) || matches!(v[j], b':' | b'-' | b'.')) {
        j += 1;
    }
    let stop = j;
    while j > i && matches!(v[j - 1], b'.' | b'-')
        || (j > i + 1 && v[j - 1] == b':' && v[j - 2] != b':')
    {
        j -= 1;
    }
    Some((j, stop))
}
