//! IAB Global Privacy Platform strings: the header, and the `tcfeuv2`, `usnat` and `usca`
//! sections. Any other section is reported as present but unsupported, never ignored.
//!
//! Layout: sections joined by `~`; the first is the header (type 3, version 1, then the ids of
//! the sections that follow, as a Fibonacci-coded range). A US section is a core segment of
//! 2-bit fields (0 not applicable, 1 yes, 2 no), optionally followed by `.` and a GPC subsection.

use super::bits::{Bits, DecodeError};
use super::tcf::{self, TcString};
use crate::json::push_string;

pub const TCFEUV2: u16 = 2;
pub const USNAT: u16 = 7;
pub const USCA: u16 = 8;

/// A US state or national section: its 2-bit fields by IAB name, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsSection {
    pub version: u8,
    pub fields: Vec<(&'static str, u8)>,
    pub sensitive_data_processing: Vec<u8>,
    pub known_child_sensitive_data_consents: Vec<u8>,
    /// `Some(gpc)` when the GPC subsection is present.
    pub gpc: Option<bool>,
}

impl UsSection {
    pub fn field(&self, name: &str) -> Option<u8> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    TcfEuV2(Box<TcString>),
    UsNat(UsSection),
    UsCa(UsSection),
    Unsupported(u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GppString {
    pub section_ids: Vec<u16>,
    pub sections: Vec<Section>,
}

/// Longest GPP string accepted; bounds the work.
pub const MAX_LEN: usize = 64 * 1024;

/// Reads one Fibonacci-coded integer (Zeckendorf bits, least term first, ended by `11`).
fn fibonacci(b: &mut Bits, field: &str) -> Result<u64, DecodeError> {
    let (mut value, mut a, mut next, mut prev) = (0u64, 1u64, 2u64, false);
    for _ in 0..64 {
        let bit = b.flag(field)?;
        if bit && prev {
            return Ok(value);
        }
        if bit {
            value += a;
        }
        prev = bit;
        (a, next) = (next, a + next);
    }
    Err(b.error(format!("`{field}` is not a terminated Fibonacci integer")))
}

/// The header's section ids: a count, then single ids or ranges, each an offset from the last.
fn section_ids(b: &mut Bits) -> Result<Vec<u16>, DecodeError> {
    let count = b.read(12, "section_ids")?;
    let (mut ids, mut last) = (Vec::new(), 0u64);
    for _ in 0..count {
        let is_range = b.flag("section_ids")?;
        let start = last + fibonacci(b, "section_ids")?;
        let end = if is_range {
            start + fibonacci(b, "section_ids")?
        } else {
            start
        };
        if end > u16::MAX as u64 || end - start > 64 {
            return Err(b.error("`section_ids` range out of bounds"));
        }
        ids.extend((start..=end).map(|id| id as u16));
        last = end;
    }
    Ok(ids)
}

fn two_bit_list(b: &mut Bits, n: usize, field: &str) -> Result<Vec<u8>, DecodeError> {
    (0..n).map(|_| Ok(b.read(2, field)? as u8)).collect()
}

/// Field layout of a US section version: names of the leading 2-bit fields, list sizes, and
/// the trailing 2-bit fields.
struct UsLayout {
    head: &'static [&'static str],
    sensitive: usize,
    child: usize,
    tail: &'static [&'static str],
}

const TAIL: &[&str] = &[
    "PersonalDataConsents",
    "MspaCoveredTransaction",
    "MspaOptOutOptionMode",
    "MspaServiceProviderMode",
];
const USNAT_HEAD: &[&str] = &[
    "SharingNotice",
    "SaleOptOutNotice",
    "SharingOptOutNotice",
    "TargetedAdvertisingOptOutNotice",
    "SensitiveDataProcessingOptOutNotice",
    "SensitiveDataLimitUseNotice",
    "SaleOptOut",
    "SharingOptOut",
    "TargetedAdvertisingOptOut",
];
const USCA_HEAD: &[&str] = &[
    "SaleOptOutNotice",
    "SharingOptOutNotice",
    "SensitiveDataLimitUseNotice",
    "SaleOptOut",
    "SharingOptOut",
];

fn us_section(
    text: &str,
    segment: usize,
    layout_of: impl Fn(u8) -> Option<UsLayout>,
) -> Result<UsSection, DecodeError> {
    let mut parts = text.split('.');
    let mut b = Bits::new(parts.next().unwrap_or(""), segment)?;
    let version = b.read(6, "Version")? as u8;
    let layout = layout_of(version).ok_or_else(|| DecodeError {
        segment,
        bit: 0,
        message: format!("unsupported section version {version}"),
    })?;
    let mut fields = Vec::new();
    for name in layout.head {
        fields.push((*name, b.read(2, name)? as u8));
    }
    let sensitive_data_processing =
        two_bit_list(&mut b, layout.sensitive, "SensitiveDataProcessing")?;
    let known_child_sensitive_data_consents =
        two_bit_list(&mut b, layout.child, "KnownChildSensitiveDataConsents")?;
    for name in layout.tail {
        fields.push((*name, b.read(2, name)? as u8));
    }
    let mut gpc = None;
    for sub in parts {
        let mut s = Bits::new(sub, segment)?;
        match s.read(2, "SubsectionType")? {
            1 => gpc = Some(s.flag("Gpc")?),
            other => return Err(s.error(format!("unknown subsection type {other}"))),
        }
    }
    Ok(UsSection {
        version,
        fields,
        sensitive_data_processing,
        known_child_sensitive_data_consents,
        gpc,
    })
}

