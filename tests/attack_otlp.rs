//! Attack 9, class B: OTLP/JSON as the OpenTelemetry Collector reads it.
//!
//! The Collector's JSON unmarshaler (`pdata/ptrace/json.go`, `pdata/internal/json/attribute.go`)
//! accepts every field under its proto name as well as its JSON name (`resource_spans`,
//! `scope_spans`, `string_value`, ...), appends every list it meets (two resource lists are both
//! read), and skips unknown fields everywhere (a KeyValue with an extra member is still a
//! KeyValue). The codec only knows the camelCase names and only views a key/value list as an
//! object when every item is exactly `{key, value}`. So:
//!
//! 1. `resource_spans` beside an empty `resourceSpans`: spans that no event rule ever sees
//!    (the export is "OTLP" with zero items, so nothing is dropped for consent) go out with
//!    nothing granted.
//! 2. `scope_spans` inside a camelCase resource: the same, one level down.
//! 3. `resource_spans` alone with analytics granted: no attribute list is viewed, so
//!    `**."url.full"` and the `functional` gate on `user.email`/`enduser.id` never match.
//! 4. One extra member (or one `{}` item) in an attribute list: that list is not viewed; the
//!    same rules miss every attribute in it.
//!
//! Every test asserts the safe outcome and fails today.

mod common;

use common::*;

fn out(preset: &str, consent: &str, body: &str) -> Option<String> {
    redact_bytes(preset, consent, body.as_bytes()).map(|b| String::from_utf8(b).unwrap())
}

const SPAN: &str = r#"{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /checkout",
  "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000100000000",
  "attributes":[{"key":"url.full","value":{"stringValue":"https://shop.example/checkout?token=OTLPTOKEN1"}},
                {"key":"enduser.id","value":{"stringValue":"CANARY-ENDUSER"}}]}"#;

#[test]
fn snake_case_resource_list_beside_an_empty_camel_case_one_passes_ungated() {
    let body = format!(
        r#"{{"resourceSpans":[],"resource_spans":[{{"scope_spans":[{{"scope":{{"name":"web"}},"spans":[{SPAN}]}}]}}]}}"#
    );
    let o = out("otel", NOTHING, &body);
    assert_eq!(
        o, None,
        "the Collector reads a span from resource_spans; it went out with nothing granted: {o:?}"
    );
}

#[test]
fn snake_case_scope_list_inside_a_camel_case_resource_passes_ungated() {
    let body = format!(
        r#"{{"resourceSpans":[{{"resource":{{"attributes":[]}},"scopeSpans":[],"scope_spans":[{{"scope":{{"name":"web"}},"spans":[{SPAN}]}}]}}]}}"#
    );
    let o = out("otel", NOTHING, &body);
    assert_eq!(
        o, None,
        "scope_spans span went out with nothing granted: {o:?}"
    );
}

#[test]
fn snake_case_export_alone_escapes_the_attribute_rules() {
    let body = format!(
        r#"{{"resource_spans":[{{"scope_spans":[{{"scope":{{"name":"web"}},"spans":[{SPAN}]}}]}}]}}"#
    );
    // Analytics only: url.full must be sanitized, enduser.id needs functional.
    let o = out("otel", ANALYTICS, &body).unwrap_or_default();
    assert_gone(
        &o,
        &["OTLPTOKEN1", "CANARY-ENDUSER"],
        "snake_case OTLP export",
    );
}

#[test]
fn an_attribute_list_with_one_extra_member_is_not_viewed() {
    // `"x":1` on one pair: the Collector skips it (unknown field) and reads every attribute.
    let body = r#"{"resourceSpans":[{"scopeSpans":[{"scope":{"name":"web"},"spans":[{"name":"GET","attributes":[
        {"key":"url.full","value":{"stringValue":"https://shop.example/checkout?token=OTLPTOKEN2"}},
        {"key":"user.email","value":{"stringValue":"CANARY-NOT-DETECTABLE-NAME"},"x":1}]}]}]}]}"#;
    let o = out("otel", ANALYTICS, body).unwrap_or_default();
    assert_gone(
        &o,
        &["OTLPTOKEN2", "CANARY-NOT-DETECTABLE-NAME"],
        "attribute list with an extra member",
    );
}

#[test]
fn an_attribute_list_with_an_empty_item_is_not_viewed() {
    // `{}` reads as a KeyValue with an empty key to the Collector.
    let body = r#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"GET","attributes":[{},
        {"key":"http.url","value":{"stringValue":"https://shop.example/reset?token=OTLPTOKEN3"}},
        {"key":"enduser.id","value":{"stringValue":"CANARY-ENDUSER-2"}}]}]}]}]}"#;
    let o = out("otel", ANALYTICS, body).unwrap_or_default();
    assert_gone(
        &o,
        &["OTLPTOKEN3", "CANARY-ENDUSER-2"],
        "attribute list with an empty item",
    );
}

#[test]
fn a_kvlist_value_with_a_sibling_member_is_not_viewed() {
    // {"kvlistValue": {...}, "x": 1}: the Collector reads the kvlist (and skips x); the codec
    // views a kvlist only when it is the value object's only member.
    let body = r#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"checkout"},"attributes":[
        {"key":"ctx","value":{"kvlistValue":{"values":[{"key":"user.name","value":{"stringValue":"CANARY-KV-NAME"}},
          {"key":"url.full","value":{"stringValue":"https://shop.example/?token=OTLPTOKEN4"}}]},"x":1}}]}]}]}]}"#;
    let o = out("otel", ANALYTICS, body).unwrap_or_default();
    assert_gone(
        &o,
        &["CANARY-KV-NAME", "OTLPTOKEN4"],
        "kvlistValue with a sibling",
    );
}
