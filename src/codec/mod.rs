//! Request bodies as telemetry SDKs send them, recognized by their bytes (never by headers):
//! JSON, gzip, `data=` forms, Sentry envelopes, OTLP/JSON (traces, logs, metrics). Each is
//! parsed once into a tree, each event inside is redacted in place by the [`Engine`], and the
//! body is written back in the format it came in. Anything else (OTLP/protobuf, binary
//! attachments, unknown text) is opaque: blocked unless allowed.
//!
//! A body must also read the same to every parser a collector might use: a JSON body that a
//! form parser would find a `data` field in is blocked as ambiguous, gzip with more than one
//! member or trailing bytes is refused, and repeated JSON keys keep only their last value.

pub mod envelope;
pub mod form;
pub mod gzip;
pub mod otlp;
pub mod request;

use crate::consent::ConsentState;
use crate::engine::Engine;
use crate::json;
use crate::policy::CompiledPolicy;
use crate::receipt::{Reason, Receipt};

#[derive(Debug, Clone, Copy)]
pub struct BodyOptions<'n> {
    /// Let bodies (and envelope items) that cannot be read pass unchanged instead of blocking.
    pub allow_opaque: bool,
    /// The most bytes a body may decompress to.
    pub max_bytes: usize,
    /// A JSON body is one event of this name, whatever its shape (a channel whose endpoint says
    /// what it carries: Mixpanel's `/record` is replay, PostHog's `/flags` a flags call).
    pub name: Option<&'n str>,
}

impl Default for BodyOptions<'_> {
    fn default() -> Self {
        BodyOptions {
            allow_opaque: false,
            max_bytes: 8 << 20,
            name: None,
        }
    }
}

/// The body to send (None: send nothing) and the receipt, whose `format` names what was read.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyOutcome {
    pub output: Option<Vec<u8>>,
    pub receipt: Receipt,
}

/// Redacts a request body under `policy` and `consent`.
pub fn redact_body(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    bytes: &[u8],
    options: BodyOptions<'_>,
) -> BodyOutcome {
    let mut engine = Engine::new(policy, consent, key);
    let (output, format) = body(bytes, options, &mut engine, true);
    let mut receipt = engine.finish();
    receipt.kept = output.is_some();
    receipt.format = Some(format);
    BodyOutcome { output, receipt }
}

type Parts = (Option<Vec<u8>>, String);

fn body(bytes: &[u8], options: BodyOptions<'_>, engine: &mut Engine<'_>, outer: bool) -> Parts {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (Some(bytes.to_vec()), "empty".into());
    }
    if gzip::is_gzip(bytes) && outer {
        return match gzip::decompress(bytes, options.max_bytes) {
            Ok(inner) => {
                let (out, format) = body(&inner, options, engine, false);
                (out.map(|o| gzip::compress(&o)), format!("gzip+{format}"))
            }
            Err(gzip::GzipError::TooLarge) => {
                refused(engine, Reason::Limit, "max_body_bytes", "gzip")
            }
            Err(e) => refused(engine, Reason::Unreadable, &e.to_string(), "gzip"),
        };
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let text = std::str::from_utf8(bytes).ok();
    match (first, text) {
        // An envelope may carry binary items (replay recordings): read as bytes, not text.
        (Some(b'{'), _) if envelope::looks_like_envelope(bytes) => {
            (envelope_body(bytes, options, engine), "envelope".into())
        }
        (Some(b'{' | b'['), Some(text)) => json_body(text, options.name, engine),
        (_, Some(text)) if form::looks_like_form(text.as_bytes()) => {
            form_body(text.as_bytes(), engine)
        }
        _ => opaque(
            bytes,
            options,
            engine,
            "unrecognized body (protobuf or unknown)",
        ),
    }
}

fn refused(engine: &mut Engine<'_>, reason: Reason, detail: &str, format: &str) -> Parts {
    engine.drop_whole(reason, detail);
    (None, format.into())
}

fn opaque(bytes: &[u8], options: BodyOptions<'_>, engine: &mut Engine<'_>, why: &str) -> Parts {
    if options.allow_opaque {
        (Some(bytes.to_vec()), "opaque".into())
    } else {
        refused(engine, Reason::Unreadable, why, "opaque")
    }
}

/// JSON: an OTLP export (any signal) or any other body (batch or event).
fn json_body(text: &str, name: Option<&str>, engine: &mut Engine<'_>) -> Parts {
    let Some(mut root) = engine.parse(text) else {
        return (None, "json".into());
    };
    let (kept, format) = if let Some(name) = name {
        (engine.event(&mut root, Some(name)), "json")
    } else if otlp::is_otlp(&root) {
        (otlp::redact(&mut root, engine), "otlp-json")
    } else {
        (engine.body(&mut root), "json")
    };
    if !kept {
        return (None, format.into());
    }
    let out = json::to_string_with_capacity(&root, text.len());
    if form::has_data_field(out.as_bytes()) {
        // A form parser would read a `data` field out of this JSON text, and what it would
        // decode there was never read as events here.
        return refused(
            engine,
            Reason::Unreadable,
            "ambiguous: JSON that reads as a data= form",
            format,
        );
    }
    (Some(out.into_bytes()), format.into())
}

