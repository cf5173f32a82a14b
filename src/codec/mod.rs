//! Request bodies as telemetry SDKs send them, recognized by their bytes (never by headers):
//! JSON, gzip, `data=` forms, Sentry envelopes. OTLP/JSON is JSON. Each event inside is redacted
//! by the caller's function and the body is written back in the format it came in. Anything
//! else (OTLP/protobuf, binary attachments, unknown text) is opaque: blocked unless allowed.

pub mod base64;
pub mod envelope;
pub mod form;
pub mod gzip;
pub mod otlp;

use crate::engine::Outcome;
use crate::receipt::{Reason, Receipt};

/// Redacts one JSON text; the second argument names the event when the body does (envelopes).
pub type RedactFn<'f> = dyn FnMut(&str, Option<&str>) -> Outcome + 'f;

#[derive(Debug, Clone, Copy)]
pub struct BodyOptions {
    /// Let bodies (and envelope items) that cannot be read pass unchanged instead of blocking.
    pub allow_opaque: bool,
    /// The most bytes a body may decompress to.
    pub max_bytes: usize,
}

impl Default for BodyOptions {
    fn default() -> Self {
        BodyOptions {
            allow_opaque: false,
            max_bytes: 8 << 20,
        }
    }
}

/// The body to send (None: send nothing) and the receipt, whose `format` names what was read.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyOutcome {
    pub output: Option<Vec<u8>>,
    pub receipt: Receipt,
}

pub fn redact_body(bytes: &[u8], options: BodyOptions, redact: &mut RedactFn<'_>) -> BodyOutcome {
    let (output, mut receipt, format) = body(bytes, options, redact, true);
    receipt.kept = output.is_some();
    receipt.format = Some(format);
    BodyOutcome { output, receipt }
}

type Parts = (Option<Vec<u8>>, Receipt, String);

fn body(bytes: &[u8], options: BodyOptions, redact: &mut RedactFn<'_>, outer: bool) -> Parts {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let kept = Receipt {
            kept: true,
            ..Receipt::default()
        };
        return (Some(bytes.to_vec()), kept, "empty".into());
    }
    if gzip::is_gzip(bytes) && outer {
        return match gzip::decompress(bytes, options.max_bytes) {
            Ok(inner) => {
                let (out, receipt, format) = body(&inner, options, redact, false);
                (
                    out.map(|o| gzip::compress(&o)),
                    receipt,
                    format!("gzip+{format}"),
                )
            }
            Err(gzip::GzipError::TooLarge) => refused(Reason::Limit, "max_body_bytes", "gzip"),
            Err(e) => refused(Reason::Unreadable, &e.to_string(), "gzip"),
        };
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let text = std::str::from_utf8(bytes).ok();
    match (first, text) {
        (Some(b'{'), Some(text)) if envelope::looks_like_envelope(bytes) => {
            let (out, receipt) = envelope_body(text.as_bytes(), options, redact);
            (out, receipt, "envelope".into())
        }
        (Some(b'{'), Some(text)) if text.contains("\"resourceSpans\"") => otlp_body(text, redact),
        (Some(b'{' | b'['), Some(text)) => {
            let Outcome { output, receipt } = redact(text, None);
            (output.map(String::into_bytes), receipt, "json".into())
        }
        (_, Some(text)) if form::looks_like_form(text.as_bytes()) => {
            form_body(text.as_bytes(), redact)
        }
        _ => opaque(bytes, options, "unrecognized body (protobuf or unknown)"),
    }
}

fn refused(reason: Reason, detail: &str, format: &str) -> Parts {
    (
        None,
        Receipt::dropped_whole(reason, Some(detail.into())),
        format.into(),
    )
}

fn opaque(bytes: &[u8], options: BodyOptions, why: &str) -> Parts {
    if options.allow_opaque {
        let kept = Receipt {
            kept: true,
            ..Receipt::default()
        };
        (Some(bytes.to_vec()), kept, "opaque".into())
    } else {
        refused(Reason::Unreadable, why, "opaque")
    }
}

fn otlp_body(text: &str, redact: &mut RedactFn<'_>) -> Parts {
    let mut root = match crate::json::parse(text, 64) {
        Ok(root) if otlp::is_otlp(&root) => root,
        // Mentions resourceSpans but is not an export: redact it as plain JSON.
        _ => {
            let Outcome { output, receipt } = redact(text, None);
            return (output.map(String::into_bytes), receipt, "json".into());
        }
    };
    let (any, receipt) = otlp::redact(&mut root, redact);
    let out = any.then(|| crate::json::to_string_with_capacity(&root, text.len()).into_bytes());
    (out, receipt, "otlp-json".into())
}

fn form_body(text: &[u8], redact: &mut RedactFn<'_>) -> Parts {
    let Some(form) = form::parse(text) else {
        return refused(Reason::Unreadable, "form: broken percent-encoding", "form");
    };
    let mut receipt = Receipt::default();
    let mut fields = Vec::with_capacity(1);
    let mut encoding = None;
    for (name, value) in form.fields {
        if name != "data" || encoding.is_some() {
            // Only `data` is known to hold the events; other fields could hold anything.
            receipt.drop_field(&format!("form.{name}"));
            continue;
        }
        let Some((json, enc)) = form::decode_data(&value) else {
            return refused(
                Reason::Unreadable,
                "form: data is neither base64 nor JSON",
                "form",
            );
        };
        encoding = Some(enc);
        let outcome = redact(&json, None);
        receipt.absorb(outcome.receipt, "data");
        match outcome.output {
            Some(out) => fields.push((name, form::encode_data(&out, enc))),
            None => return (None, receipt, enc.name().into()),
        }
    }
    let format = encoding.map_or("form", |e| e.name()).to_owned();
    (Some(form::write(&fields)), receipt, format)
}

fn envelope_body(
    bytes: &[u8],
    options: BodyOptions,
    redact: &mut RedactFn<'_>,
) -> (Option<Vec<u8>>, Receipt) {
    let env = match envelope::parse(bytes) {
        Ok(env) => env,
        Err(why) => {
            let (out, receipt, _) = opaque(bytes, options, why);
            return (out, receipt);
        }
    };
    let mut receipt = Receipt::default();
    let header = redact(env.header, Some("envelope"));
    receipt.absorb(header.receipt, "header");
    let Some(header) = header.output else {
        return (None, receipt);
    };
    let mut out = header.into_bytes();
    let mut kept_items = 0;
    for (i, item) in env.items.iter().enumerate() {
        let prefix = format!("items[{i}]");
        let json = std::str::from_utf8(item.payload)
            .ok()
            .filter(|t| t.trim_start().starts_with('{'));
        let payload = match json {
            Some(text) => {
                let outcome = redact(text, Some(&item.kind));
                receipt.absorb(outcome.receipt, &prefix);
                outcome.output.map(String::into_bytes)
            }
            None if options.allow_opaque => Some(item.payload.to_vec()),
            None => {
                let mut blocked = Receipt::dropped_whole(
                    Reason::Unreadable,
                    Some(format!("{} item is not JSON", item.kind)),
                );
                blocked.events = 1;
                receipt.absorb(blocked, &prefix);
                None
            }
        };
        let Some(payload) = payload else { continue };
        kept_items += 1;
        out.push(b'\n');
        if item.has_length {
            out.extend_from_slice(envelope::with_length(item.header, payload.len()).as_bytes());
        } else {
            out.extend_from_slice(item.header.as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&payload);
    }
    if kept_items == 0 && !env.items.is_empty() {
        return (None, receipt);
    }
    if env.trailing_newline {
        out.push(b'\n');
    }
    (Some(out), receipt)
}
