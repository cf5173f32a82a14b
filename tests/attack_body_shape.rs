//! Attack 9, class A: the engine decides what a body *is* from its content (a `batch` array, a
//! top-level array, one event), but a collector decides from its own rules: PostHog's capture
//! tries `Array`, then `Batch` (which needs a top-level `token`/`api_key`), then a single event
//! (`rust/capture/src/v0_request.rs`, `RawRequest` is `#[serde(untagged)]`); Segment decides by
//! path (`/v1/track` reads the top-level event, `/v1/batch` reads `batch`).
//!
//! A body with an empty `batch` array and an event at the top level is, to the engine, an empty
//! batch: it is sent (an empty batch "is sent as is") and what surrounds it gets field rules and
//! scanning but no event rule. The collector reads the top-level event. So an event goes out
//! with nothing consented. With a non-empty batch and no token, the batch events are the ones
//! judged while the top-level event is the one ingested.
//!
//! The same split between "judged by content" and "routed by the collector" decides replays:
//! PostHog's `/s/` handler stores the `$snapshot_data` of every event whatever its name, and
//! Mixpanel's `/record/` body is an array of rrweb events with no name at all, so the
//! `functional` requirement the presets put on replays is checked against a name the
//! collector does not use.
//!
//! Every test here asserts the safe outcome and fails today.

mod common;

use common::*;

/// An event at the top level beside an empty `batch`; no top-level `token`/`api_key`, so
/// PostHog's `Batch` variant does not match and the body is read as `One(RawEvent)` (the token
/// rides in `$token`, an alias of `RawEvent::token`).
const POSTHOG_TOP_LEVEL_EVENT: &str = r#"{"batch":[],"event":"$pageview","$token":"phc_project","distinct_id":"user-42",
  "properties":{"plan":"pro","$current_url":"https://shop.example/checkout?utm_source=mail","campaign_note":"NO-CONSENT-CANARY"}}"#;

#[test]
fn posthog_empty_batch_beside_a_top_level_event_goes_out_with_nothing_granted() {
    let out = redact_text("posthog", NOTHING, POSTHOG_TOP_LEVEL_EVENT);
    assert_eq!(
        out, None,
        "nothing is granted, yet the body was sent and PostHog reads its top-level event: {out:?}"
    );
}

#[test]
fn posthog_the_same_through_the_request_codecs_gzip() {
    // As posthog-js sends it: gzip, no marker. The interceptor path (redactBody) agrees.
    let packed = consent_guard::codec::gzip::compress(POSTHOG_TOP_LEVEL_EVENT.as_bytes());
    let out = redact_bytes("posthog", NOTHING, &packed);
    assert_eq!(
        out.map(|b| String::from_utf8(
            consent_guard::codec::gzip::decompress(&b, 1 << 20).unwrap()
        )
        .unwrap()),
        None,
        "gzip body with an empty batch and a top-level event went out with nothing granted"
    );
}

#[test]
fn segment_track_with_an_empty_batch_goes_out_with_nothing_granted() {
    // POST /v1/track (analytics.js uses /v1/t): Segment reads the top-level track call.
    let body = r#"{"batch":[],"type":"track","event":"Order Completed","userId":"user-42",
      "properties":{"revenue":99,"coupon":"NO-CONSENT-CANARY"},"writeKey":"wk"}"#;
    let out = redact_text("segment", NOTHING, body);
    assert_eq!(
        out, None,
        "segment track call sent without analytics: {out:?}"
    );
}

#[test]
fn posthog_a_batch_judged_but_a_top_level_snapshot_ingested() {
    // Only analytics is granted. `$snapshot` (session replay) needs functional too. The batch
    // holds a harmless `$pageview`, which is what the engine judges; without a top-level token
    // PostHog ignores `batch` and ingests the top-level `$snapshot`.
    let body = r#"{"batch":[{"event":"$pageview","properties":{}}],"event":"$snapshot","$token":"phc_project",
      "distinct_id":"user-42","properties":{"$snapshot_data":[{"type":3,"data":{"text":"REPLAY-CANARY"}}],"$session_id":"s1"}}"#;
    let out = redact_text("posthog", ANALYTICS, body);
    assert!(
        out.as_deref().is_none_or(|o| !o.contains("REPLAY-CANARY")),
        "a $snapshot went out with only analytics granted: {out:?}"
    );
}

#[test]
fn posthog_replay_endpoint_ingests_snapshot_data_whatever_the_event_name() {
    // PostHog's `/s/` handler (capture `recording`) takes `$snapshot_data` from every event in
    // the body and stores it as `$snapshot_items`; it never looks at the event name. The engine
    // gates replay by the name `$snapshot` (analytics + functional). Named `$pageview`, the
    // replay passes with analytics alone.
    let body = r#"{"batch":[{"event":"$pageview","$token":"phc_project","distinct_id":"user-42",
      "properties":{"$session_id":"0190a1b2-c3d4","$window_id":"w1",
        "$snapshot_data":[{"type":2,"data":{"node":{"type":3,"textContent":"REPLAY-CANARY Jane Q Doe, 1 Main St"}}}]}}]}"#;
    let out = redact_text("posthog", ANALYTICS, body);
    assert!(
        out.as_deref().is_none_or(|o| !o.contains("REPLAY-CANARY")),
        "a session replay reached /s/ with only analytics granted: {out:?}"
    );
}

#[test]
fn mixpanel_replay_batches_need_only_analytics() {
    // mixpanel-browser's recorder POSTs rrweb events to /record/?format=body as a JSON array
    // (when CompressionStream is missing). No event name: judged as an analytics event, while
    // the PostHog and Sentry presets require functional for replays.
    let body = r#"[{"type":2,"timestamp":1700000000000,"data":{"node":{"type":0,"childNodes":[
      {"type":3,"textContent":"REPLAY-CANARY Jane Q Doe, 1 Main St, Springfield"}]}}}]"#;
    let out = redact_text("mixpanel", ANALYTICS, body);
    assert!(
        out.as_deref().is_none_or(|o| !o.contains("REPLAY-CANARY")),
        "a Mixpanel replay went out with only analytics granted: {out:?}"
    );
}
