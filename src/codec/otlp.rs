//! OTLP/JSON trace exports (`/v1/traces`). Attributes travel as `[{key, value: {stringValue}}]`
//! lists, which field selectors cannot name, so each span (and each resource) is redacted as a
//! view with plain attribute objects (`{"url.full": "..."}`, as a SpanProcessor sees them) and the
//! result written back into the original structure.

use super::RedactFn;
use crate::json::{self, Json, Text};
use crate::receipt::Receipt;
use std::borrow::Cow;

const DEPTH: usize = 64;
const ANY_VALUE: [&str; 7] = [
    "stringValue",
    "boolValue",
    "intValue",
    "doubleValue",
    "arrayValue",
    "kvlistValue",
    "bytesValue",
];

pub fn is_otlp(root: &Json<'_>) -> bool {
    matches!(root.get("resourceSpans"), Some(Json::Arr(_)))
}

/// Redacts every span of a parsed export; None when no span may be sent.
pub fn redact(root: &mut Json<'_>, redact: &mut RedactFn<'_>) -> (bool, Receipt) {
    let mut receipt = Receipt::default();
    let mut any = false;
    let Some(Json::Arr(resources)) = root.get_mut("resourceSpans") else {
        return (false, receipt);
    };
    for (i, rs) in resources.iter_mut().enumerate() {
        if let Some(resource) = rs.get_mut("resource") {
            let (kept, part) = redact_one(resource, Some("resource"), redact);
            receipt.absorb(part, &format!("resourceSpans[{i}].resource"));
            if !kept {
                *resource = Json::Obj(Vec::new());
            }
        }
        let Some(Json::Arr(scopes)) = rs.get_mut("scopeSpans") else {
            continue;
        };
        for (j, scope) in scopes.iter_mut().enumerate() {
            let Some(Json::Arr(spans)) = scope.get_mut("spans") else {
                continue;
            };
            let mut k = 0;
            spans.retain_mut(|span| {
                let (kept, part) = redact_one(span, None, redact);
                receipt.absorb(
                    part,
                    &format!("resourceSpans[{i}].scopeSpans[{j}].spans[{k}]"),
                );
                k += 1;
                kept
            });
            any |= !spans.is_empty();
        }
    }
    (any, receipt)
}

fn redact_one(
    node: &mut Json<'_>,
    name: Option<&str>,
    redact: &mut RedactFn<'_>,
) -> (bool, Receipt) {
    let text = json::to_string(&view(node));
    let outcome = redact(&text, name);
    let Some(out) = outcome.output else {
        return (false, outcome.receipt);
    };
    match json::parse(&out, DEPTH) {
        Ok(redacted) => {
            apply(node, &redacted);
            (true, outcome.receipt)
        }
        // The engine writes valid JSON; if it ever did not, send nothing.
        Err(_) => (
            false,
            Receipt::dropped_whole(crate::receipt::Reason::InternalError, None),
        ),
    }
}

fn is_kv_list(items: &[Json<'_>]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            matches!(item.get("key"), Some(Json::Str(_))) && item.get("value").is_some()
        })
}

fn any_value<'n, 'a>(value: &'n Json<'a>) -> Option<(&'n str, &'n Json<'a>)> {
    match value {
        Json::Obj(fields) if fields.len() == 1 => {
            let (k, v) = &fields[0];
            let name = ANY_VALUE.iter().find(|n| k.decoded() == **n)?;
            Some((name, v))
        }
        _ => None,
    }
}

/// The plain view: attribute lists become objects and `{stringValue: x}` becomes `x`.
fn view<'a>(node: &Json<'a>) -> Json<'a> {
    if let Some((kind, inner)) = any_value(node) {
        return match (kind, inner) {
            ("arrayValue", v) => match v.get("values") {
                Some(Json::Arr(items)) => Json::Arr(items.iter().map(view).collect()),
                _ => Json::Arr(Vec::new()),
            },
            ("kvlistValue", v) => match v.get("values") {
                Some(Json::Arr(items)) => view(&Json::Arr(items.clone())),
                _ => Json::Obj(Vec::new()),
            },
            (_, v) => v.clone(),
        };
    }
    match node {
        Json::Arr(items) if is_kv_list(items) => Json::Obj(
            items
                .iter()
                .map(|item| match (item.get("key"), item.get("value")) {
                    (Some(Json::Str(k)), Some(v)) => (k.clone(), view(v)),
                    _ => unreachable!("checked by is_kv_list"),
                })
                .collect(),
        ),
        Json::Arr(items) => Json::Arr(items.iter().map(view).collect()),
        Json::Obj(fields) => Json::Obj(fields.iter().map(|(k, v)| (k.clone(), view(v))).collect()),
        other => other.clone(),
    }
}

