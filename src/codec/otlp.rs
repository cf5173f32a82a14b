//! OTLP/JSON exports of every signal: traces (`/v1/traces`), logs (`/v1/logs`) and metrics
//! (`/v1/metrics`).
//!
//! Attributes travel as key/value lists (`[{"key": "url.full", "value": {"stringValue": ..}}]`),
//! which field selectors cannot name. So the export is turned, in place, into a view where each
//! list is an object (`{"url.full": {"stringValue": ..}}`; an action on the value object applies
//! to the string inside), redacted, and turned back. Each span, log record and metric is an
//! event; everything else (resources, scopes, `schemaUrl`, fields this codec does not know) is
//! redacted as the part of the body around them, so every byte is checked or dropped.

use crate::engine::{Engine, PathStep};
use crate::json::{Json, Text};

/// Per signal: the resource list, the scope list in each resource, the items in each scope.
const SIGNALS: [(&str, &str, &str); 3] = [
    ("resourceSpans", "scopeSpans", "spans"),
    ("resourceLogs", "scopeLogs", "logRecords"),
    ("resourceMetrics", "scopeMetrics", "metrics"),
];

/// Keys whose value is a key/value list in OTLP/JSON (`values` only inside `kvlistValue`).
const KV_KEYS: [&str; 2] = ["attributes", "filteredAttributes"];

/// Whether a parsed body is an OTLP export: an object with a resource list of any signal.
pub fn is_otlp(root: &Json<'_>) -> bool {
    SIGNALS
        .iter()
        .any(|(resources, _, _)| matches!(root.get(resources), Some(Json::Arr(_))))
}

/// Redacts an export in place; false when nothing of it may be sent.
pub fn redact(root: &mut Json<'_>, engine: &mut Engine<'_>) -> bool {
    to_view(root, false);
    let mut total = 0;
    let mut kept = 0;
    let mut skips: Vec<Vec<PathStep>> = Vec::new();
    for (rkey, skey, ikey) in SIGNALS {
        let Some(Json::Arr(resources)) = root.get_mut(rkey) else {
            continue;
        };
        let mut i = 0;
        resources.retain_mut(|resource| {
            let Some(Json::Arr(scopes)) = resource.get_mut(skey) else {
                i += 1;
                return true;
            };
            let had_scopes = !scopes.is_empty();
            let mut j = 0;
            scopes.retain_mut(|scope| {
                let Some(Json::Arr(items)) = scope.get_mut(ikey) else {
                    j += 1;
                    return true;
                };
                let had_items = !items.is_empty();
                total += items.len();
                let mut k = 0;
                items.retain_mut(|item| {
                    engine.set_path(&format!("{rkey}[{i}].{skey}[{j}].{ikey}[{k}]"));
                    k += 1;
                    engine.event(item, None)
                });
                kept += items.len();
                j += 1;
                // A scope whose every item was dropped goes with them.
                !(had_items && items.is_empty())
            });
            i += 1;
            !(had_scopes && scopes.is_empty())
        });
    }
    if total > 0 && kept == 0 {
        return false;
    }
    // The paths of the item lists that are left, to skip while redacting what surrounds them.
    for (rkey, skey, ikey) in SIGNALS {
        let Some(Json::Arr(resources)) = root.get(rkey) else {
            continue;
        };
        for (i, resource) in resources.iter().enumerate() {
            let Some(Json::Arr(scopes)) = resource.get(skey) else {
                continue;
            };
            for (j, scope) in scopes.iter().enumerate() {
                if let Some(Json::Arr(_)) = scope.get(ikey) {
                    skips.push(vec![
                        PathStep::Key(rkey.into()),
                        PathStep::Index(i),
                        PathStep::Key(skey.into()),
                        PathStep::Index(j),
                        PathStep::Key(ikey.into()),
                    ]);
                }
            }
        }
    }
    engine.set_path("");
    let skip: Vec<&[PathStep]> = skips.iter().map(Vec::as_slice).collect();
    if !engine.part(root, &skip) {
        return false;
    }
    from_view(root, false);
    true
}

