//! Seam 5 (the core half): a telemetry request is guarded whole: query, headers and body. The
//! interceptor's own tests (`tests/js/intercept-seams.test.mjs`, and in Chromium) cover how
//! requests are read off fetch, XHR and sendBeacon.

mod common;

use common::*;
use consent_guard::codec::request::{Request, RequestOutcome};
use consent_guard::codec::BodyOptions;

fn request(
    preset: &str,
    consent: &str,
    query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> RequestOutcome {
    let params: Vec<String> = ["ip", "_", "ver", "compression", "verbose"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let req = Request {
        path: "/e/",
        query,
        params: &params,
        headers: &headers,
        body,
    };
    guard(preset, consent).redact_request(&req, BodyOptions::default())
}

/// Base64 of `[{"event":"checkout","properties":{"$current_url":"https://a.example/?token=GETTOKEN","mail":"jane.doe@example.com"}}]`.
const DATA: &str = "W3siZXZlbnQiOiJjaGVja291dCIsInByb3BlcnRpZXMiOnsiJGN1cnJlbnRfdXJsIjoiaHR0cHM6Ly9hLmV4YW1wbGUvP3Rva2VuPUdFVFRPS0VOIiwibWFpbCI6ImphbmUuZG9lQGV4YW1wbGUuY29tIn19XQ%3D%3D";

#[test]
fn events_in_the_query_are_redacted_like_a_body() {
    // Mixpanel's GET mode: the events ride in ?data=.
    let out = request(
        "mixpanel",
        ANALYTICS,
        &format!("data={DATA}&ip=1&_=1700000000000"),
        &[],
        b"",
    );
    assert!(out.body.is_some(), "{:?}", out.receipt);
    let data = out
        .query
        .split('&')
        .find_map(|p| p.strip_prefix("data="))
        .unwrap();
    let json = String::from_utf8(
        consent_guard::base64::decode(
            consent_guard::action::url::decode_component(data).as_bytes(),
        )
        .unwrap()
        .0,
    )
    .unwrap();
    assert_gone(&json, &["GETTOKEN", "jane.doe@example.com"], "query data");
    assert!(out.query.contains("ip=1"), "{}", out.query);
    // Without analytics the events go, and with them the request.
    let out = request("mixpanel", NOTHING, &format!("data={DATA}&ip=1"), &[], b"");
    assert_eq!(out.body, None);
    assert_eq!(out.receipt.dropped[0].reason.as_str(), "consent");
}

#[test]
fn unknown_query_parameters_are_dropped_and_known_ones_scanned() {
    let out = request(
        "posthog",
        ANALYTICS,
        "ip=0&ver=1.449.2&person_properties=%7B%22email%22%3A%22jane%40example.com%22%7D&_=jane.doe%40example.com",
        &[],
        b"",
    );
    assert!(out.body.is_some());
    assert!(!out.query.contains("person_properties"), "{}", out.query);
    assert!(!out.query.contains("jane"), "{}", out.query);
    assert!(out.query.contains("ver=1.449.2"), "{}", out.query);
    // A query that cannot be read blocks the request.
    let out = request("posthog", ANALYTICS, "ip=%zz", &[], b"");
    assert_eq!(out.body, None);
    assert_eq!(out.receipt.dropped[0].reason.as_str(), "unreadable_body");
}

#[test]
fn headers_with_personal_data_are_not_sent() {
    let out = request(
        "segment",
        ANALYTICS,
        "",
        &[
            ("Content-Type", "text/plain"),
            ("X-User", "jane.doe@example.com"),
            ("Authorization", "Basic d3JpdGVLZXk6"),
        ],
        br#"{"type":"track","event":"x"}"#,
    );
    assert!(out.body.is_some());
    let names: Vec<&str> = out.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Content-Type", "Authorization"]);
    assert!(out
        .receipt
        .changes
        .iter()
        .any(|c| c.path == "headers.x-user" && c.note == Some("header_with_personal_data")));
}

#[test]
fn a_body_and_query_events_are_judged_together() {
    // The query's events and the body's are judged by the same policy and consent.
    let body = br#"{"batch":[{"event":"$pageview","properties":{}}]}"#;
    let out = request(
        "posthog",
        ANALYTICS,
        &format!("data={DATA}&ip=0"),
        &[],
        body,
    );
    assert!(
        out.body.is_some() && out.query.contains("data="),
        "{}",
        out.query
    );
    let out = request("posthog", NOTHING, &format!("data={DATA}&ip=0"), &[], body);
    assert_eq!(out.body, None, "nothing may go with nothing granted");
}
