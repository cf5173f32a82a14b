//! gzip (RFC 1952) around raw DEFLATE, synchronously and inside the module.
//!
//! PostHog posts gzip as `text/plain` with no header or URL marker, and a beacon sent at unload
//! cannot wait for the async `DecompressionStream`, so the codec has to be here and synchronous.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::core::{decompress as inflate, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

const MAGIC: [u8; 2] = [0x1f, 0x8b];
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
/// Level 1: the body is small and the user is waiting on it; ratio barely differs on JSON.
const LEVEL: u8 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GzipError {
    Truncated,
    BadMethod,
    Corrupt,
    /// The decompressed body would exceed the limit (a zip bomb, or just too big).
    TooLarge,
    Checksum,
    /// Bytes after the first member: another member, or anything else. Collectors differ on
    /// whether they read on, so such a body is refused rather than read one way.
    Trailing,
}

impl std::fmt::Display for GzipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GzipError::Truncated => "gzip: truncated",
            GzipError::BadMethod => "gzip: not DEFLATE",
            GzipError::Corrupt => "gzip: corrupt DEFLATE stream",
            GzipError::TooLarge => "gzip: decompressed body over the limit",
            GzipError::Checksum => "gzip: CRC or length mismatch",
            GzipError::Trailing => "gzip: bytes after the first member",
        })
    }
}

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// Decompresses one gzip member, refusing output over `limit` bytes.
pub fn decompress(bytes: &[u8], limit: usize) -> Result<Vec<u8>, GzipError> {
    if bytes.len() < 18 || !is_gzip(bytes) {
        return Err(GzipError::Truncated);
    }
    if bytes[2] != 8 {
        return Err(GzipError::BadMethod);
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = *bytes.get(at).ok_or(GzipError::Truncated)? as usize
            | (*bytes.get(at + 1).ok_or(GzipError::Truncated)? as usize) << 8;
        at += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let end = bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
                .ok_or(GzipError::Truncated)?;
            at += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    if at + 8 > bytes.len() {
        return Err(GzipError::Truncated);
    }
    let (data, used) = inflate_raw(&bytes[at..], limit)?;
    let trailer = bytes
        .get(at + used..at + used + 8)
        .ok_or(GzipError::Truncated)?;
    if bytes.len() != at + used + 8 {
        return Err(GzipError::Trailing);
    }
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    if crc32(&data) != crc || data.len() as u32 != size {
        return Err(GzipError::Checksum);
    }
    Ok(data)
}

/// Inflates a zlib stream (RFC 1950: Sentry's replay recordings), refusing output over `limit`
/// and any byte after the stream.
pub fn inflate_zlib(bytes: &[u8], limit: usize) -> Result<Vec<u8>, GzipError> {
    let flags =
        inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER | inflate_flags::TINFL_FLAG_COMPUTE_ADLER32;
    let (data, used) = inflate_with(bytes, limit, flags)?;
    if used != bytes.len() {
        return Err(GzipError::Trailing);
    }
    Ok(data)
}

/// Compresses `data` as a zlib stream.
pub fn deflate_zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, LEVEL)
}

/// Inflates one raw DEFLATE stream from the start of `input`: the data and how many input
/// bytes the stream took (so what follows it can be checked).
fn inflate_raw(input: &[u8], limit: usize) -> Result<(Vec<u8>, usize), GzipError> {
    inflate_with(input, limit, 0)
}

fn inflate_with(mut input: &[u8], limit: usize, flags: u32) -> Result<(Vec<u8>, usize), GzipError> {
    let flags = flags | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0; input.len().saturating_mul(3).clamp(64, limit.max(64))];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut used, mut written) = (0, 0);
    loop {
        let (status, consumed, produced) = inflate(&mut state, input, &mut out, written, flags);
        used += consumed;
        written += produced;
        input = input.get(consumed..).ok_or(GzipError::Corrupt)?;
        match status {
            TINFLStatus::Done => {
                out.truncate(written);
                return Ok((out, used));
            }
            TINFLStatus::HasMoreOutput if out.len() >= limit => return Err(GzipError::TooLarge),
            TINFLStatus::HasMoreOutput => {
                let grown = out.len().saturating_mul(2).min(limit);
                out.resize(grown, 0);
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(GzipError::Truncated)
            }
            _ => return Err(GzipError::Corrupt),
        }
    }
}

/// Compresses `data` as one gzip member with a minimal header (no name, no time).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let deflated = compress_to_vec(data, LEVEL);
    let mut out = Vec::with_capacity(deflated.len() + 18);
    // magic, method 8, no flags, mtime 0, xfl 0, OS 255 (unknown)
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn round_trips() {
        let text = br#"{"batch":[{"event":"$pageview","properties":{"$current_url":"https://a.example/"}}]}"#;
        let packed = compress(text);
        assert!(is_gzip(&packed));
        assert_eq!(decompress(&packed, 1 << 20).unwrap(), text);
    }

    #[test]
    fn reads_optional_header_fields() {
        let mut packed = compress(b"hello");
        // Set FNAME and insert "x.json\0" after the fixed header.
        packed[3] = FNAME;
        packed.splice(10..10, b"x.json\0".iter().copied());
        assert_eq!(decompress(&packed, 100).unwrap(), b"hello");
    }

    #[test]
    fn refuses_bombs_corruption_and_truncation() {
        let zeros = vec![0u8; 100_000];
        let packed = compress(&zeros);
        assert_eq!(decompress(&packed, 1000), Err(GzipError::TooLarge));
        let mut bad_crc = compress(b"hello world");
        let n = bad_crc.len();
        bad_crc[n - 6] ^= 0xff;
        assert_eq!(decompress(&bad_crc, 100), Err(GzipError::Checksum));
        let whole = compress(b"hello world hello world");
        assert!(decompress(&whole[..whole.len() - 3], 100).is_err());
        assert!(decompress(&whole[..12], 100).is_err());
        let mut method = whole.clone();
        method[2] = 7;
        assert_eq!(decompress(&method, 100), Err(GzipError::BadMethod));
    }

    #[test]
    fn zlib_round_trips_and_refuses_trailing_bytes() {
        let packed = deflate_zlib(b"[{\"type\":2}]");
        assert_eq!(inflate_zlib(&packed, 100).unwrap(), b"[{\"type\":2}]");
        let mut tail = packed.clone();
        tail.push(1);
        assert_eq!(inflate_zlib(&tail, 100), Err(GzipError::Trailing));
        assert!(inflate_zlib(&packed[..packed.len() - 2], 100).is_err());
    }

    #[test]
    fn refuses_a_second_member_or_trailing_bytes() {
        // A multi-member reader would see "hello world"; refuse rather than read one way.
        let mut two = compress(b"hello");
        two.extend(compress(b" world"));
        assert_eq!(decompress(&two, 100), Err(GzipError::Trailing));
        let mut tail = compress(b"hello");
        tail.push(0);
        assert_eq!(decompress(&tail, 100), Err(GzipError::Trailing));
        // A second member whose trailer is forged to match the first member's data.
        let first = compress(b"ok");
        let mut forged = first[..first.len() - 8].to_vec();
        let second = compress(b"{\"email\":\"a@b.co\"}");
        forged.extend_from_slice(&first[first.len() - 8..]);
        forged.extend_from_slice(&second);
        assert_eq!(decompress(&forged, 100), Err(GzipError::Trailing));
    }
}