/// Writes the redacted view back: removed keys and attributes are removed, changed values set.
fn apply(orig: &mut Json<'_>, redacted: &Json<'_>) {
    if any_value(orig).is_some() {
        if json::to_string(&view(orig)) != json::to_string(redacted) {
            *orig = match redacted {
                Json::Str(_) | Json::Num(_) | Json::Bool(_) | Json::Null => {
                    let kind = match redacted {
                        Json::Str(_) => "stringValue",
                        Json::Bool(_) => "boolValue",
                        Json::Null => "stringValue",
                        _ => match orig.get("intValue") {
                            Some(_) => "intValue",
                            None => "doubleValue",
                        },
                    };
                    let value = if matches!(redacted, Json::Null) {
                        Json::Str(Text::owned(""))
                    } else {
                        owned(redacted)
                    };
                    Json::Obj(vec![(Text::owned(kind), value)])
                }
                // A changed array or map is sent as its redacted JSON text.
                other => Json::Obj(vec![(
                    Text::owned("stringValue"),
                    Json::Str(Text::owned(json::to_string(other))),
                )]),
            };
        }
        return;
    }
    match (orig, redacted) {
        (Json::Arr(items), Json::Obj(_)) if is_kv_list(items) => {
            items.retain_mut(|item| {
                let key = match item.get("key") {
                    Some(Json::Str(k)) => k.decoded().into_owned(),
                    _ => return false,
                };
                match (redacted.get(&key), item.get_mut("value")) {
                    (Some(r), Some(value)) => {
                        apply(value, r);
                        true
                    }
                    _ => false,
                }
            });
        }
        (Json::Arr(items), Json::Arr(r)) => {
            items.truncate(r.len());
            for (item, r) in items.iter_mut().zip(r) {
                apply(item, r);
            }
        }
        (Json::Obj(fields), Json::Obj(_)) => {
            fields.retain_mut(|(k, v)| match redacted.get(&k.decoded()) {
                Some(r) => {
                    apply(v, r);
                    true
                }
                None => false,
            });
        }
        (orig, redacted) => {
            if json::to_string(orig) != json::to_string(redacted) {
                *orig = owned(redacted);
            }
        }
    }
}

fn owned(value: &Json<'_>) -> Json<'static> {
    match value {
        Json::Null => Json::Null,
        Json::Bool(b) => Json::Bool(*b),
        Json::Num(n) => Json::Num(Cow::Owned(n.to_string())),
        Json::Str(t) => Json::Str(own_text(t)),
        Json::Arr(items) => Json::Arr(items.iter().map(owned).collect()),
        Json::Obj(fields) => Json::Obj(
            fields
                .iter()
                .map(|(k, v)| (own_text(k), owned(v)))
                .collect(),
        ),
    }
}

fn own_text(t: &Text<'_>) -> Text<'static> {
    match t {
        // Still escaped JSON content: keep it escaped, just owned.
        Text::Escaped(raw) => Text::Owned(json::unescape(raw)),
        _ => Text::Owned(t.decoded().into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_attribute_lists_as_objects_and_writes_changes_back() {
        let text = r#"{"name":"GET","attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/?token=x"}},{"key":"n","value":{"intValue":"3"}},{"key":"gone","value":{"boolValue":true}}]}"#;
        let mut root = json::parse(text, DEPTH).unwrap();
        assert_eq!(
            json::to_string(&view(&root)),
            r#"{"name":"GET","attributes":{"url.full":"https://a.example/?token=x","n":"3","gone":true}}"#
        );
        let redacted = json::parse(
            r#"{"name":"GET","attributes":{"url.full":"https://a.example/","n":"3"}}"#,
            DEPTH,
        )
        .unwrap();
        apply(&mut root, &redacted);
        assert_eq!(
            json::to_string(&root),
            r#"{"name":"GET","attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/"}},{"key":"n","value":{"intValue":"3"}}]}"#
        );
    }
}
