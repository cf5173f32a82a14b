//! Red team 16: the `**.key` table after 05a62ec (a key folded once into a 64-byte stack
//! buffer, longer keys into a Vec, the (hash, folded key) table searched with partition_point)
//! against the lookup it replaced (d23725b, copied below as `Old`): on the selector set itself
//! and end to end through a guard whose rules use `**.<key>` selectors.

use consent_guard::select::{Segment, Selector, SelectorSet, Step};
use consent_guard::Guard;
use serde_json::{json, Map, Value};

/// The `**.key` lookup before 05a62ec, verbatim but for the struct around it.
struct Old {
    anywhere: Vec<(u64, Vec<u8>, u32)>,
    anywhere_lens: u64,
}

fn fold_key(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes()
        .filter(|b| !matches!(b, b'_' | b'-' | b'.' | b' '))
        .map(|b| b.to_ascii_lowercase())
}

fn fold_hash(folded: &[u8]) -> u64 {
    fold_hash_iter(folded.iter().copied())
}

fn fold_hash_iter(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Old {
    fn new(selectors: &[Selector]) -> Self {
        let mut anywhere: Vec<(u64, Vec<u8>, u32)> = selectors
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.segments() {
                [Segment::AnyDeep, Segment::Key(k)] => {
                    let folded: Vec<u8> = fold_key(k).collect();
                    Some((fold_hash(&folded), folded, i as u32))
                }
                _ => None,
            })
            .collect();
        anywhere.sort();
        let anywhere_lens = anywhere
            .iter()
            .fold(0u64, |m, (_, k, _)| m | 1 << k.len().min(63));
        Old {
            anywhere,
            anywhere_lens,
        }
    }

    fn anywhere_at<'s>(&'s self, step: Step<'s>) -> impl Iterator<Item = u32> + 's {
        let key = match step {
            Step::Key(k) if !self.anywhere.is_empty() => k,
            _ => "",
        };
        let len = if key.is_empty() {
            0
        } else {
            fold_key(key).count()
        };
        let found = if len > 0 && self.anywhere_lens & (1 << len.min(63)) != 0 {
            let h = fold_hash_iter(fold_key(key));
            let from = self.anywhere.partition_point(|e| e.0 < h);
            from..from + self.anywhere[from..].partition_point(|e| e.0 == h)
        } else {
            0..0
        };
        self.anywhere[found]
            .iter()
            .filter(move |e| fold_key(key).eq(e.1.iter().copied()))
            .map(|e| e.2)
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEPARATORS: [&str; 4] = ["_", "-", ".", " "];

/// `base` spelled another way: each ASCII letter's case flipped at random, separators
/// sprinkled between characters. Folds to the same bytes as `base` does.
fn respell(rng: &mut Rng, base: &str, max_extra: usize) -> String {
    let mut out = String::new();
    let mut extra = 0;
    for c in base.chars() {
        if extra < max_extra && rng.below(4) == 0 {
            out.push_str(SEPARATORS[rng.below(4)]);
            extra += 1;
        }
        if c.is_ascii_alphabetic() && rng.below(2) == 0 {
            out.push(if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
        } else {
            out.push(c);
        }
    }
    out
}

/// A key of exactly `n` bytes made of `letters` (ASCII), padded with separators to `raw` bytes.
fn sized(rng: &mut Rng, folded_len: usize, raw_len: usize) -> String {
    assert!(raw_len >= folded_len);
    let letters: Vec<u8> = (0..folded_len)
        .map(|_| b'a' + rng.below(26) as u8)
        .collect();
    let mut out: Vec<u8> = letters.clone();
    for _ in folded_len..raw_len {
        let at = rng.below(out.len() + 1);
        out.insert(at, SEPARATORS[rng.below(4)].as_bytes()[0]);
    }
    String::from_utf8(out).unwrap()
}

fn selector_for(key: &str) -> Selector {
    let text = format!("**.{}", Segment::Key(key.to_owned()));
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The keys a selector set is made of, and the keys an event may carry.
fn corpus() -> (Vec<String>, Vec<String>) {
    let mut rng = Rng(0xa77a_c016);
    let mut rules: Vec<String> = [
        "email",
        "first_name",
        "firstName",
        "FIRST-NAME",
        "First Name",
        "x",
        "X",
        "é",
        "É",
        "straße",
        "STRASSE",
        "ключ",
        "КЛЮЧ",
        "電話",
        "a\u{0}b",
        "\u{1F600}",
        "zip",
        "ZIP",
        "postal.code",
        "_",
        "__",
        "-_. ",
        "a",
        "ab",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Boundaries of the stack buffer and of the length bitmap, folded and raw.
    for folded_len in [
        1usize, 2, 31, 32, 62, 63, 64, 65, 66, 100, 127, 128, 129, 300,
    ] {
        for raw_extra in [0usize, 1, 2, 5, 70] {
            rules.push(sized(&mut rng, folded_len, folded_len + raw_extra));
        }
    }
    // Non-ASCII keys at the boundary: multibyte characters straddling byte 64.
    for pad in 60..=66 {
        rules.push(format!("{}é", "k".repeat(pad)));
        rules.push(format!("{}\u{1F600}", "k".repeat(pad)));
        rules.push(format!("{}É", "K".repeat(pad)));
    }
    // Many selectors with one folded key (one hash): all must be returned.
    for _ in 0..20 {
        let r = respell(&mut rng, "sharedkey", 6);
        rules.push(r);
    }
    // Random keys.
    for _ in 0..300 {
        let len = 1 + rng.below(80);
        let alphabet = [
            "a",
            "B",
            "c",
            "_",
            "-",
            ".",
            " ",
            "é",
            "Z",
            "9",
            "\u{1F600}",
            "$",
            "Ω",
        ];
        let k: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        rules.push(k);
    }
    rules.retain(|k| !k.is_empty());

    let mut keys: Vec<String> = vec![
        String::new(),
        "_".into(),
        "__".into(),
        "-_. ".into(),
        " ".repeat(64),
        "_".repeat(65),
        ".".repeat(200),
        "e".into(),
        "E-Mail".into(),
        "e_mail".into(),
        "EMAIL".into(),
        "e.m.a.i.l".into(),
        "É".into(),
        "é".into(),
        "STRAßE".into(),
        "страсе".into(),
    ];
    for r in &rules {
        keys.push(r.clone());
        keys.push(r.to_ascii_uppercase());
        keys.push(r.to_uppercase()); // Unicode upper case: must NOT fold onto the rule
        keys.push(respell(&mut rng, r, 3));
        // Around the 64-byte raw boundary: the same folded key padded to 63..=66 raw bytes.
        let folded = String::from_utf8(fold_key(r).collect()).unwrap();
        for raw in 62..=67 {
            if raw >= folded.len() {
                let mut k = folded.clone();
                while k.len() < raw {
                    let at = rng.below(k.len() + 1);
                    if k.is_char_boundary(at) {
                        k.insert(at, '_');
                    }
                }
                keys.push(k);
            }
        }
        // A prefix and an extension: never the same key.
        if folded.len() > 1 {
            let mut cut = folded.len() - 1;
            while !folded.is_char_boundary(cut) {
                cut -= 1;
            }
            keys.push(folded[..cut].to_string());
        }
        keys.push(format!("{folded}s"));
    }
    for folded_len in [63usize, 64, 65] {
        for raw_extra in [0usize, 1, 2] {
            keys.push(sized(&mut rng, folded_len, folded_len + raw_extra));
        }
    }
    (rules, keys)
}

fn new_matches(set: &SelectorSet, key: &str) -> (Vec<usize>, Vec<usize>) {
    let mut leaf = Vec::new();
    set.leaf_matches(&Vec::new(), Step::Key(key), |s| leaf.push(s));
    let mut out = Vec::new();
    set.step(&set.start(), Step::Key(key), &mut out);
    let stepped = set.matched(&out).collect();
    (leaf, stepped)
}

#[test]
fn folded_key_table_matches_the_old_lookup() {
    let (rules, keys) = corpus();
    let selectors: Vec<Selector> = rules.iter().map(|k| selector_for(k)).collect();
    let old = Old::new(&selectors);
    let set = SelectorSet::new(selectors.clone());
    let mut hits = 0;
    for key in &keys {
        let want: Vec<usize> = old
            .anywhere_at(Step::Key(key))
            .map(|s| s as usize)
            .collect();
        let (leaf, stepped) = new_matches(&set, key);
        assert_eq!(
            leaf,
            want,
            "leaf_matches for key {key:?} ({} bytes)",
            key.len()
        );
        assert_eq!(stepped, want, "step for key {key:?} ({} bytes)", key.len());
        // And the meaning, independent of either implementation.
        let f: Vec<u8> = fold_key(key).collect();
        let mut meaning: Vec<usize> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !f.is_empty() && fold_key(r).eq(f.iter().copied()))
            .map(|(i, _)| i)
            .collect();
        let mut sorted = leaf.clone();
        sorted.sort();
        meaning.sort();
        assert_eq!(sorted, meaning, "meaning for key {key:?}");
        hits += leaf.len();
    }
    assert!(hits > 1000, "the corpus exercises matches ({hits})");
    // Index steps and an empty set never match.
    let (leaf, _) = new_matches(&SelectorSet::new(Vec::new()), "email");
    assert!(leaf.is_empty());
    let mut leaf = Vec::new();
    set.leaf_matches(&Vec::new(), Step::Index(0), |s| leaf.push(s));
    assert!(leaf.is_empty());
}

#[test]
fn folded_key_table_matches_the_old_lookup_on_small_random_sets() {
    // Small sets, so that the length bitmap rejects differently from set to set.
    let mut rng = Rng(0x005e_1ec7);
    let (rules, keys) = corpus();
    for round in 0..400 {
        let n = 1 + rng.below(6);
        let chosen: Vec<String> = (0..n)
            .map(|_| rules[rng.below(rules.len())].clone())
            .collect();
        let selectors: Vec<Selector> = chosen.iter().map(|k| selector_for(k)).collect();
        let old = Old::new(&selectors);
        let set = SelectorSet::new(selectors);
        for _ in 0..200 {
            let key = if rng.below(2) == 0 {
                {
                    let pick = rng.below(n);
                    respell(&mut rng, &chosen[pick], 4)
                }
            } else {
                keys[rng.below(keys.len())].clone()
            };
            let want: Vec<usize> = old
                .anywhere_at(Step::Key(&key))
                .map(|s| s as usize)
                .collect();
            let (leaf, stepped) = new_matches(&set, &key);
            assert_eq!(leaf, want, "round {round}: {chosen:?} key {key:?}");
            assert_eq!(stepped, want, "round {round}: {chosen:?} key {key:?}");
        }
    }
}

/// A leaf value no detector reads as personal data.
const VALUE: &str = "plainvalue";

#[test]
fn guard_drops_every_spelling_of_a_deep_key_and_nothing_else() {
    // End to end: one policy whose rules drop `**.<key>` without marketing consent; events carry
    // the corpus keys at the root, nested, and in arrays. A key is dropped exactly when the old
    // lookup matched it.
    let (rules, keys) = corpus();
    // Rules that are not JSON-expressible in a policy selector list are kept: the policy text is
    // built with serde_json, which escapes everything.
    let selectors: Vec<String> = rules
        .iter()
        .map(|k| format!("**.{}", Segment::Key(k.clone())))
        .collect();
    let old = Old::new(
        &selectors
            .iter()
            .map(|s| s.parse().unwrap())
            .collect::<Vec<_>>(),
    );
    let policy = json!({
        "version": 1,
        "rules": [{ "id": "deep-keys", "select": selectors, "purposes": ["marketing"] }],
    });
    let mut guard = Guard::new(&policy.to_string(), None).unwrap();
    guard
        .set_consent_json(r#"{"marketing":false,"analytics":true}"#)
        .unwrap();
    let mut dropped = 0;
    for chunk in keys.chunks(40) {
        let mut props = Map::new();
        for key in chunk {
            if !key.is_empty() {
                props.insert(key.clone(), json!(VALUE));
            }
        }
        let ev = json!({
            "event": "x",
            "properties": Value::Object(props.clone()),
            "list": [ { "inner": Value::Object(props.clone()) } ],
        });
        let out = guard.redact(&ev.to_string()).output.expect("event kept");
        let v: Value = serde_json::from_str(&out).unwrap();
        for key in chunk.iter().filter(|k| !k.is_empty()) {
            let should_drop = old.anywhere_at(Step::Key(key)).next().is_some();
            let kept_props = v["properties"].get(key.as_str()).is_some();
            let kept_inner = v["list"][0]["inner"].get(key.as_str()).is_some();
            assert_eq!(kept_props, !should_drop, "properties.{key:?}: {out}");
            assert_eq!(kept_inner, !should_drop, "list[0].inner.{key:?}: {out}");
            dropped += should_drop as usize;
        }
    }
    assert!(
        dropped > 1000,
        "the events exercise the rule ({dropped} keys dropped)"
    );
}