/// Turns every key/value list into an object, in place. A repeated key keeps its last value
/// (as JSON objects do), so no reader can pick another. A list that is not all `{key, value}`
/// pairs is left as it is (and redacted as an array).
fn to_view(node: &mut Json<'_>, kv_here: bool) {
    match node {
        Json::Arr(items) if kv_here && items.iter().all(is_pair) => {
            let mut fields: Vec<(Text<'_>, Json<'_>)> = Vec::with_capacity(items.len());
            for item in std::mem::take(items) {
                let Json::Obj(members) = item else {
                    unreachable!("checked by is_pair")
                };
                let (mut key, mut value) = (None, Json::Null);
                for (k, v) in members {
                    match (k.as_str(), v) {
                        ("key", Json::Str(t)) => key = Some(Text::Owned(t.decoded().into_owned())),
                        ("value", v) => value = v,
                        _ => {}
                    }
                }
                let key = key.expect("checked by is_pair");
                to_view(&mut value, false);
                match fields.iter_mut().find(|(k, _)| k.as_str() == key.as_str()) {
                    Some((_, v)) => *v = value,
                    None => fields.push((key, value)),
                }
            }
            *node = Json::Obj(fields);
        }
        Json::Arr(items) => items.iter_mut().for_each(|v| to_view(v, false)),
        Json::Obj(members) => {
            let is_kvlist_value = members.len() == 1 && members[0].0.as_str() == "kvlistValue";
            for (k, v) in members.iter_mut() {
                let kv = KV_KEYS.contains(&k.as_str());
                if is_kvlist_value {
                    // {"kvlistValue": {"values": [pairs]}}
                    if let Json::Obj(inner) = v {
                        for (ik, iv) in inner.iter_mut() {
                            to_view(iv, ik.as_str() == "values");
                        }
                        continue;
                    }
                }
                to_view(v, kv);
            }
        }
        _ => {}
    }
}

/// `{"key": "...", "value": ...}` with a string key, and nothing else.
fn is_pair(item: &Json<'_>) -> bool {
    match item {
        Json::Obj(m) => {
            matches!(item.get("key"), Some(Json::Str(_)))
                && m.iter().all(|(k, _)| matches!(k.as_str(), "key" | "value"))
        }
        _ => false,
    }
}

/// The inverse of [`to_view`]: objects where key/value lists belong become lists again.
fn from_view(node: &mut Json<'_>, kv_here: bool) {
    match node {
        Json::Obj(fields) if kv_here => {
            let mut items = Vec::with_capacity(fields.len());
            for (k, mut v) in std::mem::take(fields) {
                from_view(&mut v, false);
                items.push(Json::Obj(vec![
                    (Text::Plain("key"), Json::Str(k)),
                    (Text::Plain("value"), v),
                ]));
            }
            *node = Json::Arr(items);
        }
        Json::Arr(items) => items.iter_mut().for_each(|v| from_view(v, false)),
        Json::Obj(members) => {
            let is_kvlist_value = members.len() == 1 && members[0].0.as_str() == "kvlistValue";
            for (k, v) in members.iter_mut() {
                if is_kvlist_value {
                    if let Json::Obj(inner) = v {
                        for (ik, iv) in inner.iter_mut() {
                            from_view(iv, ik.as_str() == "values");
                        }
                        continue;
                    }
                }
                from_view(v, KV_KEYS.contains(&k.as_str()));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{self, to_string};

    #[test]
    fn views_key_value_lists_as_objects_and_back() {
        let text = r#"{"name":"GET","attributes":[{"key":"url.full","value":{"stringValue":"https://a.example/?token=x"}},{"key":"n","value":{"intValue":"3"}},{"key":"m","value":{"kvlistValue":{"values":[{"key":"in","value":{"boolValue":true}}]}}}],"events":[{"attributes":[]}]}"#;
        let mut root = json::parse(text, 64).unwrap();
        to_view(&mut root, false);
        assert_eq!(
            to_string(&root),
            r#"{"name":"GET","attributes":{"url.full":{"stringValue":"https://a.example/?token=x"},"n":{"intValue":"3"},"m":{"kvlistValue":{"values":{"in":{"boolValue":true}}}}},"events":[{"attributes":{}}]}"#
        );
        from_view(&mut root, false);
        assert_eq!(to_string(&root), text);
    }

    #[test]
    fn a_repeated_attribute_keeps_its_last_value() {
        let mut root = json::parse(
            r#"{"attributes":[{"key":"a","value":{"stringValue":"x"}},{"key":"a","value":{"stringValue":"y"}}]}"#,
            64,
        )
        .unwrap();
        to_view(&mut root, false);
        from_view(&mut root, false);
        assert_eq!(
            to_string(&root),
            r#"{"attributes":[{"key":"a","value":{"stringValue":"y"}}]}"#
        );
    }
}