fn form_body(text: &[u8], engine: &mut Engine<'_>) -> Parts {
    let Some(form) = form::parse(text) else {
        return refused(
            engine,
            Reason::Unreadable,
            "form: broken percent-encoding",
            "form",
        );
    };
    let mut fields = Vec::with_capacity(1);
    let mut encoding = None;
    for (name, value) in form.fields {
        if name != "data" || encoding.is_some() {
            // Only `data` is known to hold the events; other fields could hold anything.
            engine.set_path(&field_path("form", &name));
            engine.note("@codec", "drop", "unknown_field");
            continue;
        }
        let Some((json, enc)) = form::decode_data(&value) else {
            return refused(
                engine,
                Reason::Unreadable,
                "form: data is neither base64 nor JSON",
                "form",
            );
        };
        encoding = Some(enc);
        engine.set_path("data");
        match engine.body_text(&json) {
            Some(out) => fields.push((name, form::encode_data(&out, enc))),
            None => return (None, enc.name().into()),
        }
    }
    let format = encoding.map_or("form", |e| e.name()).to_owned();
    (Some(form::write(&fields)), format)
}

/// A Sentry replay recording item: a `{"segment_id":N}` line, then the rrweb events as JSON,
/// zlib-compressed unless the SDK was told not to. Decoded, redacted as one replay event (its
/// event rule decides whether replay may go at all), and encoded the same way. What cannot be
/// read is not sent.
fn recording(payload: &[u8], options: BodyOptions<'_>, engine: &mut Engine<'_>) -> Option<Vec<u8>> {
    let unreadable = |engine: &mut Engine<'_>, why: &str| {
        engine.receipt_mut().events += 1;
        engine.drop_whole(Reason::Unreadable, why);
        None
    };
    let split = payload.iter().position(|&b| b == b'\n');
    let (head, rest) = match split {
        Some(i) => (&payload[..i], &payload[i + 1..]),
        None => return unreadable(engine, "replay_recording: no header line"),
    };
    let Ok(head) = std::str::from_utf8(head) else {
        return unreadable(engine, "replay_recording: header is not text");
    };
    let compressed = rest.first() == Some(&0x78);
    let events = if compressed {
        gzip::inflate_zlib(rest, options.max_bytes).ok()
    } else {
        Some(rest.to_vec())
    };
    let Some(text) = events.and_then(|b| String::from_utf8(b).ok()) else {
        return unreadable(engine, "replay_recording: not zlib JSON");
    };
    let mut tree = engine.parse(&text)?;
    if !engine.event(&mut tree, Some("replay_recording")) {
        return None;
    }
    let mut head_tree = engine.parse(head)?;
    if !engine.part(&mut head_tree, None) {
        return None;
    }
    let events = json::to_string_with_capacity(&tree, text.len());
    let mut out = json::to_string(&head_tree).into_bytes();
    out.push(b'\n');
    if compressed {
        out.extend(gzip::deflate_zlib(events.as_bytes()));
    } else {
        out.extend(events.into_bytes());
    }
    Some(out)
}

fn envelope_body(
    bytes: &[u8],
    options: BodyOptions<'_>,
    engine: &mut Engine<'_>,
) -> Option<Vec<u8>> {
    let env = match envelope::parse(bytes) {
        Ok(env) => env,
        Err(why) => return opaque(bytes, options, engine, why).0,
    };
    engine.set_path("header");
    let mut header = engine.parse(env.header)?;
    if !engine.event(&mut header, Some("envelope")) {
        return None;
    }
    let mut out = json::to_string(&header).into_bytes();
    let mut kept_items = 0;
    for (i, item) in env.items.iter().enumerate() {
        let prefix = format!("items[{i}]");
        let json = std::str::from_utf8(item.payload)
            .ok()
            .filter(|t| t.trim_start().starts_with('{'));
        engine.set_path(&prefix);
        let payload = match json {
            _ if item.kind == "replay_recording" => recording(item.payload, options, engine),
            Some(text) => match engine.parse(text) {
                Some(mut tree) => engine
                    .event(&mut tree, Some(&item.kind))
                    .then(|| json::to_string_with_capacity(&tree, text.len()).into_bytes()),
                None => None,
            },
            None if options.allow_opaque => Some(item.payload.to_vec()),
            None => {
                engine.receipt_mut().events += 1;
                engine.drop_whole(
                    Reason::Unreadable,
                    &format!("{} item is not JSON", item.kind),
                );
                None
            }
        };
        let Some(payload) = payload else { continue };
        // The item header is checked like any part of a body; its length is rewritten.
        engine.set_path(&format!("{prefix}.header"));
        let mut head = engine.parse(item.header)?;
        if !engine.part(&mut head, None) {
            return None;
        }
        if item.has_length {
            envelope::set_length(&mut head, payload.len());
        }
        kept_items += 1;
        out.push(b'\n');
        out.extend_from_slice(json::to_string(&head).as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&payload);
    }
    if kept_items == 0 && !env.items.is_empty() {
        return None;
    }
    if env.trailing_newline {
        out.push(b'\n');
    }
    Some(out)
}

/// The receipt path of a form field or query parameter, its name printed as a selector key
/// (quoted when it holds `.`, `?` and the like), so that the receipt's scrubbing sees one segment.
pub(crate) fn field_path(prefix: &str, name: &str) -> String {
    let mut path = String::from(prefix);
    path.push('.');
    crate::select::format_key(name, &mut path);
    path
}
