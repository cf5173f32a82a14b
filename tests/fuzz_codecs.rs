//! Property tests with shrinking over the JSON reader and the body codecs (gzip, forms,
//! envelopes, OTLP, JSON), on arbitrary bytes, on mutations of real SDK bodies, and on events
//! with planted personal data in every wire format. Invariants:
//! - nothing panics;
//! - the JSON reader accepts only what serde_json accepts, and reads it the same;
//! - what the codecs send they can read again (the output is a body in a known format);
//! - under `scan-all` with everything granted, no planted value survives, in any format;
//! - with nothing granted, no event of a preset whose catch-all needs a purpose is sent.
//!
//! Knobs: `CODECS_FUZZ_SEED` (u64, fixed by default so CI repeats) and `CODECS_FUZZ_CASES`
//! (default 256 per property). A failure is shrunk, saved to `tests/fuzz/crashers/codecs/` as
//! `<kind>-<n>.bin`, and printed; `crashers_replay` runs every saved input through every check.

mod common;

use common::*;
use consent_guard::base64;
use consent_guard::codec::{gzip, BodyOptions, BodyOutcome};
use consent_guard::json;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use std::path::PathBuf;

const CRASHERS: &str = "tests/fuzz/crashers/codecs";
const CANARIES: [&str; 3] = [
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "+1 415 555 0132",
];

fn runner() -> TestRunner {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(d)
    };
    TestRunner::new(Config {
        cases: env("CODECS_FUZZ_CASES", 256) as u32,
        rng_seed: RngSeed::Fixed(env("CODECS_FUZZ_SEED", 20261130)),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Runs `check` over `strategy`; a failure is shrunk, saved as `{kind}-{n}.bin` and reported.
fn fuzz<S: Strategy<Value = Vec<u8>>>(
    kind: &str,
    strategy: S,
    check: fn(&[u8]) -> Result<(), String>,
) {
    let result = runner().run(&strategy, |input| {
        match std::panic::catch_unwind(|| check(&input)) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(TestCaseError::fail(why)),
            Err(_) => Err(TestCaseError::fail("panicked")),
        }
    });
    if let Err(TestError::Fail(why, input)) = result {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CRASHERS);
        let _ = std::fs::create_dir_all(&dir);
        let n = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        let path = dir.join(format!("{kind}-{n}.bin"));
        let _ = std::fs::write(&path, &input);
        panic!(
            "{kind}: {why}\nreproducer (saved to {}): {:?}",
            path.display(),
            String::from_utf8_lossy(&input)
        );
    }
}

fn body(preset: &str, consent: &str, bytes: &[u8]) -> BodyOutcome {
    guard(preset, consent).redact_body(bytes, BodyOptions::default())
}

/// The body as text a collector would search: gzip and base64 forms decoded.
fn readable(bytes: &[u8]) -> String {
    let inner = if gzip::is_gzip(bytes) {
        gzip::decompress(bytes, 64 << 20).unwrap_or_default()
    } else {
        bytes.to_vec()
    };
    let text = String::from_utf8_lossy(&inner).into_owned();
    let mut all = consent_guard::action::url::decode_component(&text).into_owned();
    if let Some(data) = text.split('&').find_map(|p| p.strip_prefix("data=")) {
        let raw = consent_guard::action::url::decode_component(data);
        if let Some((decoded, _)) = base64::decode(raw.as_bytes()) {
            all.push_str(&String::from_utf8_lossy(&decoded));
        }
    }
    all
}

// ---- the checks ------------------------------------------------------------------------------

/// No panic anywhere; what is sent can be read again; nothing gated goes out with nothing granted.
fn robust(bytes: &[u8]) -> Result<(), String> {
    for preset in PRESETS.iter().chain(&["scan-all"]) {
        for consent in [NOTHING, EVERYTHING] {
            let out = body(preset, consent, bytes);
            let Some(sent) = &out.output else { continue };
            let again = body(preset, consent, sent);
            if again.output.is_none() && !sent.is_empty() {
                return Err(format!(
                    "{preset}: sent a body it cannot read again: {:?}",
                    again.receipt
                ));
            }
            // Sentry's error events need nothing beyond necessary, by the preset's design; every
            // other preset's catch-all needs analytics.
            let gated = !matches!(*preset, "scan-all" | "sentry");
            let kept = out.receipt.events > out.receipt.dropped.len();
            if gated && consent == NOTHING && kept {
                return Err(format!(
                    "{preset}: an event went out with nothing granted: {:?}",
                    out.receipt
                ));
            }
        }
    }
    Ok(())
}

/// Under scan-all with everything granted, no planted value survives in what is sent.
fn no_canary(bytes: &[u8]) -> Result<(), String> {
    let out = body("scan-all", EVERYTHING, bytes);
    if let Some(sent) = out.output {
        let text = readable(&sent);
        for c in CANARIES {
            if text.contains(c) {
                return Err(format!("{c} survived in {text}"));
            }
        }
    }
    robust(bytes)
}