/// Decodes a GPP string. Malformed input is an error with its position; nothing is guessed.
pub fn decode(text: &str) -> Result<GppString, DecodeError> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LEN {
        return Err(DecodeError {
            segment: 0,
            bit: 0,
            message: "GPP string is empty or too long".into(),
        });
    }
    let mut parts = text.split('~');
    let mut header = Bits::new(parts.next().unwrap_or(""), 0)?;
    if header.read(6, "type")? != 3 {
        return Err(header.error("not a GPP header (type must be 3)"));
    }
    let version = header.read(6, "version")?;
    if version != 1 {
        return Err(header.error(format!("unsupported GPP version {version}")));
    }
    let section_ids = section_ids(&mut header)?;
    let bodies: Vec<&str> = parts.collect();
    if bodies.len() != section_ids.len() {
        return Err(DecodeError {
            segment: 0,
            bit: 0,
            message: format!(
                "header lists {} sections, string has {}",
                section_ids.len(),
                bodies.len()
            ),
        });
    }
    let mut sections = Vec::new();
    for (n, (&id, body)) in section_ids.iter().zip(bodies).enumerate() {
        let segment = n + 1;
        let at = |mut e: DecodeError| {
            e.segment = segment;
            e
        };
        sections.push(match id {
            TCFEUV2 => Section::TcfEuV2(Box::new(tcf::decode(body).map_err(at)?)),
            USNAT => Section::UsNat(us_section(body, segment, |v| match v {
                1 => Some(UsLayout {
                    head: USNAT_HEAD,
                    sensitive: 12,
                    child: 2,
                    tail: TAIL,
                }),
                2 => Some(UsLayout {
                    head: USNAT_HEAD,
                    sensitive: 16,
                    child: 3,
                    tail: TAIL,
                }),
                _ => None,
            })?),
            USCA => Section::UsCa(us_section(body, segment, |v| {
                (v == 1).then_some(UsLayout {
                    head: USCA_HEAD,
                    sensitive: 9,
                    child: 2,
                    tail: TAIL,
                })
            })?),
            other => Section::Unsupported(other),
        });
    }
    Ok(GppString {
        section_ids,
        sections,
    })
}

fn us_json(out: &mut String, s: &UsSection) {
    out.push_str(&format!("{{\"Version\":{}", s.version));
    for (name, v) in &s.fields {
        out.push(',');
        push_string(out, name);
        out.push_str(&format!(":{v}"));
    }
    for (name, list) in [
        ("SensitiveDataProcessing", &s.sensitive_data_processing),
        (
            "KnownChildSensitiveDataConsents",
            &s.known_child_sensitive_data_consents,
        ),
    ] {
        tcf::push_ids(out, name, list.iter().map(|&v| u16::from(v)));
    }
    out.push_str(&format!(
        ",\"GpcSegmentIncluded\":{},\"Gpc\":{}}}",
        s.gpc.is_some(),
        s.gpc.unwrap_or(false)
    ));
}

impl GppString {
    pub fn to_json(&self) -> String {
        let ids: Vec<String> = self.section_ids.iter().map(u16::to_string).collect();
        let mut out = format!("{{\"sectionIds\":[{}],\"sections\":{{", ids.join(","));
        let mut unsupported = Vec::new();
        let mut first = true;
        for s in &self.sections {
            let (name, body) = match s {
                Section::TcfEuV2(tc) => ("tcfeuv2", tc.to_json()),
                Section::UsNat(u) | Section::UsCa(u) => {
                    let mut body = String::new();
                    us_json(&mut body, u);
                    (
                        if matches!(s, Section::UsNat(_)) {
                            "usnat"
                        } else {
                            "usca"
                        },
                        body,
                    )
                }
                Section::Unsupported(id) => {
                    unsupported.push(id.to_string());
                    continue;
                }
            };
            if !first {
                out.push(',');
            }
            first = false;
            push_string(&mut out, name);
            out.push(':');
            out.push_str(&body);
        }
        out.push_str(&format!("}},\"unsupported\":[{}]}}", unsupported.join(",")));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encoded by @iabgpp/cmpapi 3.2.0: usnat (sale opt-out) and usca (no opt-out).
    const REFERENCE: &str = "DBABrw~CUAQAAAAAACA.QA~BQgAAABA.QA";

    #[test]
    fn decodes_a_reference_string() {
        let g = decode(REFERENCE).unwrap();
        assert_eq!(g.section_ids, [7, 8]);
        let Section::UsNat(us) = &g.sections[0] else {
            panic!()
        };
        assert_eq!(
            (
                us.version,
                us.field("SaleOptOut"),
                us.field("MspaCoveredTransaction")
            ),
            (2, Some(1), Some(2))
        );
        assert_eq!(us.sensitive_data_processing.len(), 16);
        assert_eq!(us.gpc, Some(false));
        let Section::UsCa(ca) = &g.sections[1] else {
            panic!()
        };
        assert_eq!(ca.field("SaleOptOut"), Some(2));
    }

    #[test]
    fn unsupported_sections_are_reported_and_bad_strings_are_errors() {
        // Header listing section 9 (usva), with any body: reported, not decoded.
        let g = decode("DBABRg~BAAAAAAA").unwrap();
        assert_eq!(g.sections, [Section::Unsupported(9)]);
        assert!(g.to_json().contains("\"unsupported\":[9]"));
        assert!(decode("").is_err());
        assert!(decode("CBABrw~x~y").is_err(), "type 2 is not a header");
        assert_eq!(
            decode("DBABrw~CUAQ").unwrap_err().message,
            "header lists 2 sections, string has 1"
        );
        let e = decode("DBABrw~CU~BQgAAABA.QA").unwrap_err();
        assert_eq!(e.segment, 1);
        for cut in 0..REFERENCE.len() {
            let _ = decode(&REFERENCE[..cut]);
        }
    }
}
