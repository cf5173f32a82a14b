//! IAB TCF v2.2 TC strings: the core segment, and the disclosed-vendors and publisher-TC
//! segments when present. Field layout from the IAB "TC String Format" specification.

use super::bits::{Bits, DecodeError};
use crate::json::push_string;

/// A set of vendor ids, stored as a bitset so range-encoded input stays cheap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorSet {
    words: Vec<u64>,
}

impl VendorSet {
    fn insert_range(&mut self, start: u16, end: u16) {
        let need = end as usize / 64 + 1;
        if self.words.len() < need {
            self.words.resize(need, 0);
        }
        for id in start..=end {
            self.words[id as usize / 64] |= 1 << (id % 64);
        }
    }

    pub fn contains(&self, id: u16) -> bool {
        self.words
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    pub fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.words.iter().enumerate().flat_map(|(w, bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| (w * 64 + b) as u16)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherRestriction {
    pub purpose: u8,
    /// 0 not allowed, 1 require consent, 2 require legitimate interest.
    pub restriction_type: u8,
    pub vendors: VendorSet,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublisherTc {
    pub purpose_consents: Vec<u16>,
    pub purpose_legitimate_interests: Vec<u16>,
    pub num_custom_purposes: u8,
    pub custom_purpose_consents: Vec<u16>,
    pub custom_purpose_legitimate_interests: Vec<u16>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcString {
    pub version: u8,
    /// Milliseconds since the epoch (the string stores deciseconds).
    pub created: u64,
    pub last_updated: u64,
    pub cmp_id: u16,
    pub cmp_version: u16,
    pub consent_screen: u8,
    pub consent_language: String,
    pub vendor_list_version: u16,
    pub policy_version: u8,
    pub is_service_specific: bool,
    pub use_non_standard_texts: bool,
    pub special_feature_optins: Vec<u16>,
    pub purpose_consents: Vec<u16>,
    pub purpose_legitimate_interests: Vec<u16>,
    pub purpose_one_treatment: bool,
    pub publisher_country_code: String,
    pub vendor_consents: VendorSet,
    pub vendor_legitimate_interests: VendorSet,
    pub publisher_restrictions: Vec<PublisherRestriction>,
    pub disclosed_vendors: Option<VendorSet>,
    pub publisher_tc: Option<PublisherTc>,
}

/// Longest TC string accepted: far above any real one, and bounds the work.
pub const MAX_LEN: usize = 64 * 1024;

fn letters(b: &mut Bits, field: &str) -> Result<String, DecodeError> {
    let a = b.read(6, field)? as u8;
    let c = b.read(6, field)? as u8;
    if a > 25 || c > 25 {
        return Err(b.error(format!("`{field}` is not two letters")));
    }
    Ok([(b'A' + a) as char, (b'A' + c) as char].iter().collect())
}

/// A vendor section: MaxVendorId, then a bitfield or range entries.
fn vendors(b: &mut Bits, field: &str) -> Result<VendorSet, DecodeError> {
    let max = b.read(16, field)? as u16;
    let mut set = VendorSet::default();
    if b.flag(field)? {
        ranges(b, field, max, &mut set)?;
    } else {
        // Bitfield: bit k is vendor k + 1. Read up to 32 at a time and OR them into the words.
        set.words.resize(max as usize / 64 + 1, 0);
        let mut id = 1usize;
        while id <= max as usize {
            let n = (max as usize + 1 - id).min(32);
            let chunk = b.read(n, field)?;
            // `read` is most-significant-first; reverse so bit j is vendor `id + j`.
            let bits = chunk.reverse_bits() >> (64 - n);
            let (w, o) = (id / 64, id % 64);
            set.words[w] |= bits << o;
            if o + n > 64 {
                set.words[w + 1] |= bits >> (64 - o);
            }
            id += n;
        }
    }
    Ok(set)
}

fn ranges(b: &mut Bits, field: &str, max: u16, set: &mut VendorSet) -> Result<(), DecodeError> {
    let entries = b.read(12, field)?;
    for _ in 0..entries {
        let is_range = b.flag(field)?;
        let start = b.read(16, field)? as u16;
        let end = if is_range {
            b.read(16, field)? as u16
        } else {
            start
        };
        if start == 0 || end < start || (max > 0 && end > max) {
            return Err(b.error(format!(
                "`{field}` has an invalid vendor range {start}-{end}"
            )));
        }
        set.insert_range(start, end);
    }
    Ok(())
}

/// Decodes a TC string. Any malformation is an error with its position; nothing is guessed.
pub fn decode(text: &str) -> Result<TcString, DecodeError> {
    let p = decode_partial(text);
    match p.error {
        None => Ok(p.tc),
        Some(e) => Err(e),
    }
}

/// What a possibly malformed TC string holds up to its first error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    /// The fields read before the error (the rest are defaults).
    pub tc: TcString,
    /// Whether `tc.purpose_consents` was read (it sits at a fixed place in the core segment,
    /// so its denials stand even when a later field or segment is corrupt).
    pub purposes_read: bool,
    pub error: Option<DecodeError>,
}

/// Decodes as far as the string allows; never fails.
pub fn decode_partial(text: &str) -> Partial {
    let mut p = Partial::default();
    if let Err(e) = fill(text, &mut p) {
        p.error = Some(e);
    }
    p
}

fn fill(text: &str, p: &mut Partial) -> Result<(), DecodeError> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_LEN {
        return Err(DecodeError {
            segment: 0,
            bit: 0,
            message: "TC string is empty or too long".into(),
        });
    }
    let tc = &mut p.tc;
    let mut segments = text.split('.');
    let mut b = Bits::new(segments.next().unwrap_or(""), 0)?;
    tc.version = b.read(6, "version")? as u8;
    if tc.version != 2 {
        return Err(DecodeError {
            segment: 0,
            bit: 0,
            message: format!("unsupported TCF version {}", tc.version),
        });
    }
    tc.created = b.read(36, "created")? * 100;
    tc.last_updated = b.read(36, "last_updated")? * 100;
    tc.cmp_id = b.read(12, "cmp_id")? as u16;
    tc.cmp_version = b.read(12, "cmp_version")? as u16;
    tc.consent_screen = b.read(6, "consent_screen")? as u8;
    tc.consent_language = letters(&mut b, "consent_language")?;
    tc.vendor_list_version = b.read(12, "vendor_list_version")? as u16;
    tc.policy_version = b.read(6, "policy_version")? as u8;
    tc.is_service_specific = b.flag("is_service_specific")?;
    tc.use_non_standard_texts = b.flag("use_non_standard_texts")?;
    tc.special_feature_optins = b.id_flags(12, "special_feature_optins")?;
    tc.purpose_consents = b.id_flags(24, "purpose_consents")?;
    p.purposes_read = true;
    tc.purpose_legitimate_interests = b.id_flags(24, "purpose_legitimate_interests")?;
    tc.purpose_one_treatment = b.flag("purpose_one_treatment")?;
    tc.publisher_country_code = letters(&mut b, "publisher_country_code")?;
    tc.vendor_consents = vendors(&mut b, "vendor_consents")?;
    tc.vendor_legitimate_interests = vendors(&mut b, "vendor_legitimate_interests")?;
    let restrictions = b.read(12, "publisher_restrictions")?;
    for _ in 0..restrictions {
        let purpose = b.read(6, "publisher_restrictions")? as u8;
        let restriction_type = b.read(2, "publisher_restrictions")? as u8;
        let mut vendors = VendorSet::default();
        ranges(&mut b, "publisher_restrictions", 0, &mut vendors)?;
        tc.publisher_restrictions.push(PublisherRestriction {
            purpose,
            restriction_type,
            vendors,
        });
    }
    for (index, segment) in segments.enumerate() {
        let mut s = Bits::new(segment, index + 1)?;
        match s.read(3, "segment_type")? {
            1 => tc.disclosed_vendors = Some(vendors(&mut s, "disclosed_vendors")?),
            2 => {} // allowed vendors: removed in TCF 2.2, ignored as the spec says
            3 => {
                let mut p = PublisherTc {
                    purpose_consents: s.id_flags(24, "publisher_purpose_consents")?,
                    purpose_legitimate_interests: s
                        .id_flags(24, "publisher_purpose_legitimate_interests")?,
                    num_custom_purposes: s.read(6, "num_custom_purposes")? as u8,
                    ..PublisherTc::default()
                };
                let n = p.num_custom_purposes as usize;
                p.custom_purpose_consents = s.id_flags(n, "custom_purpose_consents")?;
                p.custom_purpose_legitimate_interests =
                    s.id_flags(n, "custom_purpose_legitimate_interests")?;
                tc.publisher_tc = Some(p);
            }
            other => return Err(s.error(format!("unknown TC segment type {other}"))),
        }
    }
    Ok(())
}

/// Decimal digits without an allocation per number (vendor lists run to thousands of ids).
fn push_u16(out: &mut String, mut n: u16) {
    let mut buf = [0u8; 5];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// Appends `,"name":[ids]`.
pub(super) fn push_ids(out: &mut String, name: &str, ids: impl Iterator<Item = u16>) {
    out.push_str(",\"");
    out.push_str(name);
    out.push_str("\":[");
    for (i, id) in ids.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_u16(out, id);
    }
    out.push(']');
}

impl TcString {
    /// The decoded fields as JSON (camelCase, like the IAB's JS library).
    pub fn to_json(&self) -> String {
        let mut out = format!(
            "{{\"version\":{},\"created\":{},\"lastUpdated\":{},\"cmpId\":{},\"cmpVersion\":{},\"consentScreen\":{},\"consentLanguage\":",
            self.version, self.created, self.last_updated, self.cmp_id, self.cmp_version, self.consent_screen
        );
        push_string(&mut out, &self.consent_language);
        out.push_str(&format!(
            ",\"vendorListVersion\":{},\"policyVersion\":{},\"isServiceSpecific\":{},\"useNonStandardTexts\":{},\"purposeOneTreatment\":{},\"publisherCountryCode\":",
            self.vendor_list_version, self.policy_version, self.is_service_specific, self.use_non_standard_texts, self.purpose_one_treatment
        ));
        push_string(&mut out, &self.publisher_country_code);
        push_ids(
            &mut out,
            "specialFeatureOptins",
            self.special_feature_optins.iter().copied(),
        );
        push_ids(
            &mut out,
            "purposeConsents",
            self.purpose_consents.iter().copied(),
        );
        push_ids(
            &mut out,
            "purposeLegitimateInterests",
            self.purpose_legitimate_interests.iter().copied(),
        );
        push_ids(&mut out, "vendorConsents", self.vendor_consents.ids());
        push_ids(
            &mut out,
            "vendorLegitimateInterests",
            self.vendor_legitimate_interests.ids(),
        );
        out.push_str(",\"publisherRestrictions\":[");
        for (i, r) in self.publisher_restrictions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!(
                "{{\"purpose\":{},\"restrictionType\":{}",
                r.purpose, r.restriction_type
            ));
            push_ids(&mut out, "vendors", r.vendors.ids());
            out.push('}');
        }
        out.push(']');
        if let Some(d) = &self.disclosed_vendors {
            push_ids(&mut out, "vendorsDisclosed", d.ids());
        }
        if let Some(p) = &self.publisher_tc {
            out.push_str(&format!(
                ",\"publisherTC\":{{\"numCustomPurposes\":{}",
                p.num_custom_purposes
            ));
            push_ids(
                &mut out,
                "purposeConsents",
                p.purpose_consents.iter().copied(),
            );
            push_ids(
                &mut out,
                "purposeLegitimateInterests",
                p.purpose_legitimate_interests.iter().copied(),
            );
            push_ids(
                &mut out,
                "customPurposeConsents",
                p.custom_purpose_consents.iter().copied(),
            );
            push_ids(
                &mut out,
                "customPurposeLegitimateInterests",
                p.custom_purpose_legitimate_interests.iter().copied(),
            );
            out.push('}');
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encoded by @iabtechlabtcf/core 1.5.21 (see tests/js/tcf.test.mjs for 1 000 more).
    const REFERENCE: &str =
        "CQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA.IABu.dAAACAAAAUgA";

    #[test]
    fn decodes_a_reference_string() {
        let tc = decode(REFERENCE).unwrap();
        assert_eq!(
            (
                tc.version,
                tc.cmp_id,
                tc.cmp_version,
                tc.policy_version,
                tc.vendor_list_version
            ),
            (2, 10, 3, 5, 150)
        );
        assert_eq!(tc.created, 1_795_392_000_000);
        assert_eq!(tc.publisher_country_code, "DE");
        assert_eq!(tc.purpose_consents, [1, 2, 7, 8, 10]);
        assert_eq!(
            tc.vendor_consents.ids().collect::<Vec<_>>(),
            [1, 2, 300, 499]
        );
        assert_eq!(tc.publisher_restrictions[0].purpose, 2);
        assert_eq!(
            tc.publisher_restrictions[0]
                .vendors
                .ids()
                .collect::<Vec<_>>(),
            [7, 8]
        );
        assert_eq!(
            tc.disclosed_vendors.unwrap().ids().collect::<Vec<_>>(),
            [1, 2, 3]
        );
        let p = tc.publisher_tc.unwrap();
        assert_eq!(
            (p.num_custom_purposes, p.custom_purpose_consents.as_slice()),
            (2, &[1u16][..])
        );
    }

    #[test]
    fn malformed_strings_are_errors_with_positions_never_panics() {
        assert!(decode("").is_err());
        let e = decode("CQuI").unwrap_err();
        assert_eq!(e.segment, 0);
        assert!(e.message.contains("created"), "{e}");
        let e = decode("CQuIxQAQ!").unwrap_err();
        assert_eq!(e.bit, 8 * 6);
        assert!(
            decode("BQuIxQAQuIxQAAKADCENCWFoAMNAAECAAIYgD5wA4AAgAEASwA-YADAwAQkAGAA4AEAA").is_err()
        );
        let e = decode(&format!(
            "{}.zzzz",
            &REFERENCE[..REFERENCE.find('.').unwrap()]
        ))
        .unwrap_err();
        assert_eq!(e.segment, 1);
        // A corrupt optional segment leaves the core's purposes readable.
        let p = decode_partial(&format!(
            "{}.zzzz",
            &REFERENCE[..REFERENCE.find('.').unwrap()]
        ));
        assert!(p.purposes_read && p.error.is_some());
        assert_eq!(p.tc.purpose_consents, [1, 2, 7, 8, 10]);
        assert!(!decode_partial("CQuI").purposes_read);
        // Every prefix and every single-character corruption either decodes or errors.
        for cut in 0..REFERENCE.len() {
            let _ = decode(&REFERENCE[..cut]);
            for c in ["A", "_", "-", ".", "9"] {
                let mut s = REFERENCE.to_owned();
                s.replace_range(cut..cut + 1, c);
                let _ = decode(&s);
            }
        }
    }
}
