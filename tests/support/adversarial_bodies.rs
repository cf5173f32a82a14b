//! Whole bodies whose cost could grow faster than their size: dense hits of several detectors
//! in one string (the hit sort), a crafted link in a kept URL parameter, one OTLP attribute list
//! with tens of thousands of keys, an export with tens of thousands of scopes, deep nesting,
//! objects with 100 000 keys, JSON text nested in strings. Read by the linearity test
//! (tests/linear_bodies.rs, untimed) and the benchmark (examples/adversarial.rs).
#![allow(dead_code)]

pub struct Body {
    pub name: &'static str,
    pub preset: &'static str,
    pub consent: &'static str,
    pub text: String,
}

const ANALYTICS: &str = r#"{"analytics":true}"#;

fn event(value: &str) -> String {
    format!(r#"{{"event":"x","properties":{{"$el_text":"{value}"}}}}"#)
}

/// Each body at about `n` bytes.
pub fn bodies(n: usize) -> Vec<Body> {
    let rep = |unit: &str| unit.repeat(n / unit.len());
    let mut otlp_attrs = String::new();
    for i in 0..n / 30 {
        if i > 0 {
            otlp_attrs.push(',');
        }
        otlp_attrs.push_str(&format!(r#"{{"key":"a{i}","value":{{}}}}"#));
    }
    let scope = r#"{"scopeSpans":[{"spans":[{"name":"x"}]}]}"#;
    let scopes = vec![scope; n / (scope.len() + 1)].join(",");
    let mut wide = String::from("{");
    for i in 0..n / 12 {
        wide.push_str(&format!(r#""k{i}":{i},"#));
    }
    wide.push_str(r#""event":"x"}"#);
    let nested_json = serde_json::to_string(&format!(
        r#"{{"a":"{}"}}"#,
        rep("jane@example.com ").replace('"', "")
    ))
    .unwrap();
    vec![
        Body {
            name: "ordinary text in one string",
            preset: "scan-all",
            consent: "{}",
            text: event(&rep("the quick brown fox jumps over the lazy dog ")),
        },
        Body {
            name: "email and IPv4 interleaved",
            preset: "scan-all",
            consent: "{}",
            text: event(&rep("a@b.co 10.1.2.3 ")),
        },
        Body {
            name: "email and IPv6 interleaved",
            preset: "scan-all",
            consent: "{}",
            text: event(&rep("a@b.co 1::2 ")),
        },
        Body {
            name: "email, IPv4 and MAC interleaved",
            preset: "scan-all",
            consent: "{}",
            text: event(&rep("a@b.co 10.1.2.3 00:1a:2b:3c:4d:5e ")),
        },
        Body {
            name: "a crafted utm_source in $current_url",
            preset: "posthog",
            consent: ANALYTICS,
            text: format!(
                r#"{{"batch":[{{"event":"$pageview","properties":{{"$current_url":"https://shop.example/?utm_source={}"}}}}]}}"#,
                rep("a@b.co%201.2.3.4%20")
            ),
        },
        Body {
            name: "one OTLP attribute list with many keys",
            preset: "otel",
            consent: ANALYTICS,
            text: format!(
                r#"{{"resourceSpans":[{{"scopeSpans":[{{"spans":[{{"name":"x","attributes":[{otlp_attrs}]}}]}}]}}]}}"#
            ),
        },
        Body {
            name: "an OTLP export with many scopes",
            preset: "otel",
            consent: ANALYTICS,
            text: format!(r#"{{"resourceSpans":[{scopes}]}}"#),
        },
        Body {
            name: "an object with many keys",
            preset: "posthog",
            consent: ANALYTICS,
            text: wide,
        },
        Body {
            name: "nesting 64 deep, repeated",
            preset: "scan-all",
            consent: "{}",
            text: format!(
                "[{}]",
                vec![format!("{}1{}", "[".repeat(63), "]".repeat(63)); n / 130].join(",")
            ),
        },
        Body {
            name: "JSON text with emails nested in a string",
            preset: "scan-all",
            consent: "{}",
            text: format!(r#"{{"event":"x","properties":{{"payload":{nested_json}}}}}"#),
        },
    ]
}
