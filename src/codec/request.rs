//! A whole telemetry request: its URL query, the headers the page set, and its body.
//!
//! Events hide in queries too (Mixpanel's GET mode sends `?data=<base64 JSON>`), and a page
//! can put anything in a query parameter or a header. So the query's `data` is decoded and
//! redacted like a body, the vendor's known parameters are scanned, every other parameter is
//! dropped, and a header with a detected value is not sent.

use super::{body, field_path, form, BodyOptions};
use crate::consent::ConsentState;
use crate::engine::Engine;
use crate::policy::CompiledPolicy;
use crate::receipt::{Reason, Receipt};

/// What the interceptor read off a request.
pub struct Request<'a> {
    /// The URL's path: scanned, and the request blocked if it holds personal data (a path
    /// cannot be rewritten without breaking where it goes).
    pub path: &'a str,
    /// The URL's query, without the `?` (may be empty).
    pub query: &'a str,
    /// Query parameter names (globs) whose values may be sent, after scanning.
    pub params: &'a [String],
    /// Headers the page set, as (name, value).
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// What may be sent: `body` is None when the request must not go out at all.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestOutcome {
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub receipt: Receipt,
}

pub fn redact_request(
    policy: &CompiledPolicy,
    consent: &ConsentState,
    key: Option<&[u8]>,
    request: &Request<'_>,
    options: BodyOptions<'_>,
) -> RequestOutcome {
    let mut engine = Engine::new(policy, consent, key);
    let mut out = RequestOutcome {
        query: String::new(),
        headers: Vec::new(),
        body: None,
        receipt: Receipt::default(),
    };
    engine.set_path("path");
    let decoded = crate::action::url::decode_component(request.path);
    if engine.scan_text(&decoded).is_some() {
        engine.drop_whole(Reason::Unreadable, "personal data in the URL path");
        out.receipt = finish(engine, false, "path");
        return out;
    }
    let query = query(request, &mut engine);
    let (query_text, query_events) = match query {
        Some(q) => q,
        None => {
            out.receipt = finish(engine, false, "query");
            return out;
        }
    };
    for (name, value) in request.headers {
        engine.set_path(&format!("headers.{}", name.to_ascii_lowercase()));
        match engine.scan_text(value) {
            None => out.headers.push((name.clone(), value.clone())),
            Some(_) => engine.note("@codec", "drop", "header_with_personal_data"),
        }
    }
    let has_body = !request.body.iter().all(u8::is_ascii_whitespace);
    let (body_out, format) = if has_body {
        engine.set_path("");
        body(request.body, options, &mut engine, true)
    } else {
        (Some(request.body.to_vec()), "empty".to_owned())
    };
    let send = match (query_events, &body_out) {
        // Events only in the query (a GET): sent only if some of them are.
        (QueryEvents::Dropped(_), _) if !has_body => false,
        (_, None) => false,
        _ => true,
    };
    out.query = query_text;
    if send {
        out.body = body_out;
    }
    let format = match query_events {
        QueryEvents::Kept(f) | QueryEvents::Dropped(f) if !has_body => format!("query+{f}"),
        _ => format,
    };
    out.receipt = finish(engine, send, &format);
    out
}

#[derive(Clone, Copy)]
enum QueryEvents {
    None,
    Kept(&'static str),
    /// Every event in the query's `data` was dropped (its encoding named for the receipt).
    Dropped(&'static str),
}

fn finish(engine: Engine<'_>, kept: bool, format: &str) -> Receipt {
    let mut receipt = engine.finish();
    receipt.kept = kept;
    receipt.format = Some(format.to_owned());
    receipt
}

/// The query to send and what became of events in it; None when it cannot be read.
fn query(request: &Request<'_>, engine: &mut Engine<'_>) -> Option<(String, QueryEvents)> {
    if request.query.is_empty() {
        return Some((String::new(), QueryEvents::None));
    }
    let Some(parsed) = form::parse(request.query.as_bytes()) else {
        engine.set_path("query");
        engine.drop_whole(Reason::Unreadable, "query: broken percent-encoding");
        return None;
    };
    let mut fields = Vec::new();
    let mut events = QueryEvents::None;
    for (name, value) in parsed.fields {
        engine.set_path(&field_path("query", &name));
        if name == "data" && matches!(events, QueryEvents::None) {
            let Some((json, enc)) = form::decode_data(&value) else {
                engine.drop_whole(Reason::Unreadable, "query: data is neither base64 nor JSON");
                return None;
            };
            match engine.body_text(&json) {
                Some(out) => {
                    events = QueryEvents::Kept(enc.name());
                    fields.push((name, form::encode_data(&out, enc)));
                }
                None => events = QueryEvents::Dropped(enc.name()),
            }
            continue;
        }
        let allowed = request
            .params
            .iter()
            .any(|p| crate::glob::matches(p, &name));
        if !allowed {
            engine.note("@codec", "drop", "unknown_param");
            continue;
        }
        let text = String::from_utf8_lossy(&value).into_owned();
        match engine.scan_text(&text) {
            None => fields.push((name, value)),
            Some(rewritten) if !rewritten.is_empty() => fields.push((name, rewritten.into_bytes())),
            Some(_) => {}
        }
    }
    Some((String::from_utf8(form::write(&fields)).ok()?, events))
}
