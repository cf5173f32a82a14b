//! OTLP/JSON exports of every signal: traces (`/v1/traces`), logs (`/v1/logs`) and metrics
//! (`/v1/metrics`), read as the OpenTelemetry Collector reads them.
//!
//! Attributes travel as key/value lists (`[{"key": "url.full", "value": {"stringValue": ..}}]`),
//! which field selectors cannot name. So the export is turned, in place, into a view where each
//! list is an object (`{"url.full": {"stringValue": ..}}`; an action on the value object applies
//! to the string inside), redacted, and turned back. Each span, log record and metric is an
//! event; everything else (resources, scopes, `schemaUrl`, fields this codec does not know) is
//! redacted as the part of the body around them, so every byte is checked or dropped.
//!
//! The Collector accepts the proto field names too (`resource_spans`, `scope_spans`,
//! `kvlist_value`), appends every list it meets, reads a key/value pair whatever else it holds,
//! and decodes `bytesValue` from base64: this codec reads all of that the same way.

use crate::base64;
use crate::engine::{Engine, PathStep, Skip};
use crate::json::{Json, KeyIndex, Text};

/// Per signal: the resource lists, the scope lists in each resource, the items in each scope,
/// each in both spellings the Collector reads.
const SIGNALS: [([&str; 2], [&str; 2], [&str; 2]); 3] = [
    (
        ["resourceSpans", "resource_spans"],
        ["scopeSpans", "scope_spans"],
        ["spans", "spans"],
    ),
    (
        ["resourceLogs", "resource_logs"],
        ["scopeLogs", "scope_logs"],
        ["logRecords", "log_records"],
    ),
    (
        ["resourceMetrics", "resource_metrics"],
        ["scopeMetrics", "scope_metrics"],
        ["metrics", "metrics"],
    ),
];

/// Keys whose value is a key/value list (`values` only inside a kvlist value).
const KV_KEYS: [&str; 3] = ["attributes", "filteredAttributes", "filtered_attributes"];
const KVLIST: [&str; 2] = ["kvlistValue", "kvlist_value"];
const BYTES: [&str; 2] = ["bytesValue", "bytes_value"];

/// Whether a parsed body is an OTLP export: an object with a resource list of any signal.
pub fn is_otlp(root: &Json<'_>) -> bool {
    SIGNALS
        .iter()
        .flat_map(|(resources, _, _)| resources)
        .any(|key| matches!(root.get(key), Some(Json::Arr(_))))
}

