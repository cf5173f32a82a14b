//! A borrowed JSON tree for events.
//!
//! Strings without escapes and every number stay slices of the input, so a field that passes
//! untouched is written back byte for byte (numbers keep their exact digits, lone surrogate
//! escapes survive). Parsing is recursive but bounded by `max_depth`, so hostile nesting is an
//! error, never a stack overflow.
//!
//! The tree holds what a collector's `JSON.parse` holds, so the engine judges exactly that:
//! keys are unescaped (`"b\u0061tch"` is `batch`), and a repeated key keeps only its last value,
//! at the position of its first occurrence, as `JSON.parse` does. Only that value is written
//! back, so no reader downstream can pick another one.

use std::borrow::Cow;
use std::fmt;

/// One JSON value borrowing from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number's text, already validated against the JSON grammar.
    Num(Cow<'a, str>),
    Str(Text<'a>),
    Arr(Vec<Json<'a>>),
    Obj(Vec<(Text<'a>, Json<'a>)>),
}

/// A JSON string: borrowed when it needs no unescaping, owned when the engine wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum Text<'a> {
    /// Raw content with no backslash: identical to its decoded value.
    Plain(&'a str),
    /// Raw content still carrying JSON escapes; decoded on demand.
    Escaped(&'a str),
    /// A value produced by redaction.
    Owned(String),
}

impl<'a> Json<'a> {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Obj(fields) => fields
                .iter()
                .find(|(k, _)| k.decoded() == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Like [`Json::get`], mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json<'a>> {
        match self {
            Json::Obj(fields) => fields
                .iter_mut()
                .find(|(k, _)| k.decoded() == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

impl<'a> Text<'a> {
    /// The decoded string. Lone surrogates decode to U+FFFD (only for inspection: an untouched
    /// `Escaped` string is written back raw).
    pub fn decoded(&self) -> Cow<'_, str> {
        match self {
            Text::Plain(s) => Cow::Borrowed(s),
            Text::Owned(s) => Cow::Borrowed(s.as_str()),
            Text::Escaped(raw) => Cow::Owned(unescape(raw)),
        }
    }

    pub fn owned(s: impl Into<String>) -> Self {
        Text::Owned(s.into())
    }

    /// The text of a key (keys are never `Escaped`: the parser decodes them) or of any text
    /// that needs no decoding; an `Escaped` value gives its raw form.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Plain(s) | Text::Escaped(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// Finds an earlier member with the same key: by comparison for small objects, through a
/// hash index (built once the object grows past `LINEAR_KEYS`) for large ones.
#[derive(Default)]
pub(crate) struct KeyIndex {
    /// Open addressing: member index + 1, 0 for empty. Twice the members, rebuilt on growth.
    slots: Vec<u32>,
}

fn key_hash(key: &str) -> u64 {
    // FNV-1a: tiny, and good enough against accidental clustering; a hostile page gains
    // nothing from collisions but its own slower parse, bounded by the body size limit.
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl KeyIndex {
    /// Adds a member to an object being built, as the parser does: a repeated key keeps its
    /// last value, at the first key's position. Returns whether the key was repeated.
    pub(crate) fn insert_member<'a>(
        &mut self,
        members: &mut Vec<(Text<'a>, Json<'a>)>,
        key: Text<'a>,
        value: Json<'a>,
    ) -> bool {
        match self.find(members, key.as_str()) {
            Some(i) => {
                members[i].1 = value;
                true
            }
            None => {
                members.push((key, value));
                self.added(members);
                false
            }
        }
    }

    fn find(&self, members: &[(Text<'_>, Json<'_>)], key: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return members.iter().position(|(k, _)| k.as_str() == key);
        }
        let mask = self.slots.len() - 1;
        let mut at = key_hash(key) as usize & mask;
        loop {
            match self.slots[at] {
                0 => return None,
                n if members[n as usize - 1].0.as_str() == key => return Some(n as usize - 1),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Records the member just pushed (the last one).
    fn added(&mut self, members: &[(Text<'_>, Json<'_>)]) {
        let n = members.len();
        if n <= LINEAR_KEYS {
            return;
        }
        if self.slots.is_empty() || n * 2 > self.slots.len() {
            self.slots = vec![0; (n * 4).next_power_of_two()];
            for i in 0..n {
                self.insert(members, i);
            }
        } else {
            self.insert(members, n - 1);
        }
    }

    fn insert(&mut self, members: &[(Text<'_>, Json<'_>)], i: usize) {
        let mask = self.slots.len() - 1;
        let mut at = key_hash(members[i].0.as_str()) as usize & mask;
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = i as u32 + 1;
    }
}

fn push_path_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    crate::select::format_key(key, path);
}

/// Why a text is not an acceptable event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// Not valid JSON; `offset` is the byte where parsing stopped.
    Syntax {
        offset: usize,
        expected: &'static str,
    },
    /// Nesting went past the limit at `offset`.
    TooDeep { offset: usize, limit: usize },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Syntax { offset, expected } => {
                write!(f, "invalid JSON at byte {offset}: expected {expected}")
            }
            ParseError::TooDeep { offset, limit } => {
                write!(f, "nesting deeper than {limit} levels at byte {offset}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses `text` as one JSON value, refusing nesting deeper than `max_depth`.
pub fn parse(text: &str, max_depth: usize) -> Result<Json<'_>, ParseError> {
    Ok(parse_counted(text, max_depth)?.0)
}

/// Like [`parse`], and counts the repeated keys whose earlier values were dropped.
pub fn parse_counted(text: &str, max_depth: usize) -> Result<(Json<'_>, usize), ParseError> {
    let mut p = Parser::new(text, max_depth, None);
    let value = p.document()?;
    Ok((value, p.duplicates))
}

/// The paths (as receipts print them) of the repeated keys in `text`, first to last. Parsing
/// again is the cheap way to get them: repeated keys are rare, and tracking paths on every
/// parse would cost every event.
pub fn duplicate_paths(text: &str, max_depth: usize) -> Vec<String> {
    let mut p = Parser::new(text, max_depth, Some(Vec::new()));
    let _ = p.document();
    p.dup_paths.unwrap_or_default()
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
    duplicates: usize,
    /// The current path and the repeated keys found, only when asked for.
    path: String,
    dup_paths: Option<Vec<String>>,
}

/// Objects up to this size find a repeated key by comparing with each earlier key; larger
/// ones build a hash index, so a hostile object with 100 000 keys stays linear.
const LINEAR_KEYS: usize = 16;

impl<'a> Parser<'a> {
    fn new(src: &'a str, max_depth: usize, dup_paths: Option<Vec<String>>) -> Self {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            max_depth,
            duplicates: 0,
            path: String::new(),
            dup_paths,
        }
    }

    fn document(&mut self) -> Result<Json<'a>, ParseError> {
        self.skip_ws();
        let value = self.value(0)?;
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(self.syntax("end of input"));
        }
        Ok(value)
    }

    fn syntax(&self, expected: &'static str) -> ParseError {
        ParseError::Syntax {
            offset: self.pos,
            expected,
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, ParseError> {
        match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.syntax("a value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<(), ParseError> {
        if depth > self.max_depth {
            return Err(ParseError::TooDeep {
                offset: self.pos,
                limit: self.max_depth,
            });
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static str, value: Json<'a>) -> Result<Json<'a>, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.syntax(word))
        }
    }

    /// A key as every JSON reader sees it: escapes decoded.
    fn key(&mut self) -> Result<Text<'a>, ParseError> {
        Ok(match self.string()? {
            Text::Escaped(raw) => Text::Owned(unescape(raw)),
            plain => plain,
        })
    }

    fn object(&mut self, depth: usize) -> Result<Json<'a>, ParseError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut members: Vec<(Text<'a>, Json<'a>)> = Vec::new();
        let mut index = KeyIndex::default();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Obj(members));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.syntax("a string key"));
            }
            let key = self.key()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.syntax("':'"));
            }
            self.pos += 1;
            self.skip_ws();
            let base = self.path.len();
            if self.dup_paths.is_some() {
                push_path_key(&mut self.path, key.as_str());
            }
            let value = self.value(depth)?;
            match index.find(&members, key.as_str()) {
                // As JSON.parse: the last value wins, at the first key's position.
                Some(i) => {
                    members[i].1 = value;
                    self.duplicates += 1;
                    if let Some(paths) = &mut self.dup_paths {
                        paths.push(self.path.clone());
                    }
                }
                None => {
                    members.push((key, value));
                    index.added(&members);
                }
            }
            self.path.truncate(base);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Obj(members));
                }
                _ => return Err(self.syntax("',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json<'a>, ParseError> {
        self.enter(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            self.skip_ws();
            let base = self.path.len();
            if self.dup_paths.is_some() {
                use std::fmt::Write;
                let _ = write!(self.path, "[{}]", items.len());
            }
            items.push(self.value(depth)?);
            self.path.truncate(base);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                _ => return Err(self.syntax("',' or ']'")),
            }
        }
    }

    fn string(&mut self) -> Result<Text<'a>, ParseError> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Plain bytes are the common case: skip them in a tight loop.
            let rest = &self.bytes[self.pos..];
            let plain = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            self.pos += plain.unwrap_or(rest.len());
            match self.bytes.get(self.pos) {
                None => return Err(self.syntax("closing '\"'")),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            let hex = self.bytes.get(self.pos + 1..self.pos + 5);
                            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                                return Err(self.syntax("four hex digits after \\u"));
                            }
                            self.pos += 5;
                        }
                        _ => return Err(self.syntax("a valid escape")),
                    }
                }
                Some(0..=0x1f) => return Err(self.syntax("no control characters in a string")),
                Some(_) => self.pos += 1,
            }
        }
        let raw = &self.src[start..self.pos];
        self.pos += 1;
        Ok(if escaped {
            Text::Escaped(raw)
        } else {
            Text::Plain(raw)
        })
    }

    fn number(&mut self) -> Result<Json<'a>, ParseError> {
        let start = self.pos;
        if self.bytes[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.syntax("a digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return Err(self.syntax("a digit after '.'"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return Err(self.syntax("a digit in the exponent"));
            }
            self.digits();
        }
        Ok(Json::Num(Cow::Borrowed(&self.src[start..self.pos])))
    }

    fn digits(&mut self) {
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
    }
}