/// The JSON reader agrees with serde_json on what it accepts and what it reads.
fn json_reader(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    // serde_json refuses lone surrogates and numbers beyond f64, which JSON.parse (and this
    // reader) take; those inputs say nothing about agreement.
    if text.contains("\\ud")
        || text.contains("\\uD")
        || text.contains(['e', 'E']) && text.chars().any(|c| c.is_ascii_digit())
    {
        return Ok(());
    }
    let ours = json::parse(text, 128);
    let theirs: Result<serde_json::Value, _> = serde_json::from_str(text);
    match (ours, theirs) {
        (Ok(v), Ok(want)) => {
            let got: serde_json::Value =
                serde_json::from_str(&json::to_string(&v)).map_err(|e| e.to_string())?;
            if got != want {
                return Err(format!("read {got} where serde_json reads {want}"));
            }
        }
        (Ok(v), Err(e)) => {
            return Err(format!(
                "accepted what serde_json refuses ({e}): {}",
                json::to_string(&v)
            ))
        }
        (Err(_), Ok(_)) if text.matches(['[', '{']).count() < 120 => {
            return Err("refused what serde_json accepts".into())
        }
        _ => {}
    }
    Ok(())
}

// ---- inputs ----------------------------------------------------------------------------------

/// JSON-ish text: the alphabet of JSON with a few letters, so most inputs are near-valid.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\"a\"".to_owned()),
        Just("\"batch\"".to_owned()),
        Just("\"event\"".to_owned()),
        Just("1".to_owned()),
        Just("-0.5".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        Just(" ".to_owned()),
        Just("\\u0061".to_owned()),
        Just("\n".to_owned()),
        Just("\"jane.doe@example.com\"".to_owned()),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat().into_bytes())
}

/// An event with canaries planted in values and keys, in one of the wire formats.
fn planted() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        proptest::sample::select(CANARIES.to_vec()).prop_map(|c| c.to_owned()),
        "[a-z ]{0,12}",
        proptest::sample::select(CANARIES.to_vec()).prop_map(|c| format!("note: {c}, thanks")),
    ];
    let key = prop_oneof![
        "[a-z_$]{1,8}",
        proptest::sample::select(CANARIES.to_vec()).prop_map(|c| c.to_owned()),
    ];
    let value = leaf
        .prop_map(serde_json::Value::String)
        .prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::Array),
                prop::collection::vec((key.clone(), inner), 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        });
    (value, 0..7usize).prop_map(|(v, format)| {
        let event = serde_json::json!({ "event": "e", "properties": v });
        let text = serde_json::to_string(&event).unwrap();
        match format {
            0 => text.into_bytes(),
            1 => gzip::compress(serde_json::json!({ "batch": [event] }).to_string().as_bytes()),
            2 => format!("data={}", encode_uri(&base64::encode(format!("[{text}]").as_bytes(), Default::default()))).into_bytes(),
            3 => format!("data={}", encode_uri(&format!("[{text}]"))).into_bytes(),
            4 => format!("{{}}\n{{\"type\":\"event\"}}\n{text}\n").into_bytes(),
            5 => serde_json::json!({ "resourceLogs": [{ "scopeLogs": [{ "logRecords": [{ "body": { "stringValue": text } }] }] }] })
                .to_string()
                .into_bytes(),
            _ => format!("[{text},{text}]").into_bytes(),
        }
    })
}

fn encode_uri(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A real SDK body with a few bytes changed, inserted or cut.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/wire");
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let capture: serde_json::Value =
            serde_json::from_slice(&std::fs::read(entry.unwrap().path()).unwrap()).unwrap();
        bodies.push(serde_json::to_vec(&capture["body"]).unwrap());
    }
    (
        proptest::sample::select(bodies),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6),
    )
        .prop_map(|(mut b, edits)| {
            for (at, byte, op) in edits {
                if b.is_empty() {
                    break;
                }
                let i = at.index(b.len());
                match op {
                    0 => b[i] = byte,
                    1 => b.insert(i, byte),
                    _ => b.truncate(i),
                }
            }
            b
        })
}

// ---- the properties --------------------------------------------------------------------------

#[test]
fn arbitrary_bytes_never_panic_and_never_leak() {
    fuzz("bytes", prop::collection::vec(any::<u8>(), 0..200), robust);
}

#[test]
fn the_json_reader_reads_as_serde_json_does() {
    fuzz("json", jsonish(), json_reader);
}

#[test]
fn planted_values_never_survive_in_any_format() {
    fuzz("planted", planted(), no_canary);
}

#[test]
fn mutated_sdk_bodies_never_panic_and_never_leak() {
    fuzz("mutated", mutated(), robust);
}

#[test]
fn crashers_replay() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CRASHERS);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "bin") {
            let input = std::fs::read(&path).unwrap();
            for check in [robust, no_canary, json_reader] {
                check(&input).unwrap_or_else(|why| panic!("{}: {why}", path.display()));
            }
        }
    }
}