/// The lists under any spelling of `keys` in `node`, with the key each was found under.
fn lists_mut<'n, 'a>(
    node: &'n mut Json<'a>,
    keys: [&'static str; 2],
) -> Vec<(&'n str, &'n mut Vec<Json<'a>>)> {
    let Json::Obj(members) = node else {
        return Vec::new();
    };
    members
        .iter_mut()
        .filter(|(k, _)| keys.contains(&k.as_str()))
        .filter_map(|(k, v)| match v {
            Json::Arr(items) => Some((k.as_str(), items)),
            _ => None,
        })
        .collect()
}

/// Redacts an export in place; false when nothing of it may be sent.
pub fn redact(root: &mut Json<'_>, engine: &mut Engine<'_>) -> bool {
    to_view(root, false);
    let mut total = 0;
    let mut kept = 0;
    let mut skips: Vec<Vec<PathStep>> = Vec::new();
    for (rkeys, skeys, ikeys) in SIGNALS {
        for (rkey, resources) in lists_mut(root, rkeys) {
            let mut i = 0;
            resources.retain_mut(|resource| {
                let mut had_scopes = false;
                let mut has_scopes = false;
                for (skey, scopes) in lists_mut(resource, skeys) {
                    had_scopes |= !scopes.is_empty();
                    let mut j = 0;
                    scopes.retain_mut(|scope| {
                        let mut had_items = false;
                        let mut has_items = false;
                        for (ikey, items) in lists_mut(scope, ikeys) {
                            had_items |= !items.is_empty();
                            total += items.len();
                            let mut k = 0;
                            items.retain_mut(|item| {
                                engine.set_path(&format!("{rkey}[{i}].{skey}[{j}].{ikey}[{k}]"));
                                k += 1;
                                engine.event(item, None)
                            });
                            kept += items.len();
                            has_items |= !items.is_empty();
                        }
                        j += 1;
                        // A scope whose every item was dropped goes with them.
                        !had_items || has_items
                    });
                    has_scopes |= !scopes.is_empty();
                }
                i += 1;
                !had_scopes || has_scopes
            });
        }
    }
    if total > 0 && kept == 0 {
        return false;
    }
    // The item lists that are left, to skip while redacting what surrounds them.
    for (rkeys, skeys, ikeys) in SIGNALS {
        for (rkey, resources) in lists_mut(root, rkeys) {
            let rkey = rkey.to_owned();
            for (i, resource) in resources.iter_mut().enumerate() {
                for (skey, scopes) in lists_mut(resource, skeys) {
                    let skey = skey.to_owned();
                    for (j, scope) in scopes.iter_mut().enumerate() {
                        for (ikey, _) in lists_mut(scope, ikeys) {
                            skips.push(vec![
                                PathStep::Key(rkey.clone()),
                                PathStep::Index(i),
                                PathStep::Key(skey.clone()),
                                PathStep::Index(j),
                                PathStep::Key(ikey.to_owned()),
                            ]);
                        }
                    }
                }
            }
        }
    }
    engine.set_path("");
    let skip = Skip::from_paths(skips.iter().map(Vec::as_slice));
    if !engine.part(root, Some(&skip)) {
        return false;
    }
    from_view(root, false);
    true
}

/// Turns every key/value list into an object, in place, as the Collector reads it: an item
/// with a string `key` is a pair whatever else it holds (other members go); an item without
/// one goes. A repeated key keeps its last value, so no reader can pick another. `bytesValue`
/// is decoded from base64 for the walk (and encoded again after); what is not text goes.
fn to_view(node: &mut Json<'_>, kv_here: bool) {
    match node {
        Json::Arr(items) if kv_here => {
            let mut fields: Vec<(Text<'_>, Json<'_>)> = Vec::with_capacity(items.len());
            let mut index = KeyIndex::default();
            for item in std::mem::take(items) {
                let Json::Obj(members) = item else { continue };
                let (mut key, mut value) = (None, Json::Null);
                for (k, v) in members {
                    match (k.as_str(), v) {
                        ("key", Json::Str(t)) => key = Some(Text::Owned(t.decoded().into_owned())),
                        ("value", v) => value = v,
                        _ => {}
                    }
                }
                let Some(key) = key else { continue };
                to_view(&mut value, false);
                index.insert_member(&mut fields, key, value);
            }
            *node = Json::Obj(fields);
        }
        Json::Arr(items) => items.iter_mut().for_each(|v| to_view(v, false)),
        Json::Obj(members) => {
            for (k, v) in members.iter_mut() {
                let key = k.as_str();
                if KVLIST.contains(&key) {
                    // {"kvlistValue": {"values": [pairs]}}, whatever sits beside it
                    if let Json::Obj(inner) = v {
                        for (ik, iv) in inner.iter_mut() {
                            to_view(iv, ik.as_str() == "values");
                        }
                        continue;
                    }
                }
                if BYTES.contains(&key) {
                    *v = match v {
                        Json::Str(t) => base64::decode(t.decoded().as_bytes())
                            .and_then(|(bytes, _)| String::from_utf8(bytes).ok())
                            .map_or(Json::Str(Text::owned("")), |s| Json::Str(Text::Owned(s))),
                        _ => Json::Str(Text::owned("")),
                    };
                    continue;
                }
                to_view(v, KV_KEYS.contains(&key));
            }
        }
        _ => {}
    }
}

/// The inverse of [`to_view`]: objects where key/value lists belong become lists again, and
/// `bytesValue` text is base64 again.
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
            for (k, v) in members.iter_mut() {
                let key = k.as_str();
                if KVLIST.contains(&key) {
                    if let Json::Obj(inner) = v {
                        for (ik, iv) in inner.iter_mut() {
                            from_view(iv, ik.as_str() == "values");
                        }
                        continue;
                    }
                }
                if BYTES.contains(&key) {
                    if let Json::Str(t) = v {
                        // Proto3's JSON mapping: standard alphabet, padded.
                        let style = base64::Style {
                            url_safe: false,
                            padded: true,
                        };
                        let encoded = base64::encode(t.decoded().as_bytes(), style);
                        *v = Json::Str(Text::Owned(encoded));
                    }
                    continue;
                }
                from_view(v, KV_KEYS.contains(&key));
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
    fn reads_pairs_as_the_collector_does() {
        // A repeated key keeps its last value; a pair with an extra member is still a pair; an
        // item without a key goes; bytes are text in the view and base64 again after.
        let mut root = json::parse(
            r#"{"attributes":[{"key":"a","value":{"stringValue":"x"}},{"key":"a","value":{"stringValue":"y"},"extra":1},{},{"key":"b","value":{"bytesValue":"aGk="}}]}"#,
            64,
        )
        .unwrap();
        to_view(&mut root, false);
        assert_eq!(
            to_string(&root),
            r#"{"attributes":{"a":{"stringValue":"y"},"b":{"bytesValue":"hi"}}}"#
        );
        from_view(&mut root, false);
        assert_eq!(
            to_string(&root),
            r#"{"attributes":[{"key":"a","value":{"stringValue":"y"}},{"key":"b","value":{"bytesValue":"aGk="}}]}"#
        );
    }
}
