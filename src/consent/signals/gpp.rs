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

/// Reads a US section as far as it goes: the fields before an error stay (so an opt-out read
/// before a corrupt GPC subsection still counts).
fn us_section(
    text: &str,
    segment: usize,
    layout_of: impl Fn(u8) -> Option<UsLayout>,
) -> (UsSection, Option<DecodeError>) {
    let mut us = UsSection {
        version: 0,
        fields: Vec::new(),
        sensitive_data_processing: Vec::new(),
        known_child_sensitive_data_consents: Vec::new(),
        gpc: None,
    };
    let error = us_fill(text, segment, layout_of, &mut us).err();
    (us, error)
}

fn us_fill(
    text: &str,
    segment: usize,
    layout_of: impl Fn(u8) -> Option<UsLayout>,
    us: &mut UsSection,
) -> Result<(), DecodeError> {
    let mut parts = text.split('.');
    let mut b = Bits::new(parts.next().unwrap_or(""), segment)?;
    us.version = b.read(6, "Version")? as u8;
    let layout = layout_of(us.version).ok_or_else(|| DecodeError {
        segment,
        bit: 0,
        message: format!("unsupported section version {}", us.version),
    })?;
    for name in layout.head {
        let v = b.read(2, name)? as u8;
        us.fields.push((*name, v));
    }
    us.sensitive_data_processing =
        two_bit_list(&mut b, layout.sensitive, "SensitiveDataProcessing")?;
    us.known_child_sensitive_data_consents =
        two_bit_list(&mut b, layout.child, "KnownChildSensitiveDataConsents")?;
    for name in layout.tail {
        let v = b.read(2, name)? as u8;
        us.fields.push((*name, v));
    }
    for sub in parts {
        let mut s = Bits::new(sub, segment)?;
        match s.read(2, "SubsectionType")? {
            1 => us.gpc = Some(s.flag("Gpc")?),
            other => return Err(s.error(format!("unknown subsection type {other}"))),
        }
    }
    Ok(())
}

/// Decodes a GPP string. Malformed input is an error with its position; nothing is guessed.
pub fn decode(text: &str) -> Result<GppString, DecodeError> {
    let p = decode_partial(text);
    match p.error {
        None => Ok(p.gpp),
        Some(e) => Err(e),
    }
}

/// A section that did not decode: its id (when the header named one) and what was read of it
/// before the error, when that can still deny (a TCF section whose purposes were read, a US
/// section's leading fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub id: Option<u16>,
    pub partial: Option<Section>,
}

/// What a possibly malformed GPP string holds: the sections that decoded, the ones that did
/// not, and the first error. A corrupt header leaves `header_read` false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    pub gpp: GppString,
    pub broken: Vec<Broken>,
    pub header_read: bool,
    pub error: Option<DecodeError>,
}

/// Decodes as far as the string allows, section by section; never fails.
pub fn decode_partial(text: &str) -> Partial {
    let mut p = Partial {
        gpp: GppString {
            section_ids: Vec::new(),
            sections: Vec::new(),
        },
        broken: Vec::new(),
        header_read: false,
        error: None,
    };
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LEN {
        p.error = Some(DecodeError {
            segment: 0,
            bit: 0,
            message: "GPP string is empty or too long".into(),
        });
        return p;
    }
    let mut parts = text.split('~');
    match header(parts.next().unwrap_or("")) {
        Ok(ids) => {
            p.gpp.section_ids = ids;
            p.header_read = true;
        }
        Err(e) => {
            p.error = Some(e);
            return p;
        }
    }
    let bodies: Vec<&str> = parts.collect();
    if bodies.len() != p.gpp.section_ids.len() {
        p.error = Some(DecodeError {
            segment: 0,
            bit: 0,
            message: format!(
                "header lists {} sections, string has {}",
                p.gpp.section_ids.len(),
                bodies.len()
            ),
        });
        // Bodies without an id: nothing known about them.
        for _ in p.gpp.section_ids.len()..bodies.len() {
            p.broken.push(Broken {
                id: None,
                partial: None,
            });
        }
    }
    for (n, &id) in p.gpp.section_ids.iter().enumerate() {
        let segment = n + 1;
        let Some(body) = bodies.get(n) else {
            p.broken.push(Broken {
                id: Some(id),
                partial: None,
            });
            continue;
        };
        let (section, error) = match id {
            TCFEUV2 => {
                let t = tcf::decode_partial(body);
                let error = t.error.map(|mut e| {
                    e.segment = segment;
                    e
                });
                let keep = error.is_none() || t.purposes_read;
                (keep.then(|| Section::TcfEuV2(Box::new(t.tc))), error)
            }
            USNAT => {
                let (us, e) = us_section(body, segment, |v| match v {
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
                });
                (Some(Section::UsNat(us)), e)
            }
            USCA => {
                let (us, e) = us_section(body, segment, |v| {
                    (v == 1).then_some(UsLayout {
                        head: USCA_HEAD,
                        sensitive: 9,
                        child: 2,
                        tail: TAIL,
                    })
                });
                (Some(Section::UsCa(us)), e)
            }
            other => (Some(Section::Unsupported(other)), None),
        };
        match (section, error) {
            (Some(section), None) => p.gpp.sections.push(section),
            (partial, Some(e)) => {
                p.error.get_or_insert(e);
                p.broken.push(Broken {
                    id: Some(id),
                    partial,
                });
            }
            (None, None) => {}
        }
    }
    p
}

/// The header segment: type 3, version 1, then the section ids.
fn header(text: &str) -> Result<Vec<u16>, DecodeError> {
    let mut header = Bits::new(text, 0)?;
    if header.read(6, "type")? != 3 {
        return Err(header.error("not a GPP header (type must be 3)"));
    }
    let version = header.read(6, "version")?;
    if version != 1 {
        return Err(header.error(format!("unsupported GPP version {version}")));
    }
    section_ids(&mut header)
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
        // The same string read section by section: usca decodes, usnat is broken.
        let p = decode_partial("DBABrw~CU~BQgAAABA.QA");
        assert!(p.header_read);
        assert!(matches!(p.gpp.sections[..], [Section::UsCa(_)]));
        assert_eq!(p.broken[0].id, Some(USNAT));
        // A corrupt GPC subsection keeps the usnat fields read before it.
        let p = decode_partial("DBABrw~CUAQAAAAAACA.Q!~BQgAAABA.QA");
        let Some(Section::UsNat(us)) = &p.broken[0].partial else {
            panic!("{p:?}")
        };
        assert_eq!(us.field("SaleOptOut"), Some(1));
        assert!(!decode_partial("CBABrw~x~y").header_read);
        for cut in 0..REFERENCE.len() {
            let _ = decode(&REFERENCE[..cut]);
        }
    }
}
