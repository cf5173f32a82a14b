//! The worst inputs we could construct for each detector, at any size: repeated prefixes and
//! anchors, long digit runs with separators, escape chains, long local parts. One table,
//! tests/support/adversarial.tsv (`detector`, `what`, then JSON strings `head`, `fill`,
//! `tail`: an input of n bytes is the head, the fill repeated, and the tail), read by the
//! linearity test (tests/linear_detectors.rs), the native benchmark (examples/adversarial.rs)
//! and the Wasm one (bench/adversarial.mjs).

pub struct Case {
    pub detector: String,
    pub name: String,
    head: String,
    fill: String,
    tail: String,
}

impl Case {
    /// The input, `n` bytes long (cut on a character boundary).
    pub fn build(&self, n: usize) -> String {
        let body = n.saturating_sub(self.head.len() + self.tail.len());
        format!("{}{}{}", self.head, repeat(&self.fill, body), self.tail)
    }
}

pub fn cases() -> Vec<Case> {
    include_str!("adversarial.tsv")
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let s = |i: usize| serde_json::from_str::<String>(f[i]).expect("JSON string");
            Case {
                detector: f[0].to_owned(),
                name: f[1].to_owned(),
                head: s(2),
                fill: s(3),
                tail: s(4),
            }
        })
        .collect()
}

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
