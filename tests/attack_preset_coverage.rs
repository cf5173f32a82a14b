//! Attack 9, class D: the presets promise "URLs keep only allow-listed parameters" and "traits
//! need personalization", but they name the fields, and the SDKs pinned in package.json put the
//! same data under names no rule lists. Detectors cannot stand in (README: a `token=...` in a
//! URL, a name or a company is not detectable), so each of these passes with only `analytics`
//! granted (the extension's *strip* default). Every field here is produced by the SDK itself:
//!
//! - posthog-js 1.449.2 heatmaps: `$$heatmap` with `$heatmap_data` keyed by `location.href`
//!   (a URL as an object KEY; only detectors run on keys).
//! - posthog-js autocapture: `$external_click_url` (full href of an outbound link) and the
//!   `$elements_chain` string with `attr__href="..."`.
//! - posthog-js `posthog.group(type, key, props)`: `$groupidentify` with `$group_set`; and
//!   `/flags` bodies with `group_properties` (beside the gated `person_properties`).
//! - @amplitude/analytics-core `groupIdentify`: `group_properties` (beside the gated
//!   `user_properties`); @amplitude/plugin-network-capture-browser: `[Amplitude] URL Query`.
//! - mixpanel-browser `people.remove`: `$remove` (beside the gated `$set`, `$union`, `$append`).
//! - @sentry/core fetch spans: `url.query` in span data (the sentry preset sanitizes `url.full`
//!   and `http.url` but not the query beside them); Sentry request headers differ in case from
//!   `Cookie`/`Referer` in the preset (HTTP header names are case-insensitive).
//!
//! Every test asserts the promised outcome and fails today.

mod common;

use common::*;

const TOKEN: &str = "RESETTOKEN7731";

fn analytics_only(preset: &str, body: &str) -> String {
    redact_text(preset, ANALYTICS, body).unwrap_or_default()
}

#[test]
fn posthog_heatmap_data_is_keyed_by_the_page_url() {
    let body = format!(
        r#"{{"event":"$$heatmap","properties":{{"$current_url":"https://shop.example/reset?token={TOKEN}",
        "$heatmap_data":{{"https://shop.example/reset?token={TOKEN}&utm_source=mail":[{{"x":10,"y":20,"target_fixed":false,"type":"click"}}]}}}}}}"#
    );
    assert_gone(
        &analytics_only("posthog", &body),
        &[TOKEN],
        "$heatmap_data key",
    );
}

#[test]
fn posthog_autocapture_carries_urls_outside_the_url_rules() {
    let body = format!(
        r#"{{"event":"$autocapture","properties":{{"$event_type":"click","$current_url":"https://shop.example/",
        "$external_click_url":"https://partner.example/sso?token={TOKEN}",
        "$elements_chain":"a.btn:attr__href=\"https://partner.example/sso?token={TOKEN}\"nth-child=\"1\"nth-of-type=\"1\"href=\"https://partner.example/sso?token={TOKEN}\""}}}}"#
    );
    assert_gone(
        &analytics_only("posthog", &body),
        &[TOKEN],
        "autocapture urls",
    );
}

#[test]
fn posthog_group_traits_need_no_personalization() {
    let body = r#"{"event":"$groupidentify","properties":{"$group_type":"company","$group_key":"acme",
        "$group_set":{"name":"Acme Holdings","owner_name":"Jane Q Doe"}}}"#;
    assert_gone(
        &analytics_only("posthog", body),
        &["Jane Q Doe"],
        "$group_set",
    );
    let flags = r#"{"token":"phc_x","distinct_id":"d","person_properties":{"name":"Jane Q Doe"},
        "groups":{"company":"acme"},"group_properties":{"company":{"owner_name":"Jane Q Doe"}}}"#;
    assert_gone(
        &analytics_only("posthog", flags),
        &["Jane Q Doe"],
        "/flags group_properties",
    );
}

#[test]
fn amplitude_group_properties_and_network_capture_queries() {
    let body = format!(
        r#"{{"api_key":"k","events":[
        {{"event_type":"$groupidentify","groups":{{"company":"acme"}},"group_properties":{{"$set":{{"owner_name":"Jane Q Doe"}}}}}},
        {{"event_type":"[Amplitude] Network Request","event_properties":{{"[Amplitude] URL":"https://api.shop.example/reset",
          "[Amplitude] URL Query":"token={TOKEN}","[Amplitude] Status Code":200}}}}]}}"#
    );
    assert_gone(
        &analytics_only("amplitude", &body),
        &["Jane Q Doe", TOKEN],
        "amplitude group_properties / URL Query",
    );
}

#[test]
fn mixpanel_remove_is_a_profile_update_no_rule_gates() {
    let body = r#"[{"$token":"t","$distinct_id":"d","$remove":{"aliases":"Jane Q Doe"}}]"#;
    assert_gone(
        &analytics_only("mixpanel", body),
        &["Jane Q Doe"],
        "$remove",
    );
}

#[test]
fn sentry_span_url_query() {
    // A transaction (analytics granted) with a fetch span as @sentry/core builds it.
    let tx = format!(
        r#"{{"type":"transaction","transaction":"/reset","spans":[{{"op":"http.client","description":"GET https://api.shop.example/reset",
        "data":{{"url.full":"https://api.shop.example/reset?token={TOKEN}","url.query":"?token={TOKEN}","http.query":"?token={TOKEN}"}}}}]}}"#
    );
    assert_gone(&analytics_only("sentry", &tx), &[TOKEN], "span url.query");
}

#[test]
fn sentry_request_header_names_in_another_case() {
    // An error event (no consent needed, but scrubbed): header names in another case.
    let err = format!(
        r#"{{"type":"event","message":"boom","request":{{"url":"https://shop.example/reset","headers":{{
        "COOKIE":"session=SESSIONSECRET99","REFERER":"https://shop.example/reset?token={TOKEN}"}}}}}}"#
    );
    let out = redact_text("sentry", NOTHING, &err).unwrap_or_default();
    assert_gone(&out, &["SESSIONSECRET99", TOKEN], "sentry header case");
}
