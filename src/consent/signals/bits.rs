//! Reading fixed-width fields from a base64url segment, with the position of any failure.

use crate::base64::sextet;
use std::fmt;

/// Where and why a consent string failed to decode. Never panics, never grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Which `.`-separated segment (0 is the first).
    pub segment: usize,
    /// Bit offset inside the segment; `bit / 6` is the character.
    pub bit: usize,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (segment {}, bit {}, character {})",
            self.message,
            self.segment,
            self.bit,
            self.bit / 6
        )
    }
}

impl std::error::Error for DecodeError {}

pub struct Bits {
    bytes: Vec<u8>,
    len: usize,
    pos: usize,
    segment: usize,
}

impl Bits {
    /// Decodes unpadded base64url. An invalid character is an error at its position.
    pub fn new(text: &str, segment: usize) -> Result<Self, DecodeError> {
        let mut bytes = Vec::with_capacity(text.len() * 3 / 4 + 1);
        let (mut acc, mut nbits) = (0u32, 0);
        for (i, c) in text.bytes().enumerate() {
            let v = match sextet(c) {
                Some((v, None | Some(true))) => v,
                _ => {
                    return Err(DecodeError {
                        segment,
                        bit: i * 6,
                        message: format!("invalid base64url character {:?}", c as char),
                    })
                }
            } as u32;
            acc = (acc << 6) | v;
            nbits += 6;
            if nbits >= 8 {
                nbits -= 8;
                bytes.push((acc >> nbits) as u8);
            }
        }
        if nbits > 0 {
            bytes.push((acc << (8 - nbits)) as u8);
        }
        Ok(Bits {
            bytes,
            len: text.len() * 6,
            pos: 0,
            segment,
        })
    }

    #[cold]
    fn ends_inside(&self, field: &str, n: usize) -> DecodeError {
        self.error(format!("string ends inside `{field}` ({n} bits)"))
    }

    pub fn error(&self, message: impl Into<String>) -> DecodeError {
        DecodeError {
            segment: self.segment,
            bit: self.pos,
            message: message.into(),
        }
    }

    /// Reads `n` bits (at most 64) as an unsigned integer, most significant first. Kept out of
    /// line: it is called for every field, and inlining it everywhere costs KBs of Wasm.
    #[inline(never)]
    pub fn read(&mut self, n: usize, field: &str) -> Result<u64, DecodeError> {
        if self.pos + n > self.len {
            return Err(self.ends_inside(field, n));
        }
        let mut v = 0u64;
        let mut left = n;
        while left > 0 {
            // Take as many bits as remain in the current byte at once.
            let offset = self.pos % 8;
            let take = (8 - offset).min(left);
            let byte = self.bytes[self.pos / 8] as u64;
            let bits = (byte >> (8 - offset - take)) & ((1 << take) - 1);
            v = (v << take) | bits;
            self.pos += take;
            left -= take;
        }
        Ok(v)
    }

    pub fn flag(&mut self, field: &str) -> Result<bool, DecodeError> {
        Ok(self.read(1, field)? == 1)
    }

    /// `n` flags as the 1-based ids that are set.
    pub fn id_flags(&mut self, n: usize, field: &str) -> Result<Vec<u16>, DecodeError> {
        let mut out = Vec::new();
        for id in 1..=n {
            if self.flag(field)? {
                out.push(id as u16);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_reports_positions() {
        let mut b = Bits::new("BA", 0).unwrap(); // 000001 000000
        assert_eq!(b.read(6, "version").unwrap(), 1);
        assert_eq!(b.read(6, "x").unwrap(), 0);
        let e = b.read(1, "more").unwrap_err();
        assert_eq!((e.segment, e.bit), (0, 12));
        let e = Bits::new("AB!C", 2).err().unwrap();
        assert_eq!((e.segment, e.bit), (2, 12));
    }
}