/// A JSON number's value written out in plain decimal (`4.111111111111111e15` is
/// `4111111111111111`, `41111111111111110e-1` too): what a reader holds, for detectors that read
/// digits. None when the text is already plain, or the value would take more than 64 digits.
pub fn plain_number(text: &str) -> Option<String> {
    if !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return None;
    }
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i32>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = format!("{int}{frac}");
    // The decimal point sits after `point` digits of `digits`.
    let point = int.len() as i64 + exp as i64;
    if !(-64..=64).contains(&point) || digits.len() > 64 {
        return None;
    }
    let (whole, fraction) = if point <= 0 {
        (
            String::from("0"),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        (
            digits[..point as usize].to_owned(),
            digits[point as usize..].to_owned(),
        )
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    Some(if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    })
}

/// Decodes the content of a JSON string that the parser already validated.
pub(crate) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().map(|(_, c)| c) {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let unit = hex4(&raw[i + 2..i + 6]);
                for _ in 0..4 {
                    chars.next();
                }
                let low = raw
                    .get(i + 6..i + 12)
                    .filter(|s| s.starts_with("\\u"))
                    .map(|s| hex4(&s[2..]));
                match (unit, low) {
                    (0xD800..=0xDBFF, Some(lo @ 0xDC00..=0xDFFF)) => {
                        let code = 0x10000 + ((unit - 0xD800) << 10) + (lo - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        for _ in 0..6 {
                            chars.next();
                        }
                    }
                    _ => out.push(char::from_u32(unit).unwrap_or('\u{FFFD}')),
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn hex4(s: &str) -> u32 {
    u32::from_str_radix(s, 16).unwrap_or(0xFFFD)
}

/// Writes `value` as compact JSON.
pub fn write(value: &Json<'_>, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(true) => out.push_str("true"),
        Json::Bool(false) => out.push_str("false"),
        Json::Num(n) => out.push_str(n),
        Json::Str(t) => write_text(t, out),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Obj(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_text(k, out);
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
    }
}

pub fn to_string(value: &Json<'_>) -> String {
    to_string_with_capacity(value, 0)
}

/// Writes `value` into a string sized up front (the input's length is a good guess).
pub fn to_string_with_capacity(value: &Json<'_>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    write(value, &mut out);
    out
}

fn write_text(t: &Text<'_>, out: &mut String) {
    out.push('"');
    match t {
        Text::Plain(raw) | Text::Escaped(raw) => out.push_str(raw),
        Text::Owned(s) => escape_into(s, out),
    }
    out.push('"');
}

/// Appends `s` as a quoted JSON string.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    escape_into(s, out);
    out.push('"');
}

/// Appends `s` escaped for a JSON string body.
pub fn escape_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789abcdef"[(b & 0xf) as usize]));
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

/// Parses a JSON number. Hand-written, like `format_number`: core's float parsing and
/// printing cost ~20 KB of Wasm, and bucketing needs neither exact rounding nor exponents past
/// what a telemetry value carries.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    if mantissa.contains('.') && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for b in int.bytes().chain(frac.bytes()) {
        v = v * 10.0 + f64::from(b - b'0');
    }
    // Dividing by an exact power of ten rounds once; multiplying by 1e-3 would round twice.
    let e = exp - frac.len() as i32;
    let v = if e < 0 {
        v / 10f64.powi(-e)
    } else {
        v * 10f64.powi(e)
    };
    v.is_finite().then_some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) -> String {
        to_string(&parse(text, 64).unwrap())
    }

    #[test]
    fn untouched_values_are_copied_byte_for_byte() {
        for text in [
            r#"{"a":1.50,"b":[true,false,null],"c":"x\u00e9\ud800y","d":{}}"#,
            r#"[1e400,-0,12345678901234567890123]"#,
        ] {
            assert_eq!(roundtrip(text), text);
        }
    }

    #[test]
    fn keys_read_as_json_parse_reads_them() {
        // The last value wins, at the first key's position; escaped keys are the same key.
        let (v, dups) =
            parse_counted(r#"{"a":1,"b":{"x":[1]},"\u0061":3,"b":{"y":2}}"#, 8).unwrap();
        assert_eq!(to_string(&v), r#"{"a":3,"b":{"y":2}}"#);
        assert_eq!(dups, 2);
        assert_eq!(
            duplicate_paths(
                r#"{"a":1,"a":2,"l":[{"k":1,"k":2}],"q.x":{"\"":1,"\"":1}}"#,
                8
            ),
            ["a", "l[0].k", "\"q.x\".\"\\\"\""]
        );
        let Json::Obj(m) = parse(r#"{"b\u0061tch":[]}"#, 4).unwrap() else {
            panic!()
        };
        assert_eq!(m[0].0.as_str(), "batch");
    }

    #[test]
    fn many_keys_stay_linear_and_dedupe() {
        let mut text = String::from("{");
        for i in 0..50_000 {
            text.push_str(&format!("\"k{}\":{},", i % 25_000, i));
        }
        text.push_str("\"end\":0}");
        let (v, dups) = parse_counted(&text, 4).unwrap();
        let Json::Obj(m) = &v else { panic!() };
        assert_eq!((m.len(), dups), (25_001, 25_000));
        assert_eq!(v.get("k7"), Some(&Json::Num(Cow::Borrowed("25007"))));
    }

    #[test]
    fn numbers_written_out_as_readers_hold_them() {
        for (text, plain) in [
            ("4.111111111111111e15", Some("4111111111111111")),
            ("41111111111111110e-1", Some("4111111111111111")),
            ("4111111111111111.0", Some("4111111111111111")),
            ("-1.5e2", Some("-150")),
            ("1.25", Some("1.25")),
            ("2e-3", Some("0.002")),
            ("42", None),
            ("1e400", None),
        ] {
            assert_eq!(plain_number(text).as_deref(), plain, "{text}");
        }
    }

    #[test]
    fn whitespace_is_dropped() {
        assert_eq!(roundtrip(" { \"a\" : [ 1 , 2 ] } "), r#"{"a":[1,2]}"#);
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let Json::Str(t) = parse(r#""a\n\u00e9\ud83d\ude00\ud800""#, 4).unwrap() else {
            panic!()
        };
        assert_eq!(t.decoded(), "a\né😀\u{FFFD}");
    }

    #[test]
    fn rejects_bad_json_with_offsets() {
        let cases = [
            ("", 0),
            ("{", 1),
            ("{\"a\" 1}", 5),
            ("[1,]", 3),
            ("01", 1),
            ("\"a\u{1}\"", 2),
            ("\"\\x\"", 2),
            ("1.", 2),
            ("tru", 0),
            ("{} x", 3),
        ];
        for (text, offset) in cases {
            match parse(text, 8) {
                Err(ParseError::Syntax { offset: o, .. }) => assert_eq!(o, offset, "{text:?}"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(matches!(
            parse(&text, 64),
            Err(ParseError::TooDeep { limit: 64, .. })
        ));
        let ok = "[".repeat(64) + &"]".repeat(64);
        assert!(parse(&ok, 64).is_ok());
    }

    #[test]
    fn owned_text_is_escaped() {
        let v = Json::Str(Text::owned("q\"\\\n\u{1}"));
        assert_eq!(to_string(&v), r#""q\"\\\n\u0001""#);
    }
}
