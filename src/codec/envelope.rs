//! Sentry envelopes: a header line, then items, each an item-header line and a payload that is
//! `length` bytes long when the header says so, and one line otherwise.
//! <https://develop.sentry.dev/sdk/data-model/envelopes/>

use crate::json::{self, Json};
use std::borrow::Cow;

pub struct Item<'a> {
    pub header: &'a str,
    /// `type` from the item header.
    pub kind: String,
    /// Whether the header carried an explicit `length` (then it is rewritten).
    pub has_length: bool,
    pub payload: &'a [u8],
}

pub struct Envelope<'a> {
    pub header: &'a str,
    pub items: Vec<Item<'a>>,
    pub trailing_newline: bool,
}

const HEADER_DEPTH: usize = 16;

fn line(bytes: &[u8]) -> (&[u8], Option<&[u8]>) {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => (&bytes[..i], Some(&bytes[i + 1..])),
        None => (bytes, None),
    }
}

fn object_line(bytes: &[u8]) -> Option<(&str, Json<'_>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    match json::parse(text, HEADER_DEPTH) {
        Ok(v @ Json::Obj(_)) => Some((text, v)),
        _ => None,
    }
}

/// Whether the body is an envelope: a first line that is a JSON object on its own, and more after.
pub fn looks_like_envelope(bytes: &[u8]) -> bool {
    match line(bytes) {
        (first, Some(rest)) => {
            rest.iter().any(|b| !b.is_ascii_whitespace()) && object_line(first).is_some()
        }
        _ => false,
    }
}

pub fn parse(bytes: &[u8]) -> Result<Envelope<'_>, &'static str> {
    let (first, mut rest) = line(bytes);
    let (header, _) = object_line(first).ok_or("envelope: header is not a JSON object")?;
    let mut items = Vec::new();
    let mut trailing_newline = false;
    while let Some(body) = rest {
        if body.is_empty() {
            trailing_newline = true;
            break;
        }
        let (head, after) = line(body);
        let (head_text, head_json) =
            object_line(head).ok_or("envelope: item header is not a JSON object")?;
        let kind = match head_json.get("type") {
            Some(Json::Str(t)) => t.decoded().into_owned(),
            _ => return Err("envelope: item header has no type"),
        };
        let length = match head_json.get("length") {
            Some(Json::Num(n)) => Some(n.parse::<usize>().map_err(|_| "envelope: bad length")?),
            Some(_) => return Err("envelope: bad length"),
            None => None,
        };
        let after = after.unwrap_or_default();
        let (payload, next) = match length {
            Some(n) => {
                let payload = after
                    .get(..n)
                    .ok_or("envelope: item shorter than its length")?;
                match &after[n..] {
                    [] => (payload, None),
                    [b'\n', tail @ ..] => (payload, Some(tail)),
                    _ => return Err("envelope: no newline after an item"),
                }
            }
            None => line(after),
        };
        items.push(Item {
            header: head_text,
            kind,
            has_length: length.is_some(),
            payload,
        });
        rest = next;
    }
    Ok(Envelope {
        header,
        items,
        trailing_newline,
    })
}

/// Sets `length` in a parsed item header to `len`.
pub fn set_length(header: &mut Json<'_>, len: usize) {
    if let Some(value) = header.get_mut("length") {
        *value = Json::Num(Cow::Owned(len.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_items_with_and_without_length() {
        let body = b"{\"event_id\":\"1\"}\n{\"type\":\"attachment\",\"length\":3}\na\nb\n{\"type\":\"event\"}\n{\"x\":1}\n";
        let env = parse(body).unwrap();
        assert_eq!(env.header, "{\"event_id\":\"1\"}");
        assert_eq!(env.items.len(), 2);
        assert_eq!(
            (env.items[0].kind.as_str(), env.items[0].payload),
            ("attachment", &b"a\nb"[..])
        );
        assert_eq!(
            (env.items[1].kind.as_str(), env.items[1].payload),
            ("event", &b"{\"x\":1}"[..])
        );
        assert!(env.trailing_newline);
        let mut head = json::parse("{\"type\":\"a\",\"length\":3}", 4).unwrap();
        set_length(&mut head, 10);
        assert_eq!(json::to_string(&head), "{\"type\":\"a\",\"length\":10}");
    }

    #[test]
    fn rejects_broken_envelopes() {
        assert!(parse(b"{}\n{\"length\":1}\nx").is_err());
        assert!(parse(b"{}\n{\"type\":\"a\",\"length\":9}\nx").is_err());
        assert!(parse(b"{}\nnot json\n{}").is_err());
        assert!(!looks_like_envelope(b"{\n  \"pretty\": true\n}"));
        assert!(!looks_like_envelope(b"{\"a\":1}\n"));
        assert!(looks_like_envelope(b"{}\n{\"type\":\"event\"}\n{}"));
    }
}
