//! The worst inputs we could construct for each detector, at any size: repeated prefixes and
//! anchors, long digit runs with separators, escape chains, long local parts. Shared by the
//! linearity test (tests/linear_detectors.rs) and the benchmark (examples/adversarial.rs).

/// `unit` repeated to at least `n` bytes, cut back to `n` on a character boundary.
pub fn repeat(unit: &str, n: usize) -> String {
    let mut s = unit.repeat(n / unit.len() + 1);
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// `head`, then `fill` repeated, then `tail`: `n` bytes in all.
fn around(head: &str, fill: &str, tail: &str, n: usize) -> String {
    format!(
        "{head}{}{tail}",
        repeat(fill, n.saturating_sub(head.len() + tail.len()))
    )
}

/// `(detector the input targets, what it is, its builder)`.
pub type Case = (&'static str, &'static str, fn(usize) -> String);

pub const CASES: &[Case] = &[
    ("email", "@@@@", |n| repeat("@", n)),
    ("email", "a@a@a@", |n| repeat("a@", n)),
    ("email", "a.b@c.d@e.f", |n| repeat("a.b@c.d", n)),
    ("email", "one long local part", |n| {
        around("", "a.b", "@example.com", n)
    }),
    ("email", "one long domain", |n| {
        around("jane@", "a.b", ".com", n)
    }),
    ("email", "quoted locals \"a\"@\"a\"@", |n| {
        repeat("\"a b\"@", n)
    }),
    ("email", "long local, many @", |n| {
        repeat(&("x.".repeat(60) + "@"), n)
    }),
    ("view", "%%%%", |n| repeat("%", n)),
    ("view", "%25%25 chain", |n| around("%", "25", "40", n)),
    ("view", "%40 decoded everywhere", |n| repeat("%40", n)),
    ("view", "%E2%80 broken UTF-8", |n| repeat("%E2%80", n)),
    ("view", "&#&#&#", |n| repeat("&#", n)),
    ("view", "&amp;amp; nesting", |n| {
        around("&", "amp;", "#64;", n)
    }),
    ("view", "&amp;&amp; siblings", |n| repeat("&amp;", n)),
    ("view", "&#1234567&#", |n| repeat("&#1234567", n)),
    ("view", "&commatx (unterminated names)", |n| {
        repeat("&commatx", n)
    }),
    ("view", "\\\\\\\\ backslash run", |n| {
        around("", "\\", "u0040", n)
    }),
    ("view", "\\u0040 everywhere", |n| repeat("\\u0040", n)),
    ("view", "fullwidth digits", |n| repeat("１", n)),
    ("view", "zero-width between bytes", |n| {
        repeat("1\u{200b}", n)
    }),
    ("view", "%２B fullwidth in escapes", |n| {
        repeat("%２B１", n)
    }),
    ("number", "1 1 1 1", |n| repeat("1 ", n)),
    ("number", "1-1-1-1", |n| repeat("1-", n)),
    ("number", "1.1.1.1", |n| repeat("1.", n)),
    ("number", "one digit run", |n| repeat("7", n)),
    ("card", "4111 4111 4111", |n| repeat("4111 ", n)),
    ("card", "valid cards back to back", |n| {
        repeat("4111 1111 1111 1111 ", n)
    }),
    ("card", "4111+4111 (query)", |n| repeat("4111+", n)),
    ("phone", "+1 +1 +1", |n| repeat("+1 ", n)),
    ("phone", "(1)(1)(1)", |n| repeat("(1)", n)),
    ("phone", "00 00 00", |n| repeat("00 ", n)),
    ("phone", "01 01 01 (trunk)", |n| repeat("01 ", n)),
    ("phone", "valid numbers back to back", |n| {
        repeat("+44 20 7946 0958 ", n)
    }),
    ("phone", "tel:tel:", |n| repeat("tel:1", n)),
    ("ssn", "123-45-6789 back to back", |n| {
        repeat("123-45-6789 ", n)
    }),
    ("ssn", "ssn 123456789", |n| repeat("ssn 123456789 ", n)),
    ("ipv4", "1.2.3.4 back to back", |n| {
        repeat("203.0.113.7 ", n)
    }),
    ("ipv4", "//1234567890/", |n| repeat("//3405803783/", n)),
    ("iban", "DE89 DE89 DE89", |n| repeat("DE89 ", n)),
    ("iban", "valid IBANs back to back", |n| {
        repeat("DE89 3704 0044 0532 0130 00 ", n)
    }),
    ("iban", "QA58 then alphanumerics", |n| {
        around("QA58 ", "AB12 ", "", n)
    }),
    ("secrets", "AKIAAKIAAKIA", |n| repeat("AKIA", n)),
    ("secrets", "AKIA ids and 40-char tokens", |n| {
        repeat(
            "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ",
            n,
        )
    }),
    ("secrets", "xoxb-xoxb-", |n| repeat("xoxb-", n)),
    ("secrets", "sk_live_sk_live_", |n| repeat("sk_live_", n)),
    ("secrets", "ghp_ ghp_", |n| repeat("ghp_ ", n)),
    ("secrets", "github_pat_ runs", |n| repeat("github_pat_", n)),
    ("secrets", "bearer=bearer=", |n| repeat("bearer=", n)),
    ("secrets", "Bearer Bearer", |n| repeat("Bearer ", n)),
    ("secrets", "Basic + base64", |n| {
        repeat("Basic YWJjOmRlZg== ", n)
    }),
    ("secrets", "-----BEGIN -----BEGIN", |n| {
        repeat("-----BEGIN ", n)
    }),
    ("secrets", "BEGIN PRIVATE KEY, no END", |n| {
        repeat("-----BEGIN PRIVATE KEY-----", n)
    }),
    ("jwt", "ey.ey.ey", |n| repeat("ey.", n)),
    ("jwt", "eyJ-eyJ-", |n| repeat("eyJ-", n)),
    ("jwt", "one huge header", |n| {
        around("eyJ", "hbGci", ".e30.x", n)
    }),
    ("jwt", "valid tokens back to back", |n| {
        repeat(
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c ",
            n,
        )
    }),
    ("url", "://://://", |n| repeat("://", n)),
    ("url", "a://b:c@ back to back", |n| repeat("a://b:c@d ", n)),
    ("hex", "a:a:a:a", |n| repeat("a:", n)),
    ("hex", "::::", |n| repeat(":", n)),
    ("hex", "00-00-00", |n| repeat("0a-", n)),
    ("hex", "MACs back to back", |n| {
        repeat("00:1A:2B:3C:4D:5E ", n)
    }),
];
